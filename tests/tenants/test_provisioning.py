import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django_tenants.utils import schema_exists

from tenants.models import Domain, Residence
from tenants.services import ProvisioningError, residence_create, unapplied_tenant_migrations
from tests.conftest import client_on, schema_tables

FIELDS = dict(
    name="Le Parc Fleuri", address="3 rue des Lilas", postcode="75019", city="Paris", department="75", dwellings=80,
)


def test_new_residence_is_fully_migrated_and_reachable(residence_a, head_office):
    result = residence_create(slug="parc-fleuri", landlord=residence_a.landlord, **FIELDS)

    assert result.domain == "parc-fleuri.localhost"
    assert schema_exists("r_parc_fleuri")
    assert unapplied_tenant_migrations("r_parc_fleuri") == []
    assert {"people_resident", "activities_activity", "activities_attendance"} <= schema_tables("r_parc_fleuri")
    response = client_on(result.residence, head_office).get("/")
    assert response.status_code == 200
    assert "Le Parc Fleuri" in response.content.decode()


@override_settings(RESIDENCE_PROVISIONING="clone", TENANT_BASE_SCHEMA="residence_template",
                   TENANT_CREATION_FAKES_MIGRATIONS=True)
def test_cloned_residence_has_every_migration(residence_a):
    result = residence_create(slug="parc-clone", landlord=residence_a.landlord, **FIELDS)

    assert result.method == "clone"
    assert unapplied_tenant_migrations("r_parc_clone") == []
    assert schema_tables("r_parc_clone") == schema_tables("residence_template")


@override_settings(RESIDENCE_PROVISIONING="clone", TENANT_BASE_SCHEMA="missing_template",
                   TENANT_CREATION_FAKES_MIGRATIONS=True, RESIDENCE_TEMPLATE_SCHEMA="missing_template")
def test_clone_without_template_is_refused_not_silently_migrated(residence_a):
    with pytest.raises(ProvisioningError, match="schéma modèle"):
        residence_create(slug="sans-modele", landlord=residence_a.landlord, **FIELDS)
    assert not schema_exists("r_sans_modele")
    assert not Residence.objects.filter(slug="sans-modele").exists()


def test_duplicate_slug_is_refused_with_a_clear_message(residence_a):
    residences_before = Residence.objects.count()
    with pytest.raises(ProvisioningError) as excinfo:
        residence_create(slug=residence_a.slug, landlord=residence_a.landlord, **FIELDS)
    assert excinfo.value.message_dict == {
        "slug": [f"Une résidence utilise déjà l'identifiant « {residence_a.slug} »."]
    }
    assert Residence.objects.count() == residences_before


def test_half_created_residence_leaves_nothing_behind(residence_a):
    # The domain is taken by someone else: the failure comes after the schema was created.
    Domain.objects.create(domain="deja-pris.localhost", tenant=residence_a, is_primary=False)
    with pytest.raises(ValidationError):
        residence_create(slug="deja-pris", landlord=residence_a.landlord, **FIELDS)
    assert not schema_exists("r_deja_pris")
    assert not Residence.objects.filter(slug="deja-pris").exists()


def test_invalid_fields_name_the_field(residence_a):
    with pytest.raises(ValidationError) as excinfo:
        residence_create(slug="mauvais-cp", landlord=residence_a.landlord, **{**FIELDS, "postcode": "7501"})
    assert "postcode" in excinfo.value.message_dict
    assert not schema_exists("r_mauvais_cp")


def test_management_command_creates_a_residence(residence_a, capsys):
    call_command(
        "residence_create", "--name", "Les Acacias", "--slug", "acacias", "--landlord", residence_a.landlord.short_name,
        "--address", "5 rue Haute", "--postcode", "13001", "--city", "Marseille", "--department", "13",
        "--dwellings", "42",
    )
    assert "acacias.localhost" in capsys.readouterr().out
    assert unapplied_tenant_migrations("r_acacias") == []


def test_api_creates_residence_for_head_office_only(residence_a, head_office, viewer_l1):
    payload = {"slug": "api-residence", "landlord": residence_a.landlord.short_name, **FIELDS}

    refused = client_on(None, viewer_l1).post("/api/residences/", payload, content_type="application/json")
    assert refused.status_code == 403
    assert not schema_exists("r_api_residence")

    created = client_on(None, head_office).post("/api/residences/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["domain"] == "api-residence.localhost"

    duplicate = client_on(None, head_office).post("/api/residences/", payload, content_type="application/json")
    assert duplicate.status_code == 400
    assert "api-residence" in duplicate.json()["slug"][0]


@override_settings(RESIDENCE_PROVISIONING="clone", TENANT_BASE_SCHEMA="residence_template",
                   TENANT_CREATION_FAKES_MIGRATIONS=True)
def test_clone_from_a_stale_template_is_refused(residence_a):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM residence_template.django_migrations WHERE app = 'activities' AND name = "
            "(SELECT max(name) FROM residence_template.django_migrations WHERE app = 'activities')"
        )
    with pytest.raises(ProvisioningError, match="pas à jour"):
        residence_create(slug="modele-perime", landlord=residence_a.landlord, **FIELDS)
    assert not schema_exists("r_modele_perime")


def test_slug_must_be_a_valid_subdomain(residence_a):
    with pytest.raises(ValidationError) as excinfo:
        residence_create(slug="Les_Tilleuls", landlord=residence_a.landlord, **FIELDS)
    assert "slug" in excinfo.value.message_dict


def test_head_office_creates_a_residence_in_the_admin(residence_a, head_office, viewer_l1):
    assert client_on(None, viewer_l1).get("/admin/tenants/residence/add/").status_code == 302  # to login

    client = client_on(None, head_office)
    assert client.get("/admin/tenants/residence/add/").status_code == 200
    response = client.post("/admin/tenants/residence/add/", {
        "name": "Les Glycines", "slug": "glycines", "landlord": residence_a.landlord.pk, "address": "9 rue Neuve",
        "postcode": "69003", "city": "Lyon", "department": "69", "dwellings": "70",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert unapplied_tenant_migrations("r_glycines") == []
    assert Domain.objects.filter(domain="glycines.localhost", tenant__slug="glycines").exists()

    duplicate = client.post("/admin/tenants/residence/add/", {
        "name": "Autres Glycines", "slug": "glycines", "landlord": residence_a.landlord.pk, "address": "1 rue",
        "postcode": "69003", "city": "Lyon", "department": "69", "dwellings": "10",
    })
    assert duplicate.status_code == 200
    assert "glycines" in duplicate.content.decode()
    assert Residence.objects.filter(slug="glycines").count() == 1
