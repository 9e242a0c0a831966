"""Provisioning by script: the second residence gets the SQL recorded while Django migrated the
first, and must come out exactly as Django's migrate makes it; a stale or broken script is never
used in place of the migrations."""
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django_tenants.utils import schema_exists

from core.people.factories import ResidentFactory
from core.people.models import Resident
from tenants.models import Domain, Residence, SchemaScript
from tenants.schema_script import migrations_fingerprint
from tenants.services import residence_create, unapplied_tenant_migrations
from tests.conftest import client_on, schema_tables
from tests.tenants.test_batched_migrations import migration_rows, structure

FIELDS = dict(address="3 rue des Lilas", postcode="75019", city="Paris", department="75", dwellings=80)


def _create(slug, residence_a):
    return residence_create(name=f"Résidence {slug}", slug=slug, landlord=residence_a.landlord, **FIELDS)


@pytest.fixture
def no_script(db):
    SchemaScript.objects.all().delete()


def test_second_residence_replays_the_script_and_matches_django_migrate(no_script, residence_a, head_office,
                                                                        in_schema):
    first = _create("premiere", residence_a)
    assert first.method == "migrate"
    script = SchemaScript.objects.get()
    assert script.fingerprint == migrations_fingerprint()
    assert script.recorded_from == "r_premiere"
    assert len(script.statements) > 50
    assert not any("r_premiere" in sql for sql in script.statements)

    second = _create("seconde", residence_a)
    assert second.method == "script"
    assert structure("r_seconde") == structure("r_premiere")
    assert migration_rows("r_seconde") == migration_rows("r_premiere")
    assert unapplied_tenant_migrations("r_seconde") == []
    # Usable: its pages answer and its rows stay in its schema.
    with in_schema(second.residence):
        ResidentFactory(first_name="Nadia")
    with in_schema(first.residence):
        assert not Resident.objects.exists()
    assert client_on(second.residence, head_office).get("/").status_code == 200


@override_settings(RESIDENCE_PROVISIONING="migrate")
def test_script_and_migrate_settings_give_the_same_schema(no_script, residence_a):
    by_django = _create("par-django", residence_a)
    assert by_django.method == "migrate" and not SchemaScript.objects.exists()
    with override_settings(RESIDENCE_PROVISIONING="script"):
        _create("enregistre", residence_a)
        by_script = _create("rejoue", residence_a)
    assert by_script.method == "script"
    assert structure("r_rejoue") == structure("r_par_django")


def test_a_failing_script_is_replaced_and_the_residence_still_created(no_script, residence_a):
    SchemaScript.objects.create(fingerprint=migrations_fingerprint(), statements=["CREATE TABLE cassee ("],
                                migrations=[], recorded_from="r_ailleurs")

    created = _create("reparee", residence_a)

    assert created.method == "migrate"
    assert unapplied_tenant_migrations("r_reparee") == []
    script = SchemaScript.objects.get()
    assert script.recorded_from == "r_reparee" and len(script.statements) > 50
    assert _create("apres-reparation", residence_a).method == "script"


def test_a_script_of_other_migrations_is_never_replayed(no_script, residence_a):
    SchemaScript.objects.create(fingerprint="0" * 64, statements=["CREATE TABLE ancienne (id int)"],
                                migrations=[["people", "0001_initial"]], recorded_from="r_ancienne")

    created = _create("nouvelles-migrations", residence_a)

    assert created.method == "migrate"
    assert "ancienne" not in schema_tables("r_nouvelles_migrations")
    assert unapplied_tenant_migrations("r_nouvelles_migrations") == []
    assert list(SchemaScript.objects.values_list("fingerprint", flat=True)) == [migrations_fingerprint()]


def test_fingerprint_changes_with_the_tenant_apps():
    current = migrations_fingerprint()
    migrations_fingerprint.cache_clear()
    try:
        from django.conf import settings

        with override_settings(TENANT_APPS=[app for app in settings.TENANT_APPS if app != "core.agenda"]):
            assert migrations_fingerprint() != current
        migrations_fingerprint.cache_clear()
        assert migrations_fingerprint() == current
    finally:
        migrations_fingerprint.cache_clear()


def test_a_failure_after_the_replay_leaves_nothing_behind(no_script, residence_a):
    _create("modele-du-script", residence_a)
    Domain.objects.create(domain="deja-prise.localhost", tenant=residence_a, is_primary=False)

    with pytest.raises(ValidationError):
        _create("deja-prise", residence_a)

    assert not schema_exists("r_deja_prise")
    assert not Residence.objects.filter(slug="deja-prise").exists()
    assert SchemaScript.objects.count() == 1


def test_what_is_never_recorded_as_a_script():
    """Rows written outside the schema editor (a data migration seeding rows), SQL naming the new
    schema, or statements with parameters would be wrong in another residence."""
    from tenants.batched_migrations import StatementLog
    from tenants.schema_script import _refusal

    def log(statements=(), unreplayable=()):
        recorded = StatementLog("r_nouvelle")
        recorded.statements, recorded.unreplayable = list(statements), list(unreplayable)
        return recorded

    assert _refusal(log([('CREATE TABLE "people_resident" (id bigint)', None)])) is None
    assert "hors de l'éditeur" in _refusal(log(unreplayable=['INSERT INTO "safety_rule" VALUES (1)']))
    assert "nomme le schéma" in _refusal(log([('ALTER TABLE "r_nouvelle"."x" ADD y int', None)]))
    assert "paramètres" in _refusal(log([("UPDATE x SET y = %s", [1])]))
