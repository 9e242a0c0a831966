"""The coordinator's privacy screens: consents, sensitive record, audit trail, export, erasure."""
import json

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from core.people.models import Resident
from core.privacy.factories import ConsentFactory, SensitiveRecordFactory
from core.privacy.models import Anonymisation, Consent, ConsentScope, SensitiveRecord
from tests.conftest import aware, client_on

pytestmark = pytest.mark.django_db


def grant_sensitive(user):
    user.user_permissions.add(Permission.objects.get(codename="access_sensitive_record",
                                                     content_type__app_label="privacy"))


@pytest.fixture
def philomene(residence_a, in_schema):
    with in_schema(residence_a):
        person = ResidentFactory(first_name="Philomène", pseudonym="")
        activity = ActivityFactory(title="Atelier couture", starts_at=aware(2025, 3, 4), ends_at=aware(2025, 3, 4, 16))
        activity.attendances.create(resident=person)
        ConsentFactory(resident=person, scope=ConsentScope.PHOTOS)
        SensitiveRecordFactory(resident=person, health_situation="Se déplace avec un déambulateur")
    return person


def test_coordinator_records_and_withdraws_a_consent(philomene, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    url = f"/donnees-personnelles/habitants/{philomene.pk}/"
    response = client.post(url, {"scope": ConsentScope.CONTACT_SMS, "given_on": "2025-05-02"})
    assert response.status_code == 302
    with in_schema(residence_a):
        consent = Consent.objects.get(resident=philomene, scope=ConsentScope.CONTACT_SMS)
    response = client.post(f"{url}consentements/{consent.pk}/retrait/", {"withdrawn_on": "2025-06-01"})
    assert response.status_code == 302
    with in_schema(residence_a):
        consent.refresh_from_db()
        assert str(consent.withdrawn_on) == "2025-06-01"
        entry = LogEntry.objects.filter(additional_data__resident_id=philomene.pk,
                                        action=LogEntry.Action.UPDATE).get()
        assert entry.actor_email == coordinator_a.email
        assert entry.additional_data["residence"] == residence_a.schema_name


def test_consent_errors_name_the_field_in_french(philomene, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    url = f"/donnees-personnelles/habitants/{philomene.pk}/"
    page = client.post(url, {"scope": ConsentScope.PHOTOS, "given_on": "2025-05-02"}).content.decode()
    assert "Un consentement en cours existe déjà pour cet objet." in page
    page = client.post(url, {"scope": ConsentScope.CONTACT_SMS, "given_on": "2099-01-01"}).content.decode()
    assert "ne peut pas être dans le futur" in page
    with in_schema(residence_a):
        assert Consent.objects.filter(resident=philomene).count() == 1


def test_sensitive_record_needs_the_explicit_permission(philomene, residence_a, coordinator_a, head_office):
    url = f"/donnees-personnelles/habitants/{philomene.pk}/informations-sensibles/"
    assert client_on(residence_a, coordinator_a).get(url).status_code == 403
    head_office.is_staff = True
    head_office.save()
    assert client_on(residence_a, head_office).get(url).status_code == 403


def test_reading_the_sensitive_record_is_audited(philomene, residence_a, coordinator_a, in_schema):
    grant_sensitive(coordinator_a)
    client = client_on(residence_a, coordinator_a)
    url = f"/donnees-personnelles/habitants/{philomene.pk}/informations-sensibles/"
    page = client.get(url).content.decode()
    assert "déambulateur" in page
    with in_schema(residence_a):
        access = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
        assert access.actor_email == coordinator_a.email
        assert access.additional_data["resident_id"] == philomene.pk
    response = client.post(url, {"autonomy": "partial", "health_situation": "Malvoyance", "free_note": ""})
    assert response.status_code == 302
    with in_schema(residence_a):
        assert SensitiveRecord.objects.get(resident=philomene).health_situation == "Malvoyance"
        # The audit trail records that it changed, never what it says.
        raw = json.dumps(list(LogEntry.objects.values("changes", "changes_text", "object_repr")), ensure_ascii=False)
        assert "Malvoyance" not in raw and "déambulateur" not in raw


def _audit_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_audit_page_lists_the_resident_entries_in_constant_queries(philomene, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    url = f"/donnees-personnelles/habitants/{philomene.pk}/journal/"
    few = _audit_queries(client, url)
    with in_schema(residence_a):
        for day in range(1, 21):
            ConsentFactory(resident=philomene, scope=ConsentScope.CONTACT_EMAIL, given_on=f"2025-01-{day:02d}",
                           withdrawn_on=f"2025-01-{day:02d}")
    many = _audit_queries(client, url)
    assert many == few
    page = client.get(url).content.decode()
    assert "contact par e-mail" in page


def test_subject_access_export_holds_everything_but_sensitive_without_permission(
    philomene, residence_a, coordinator_a
):
    client = client_on(residence_a, coordinator_a)
    data = json.loads(client.get(f"/donnees-personnelles/habitants/{philomene.pk}/export.json").content)
    assert data["identity"]["prénom"] == "Philomène"
    assert any("Atelier couture" in str(row) for row in data["records"]["présences"])
    assert data["records"]["consentements"][0]["objet du consentement"] == "photos"
    assert data["sensitive_record"] is None
    assert data["audit_entries"]

    grant_sensitive(coordinator_a)
    data = json.loads(client.get(f"/donnees-personnelles/habitants/{philomene.pk}/export.json").content)
    assert data["sensitive_record"]["situation liée à la santé"] == "Se déplace avec un déambulateur"

    pdf = client.get(f"/donnees-personnelles/habitants/{philomene.pk}/export.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_erasure_asks_for_confirmation_then_leaves_an_entry_without_personal_data(
    philomene, residence_a, coordinator_a, in_schema
):
    client = client_on(residence_a, coordinator_a)
    url = f"/donnees-personnelles/habitants/{philomene.pk}/effacement/"
    assert "Effacer définitivement" in client.get(url).content.decode()
    page = client.post(url, {}).content.decode()
    assert "Cochez la case pour confirmer" in page
    with in_schema(residence_a):
        assert Resident.objects.get(pk=philomene.pk).first_name == "Philomène"

    assert client.post(url, {"confirm": "on"}).status_code == 302
    with in_schema(residence_a):
        assert Resident.objects.get(pk=philomene.pk).first_name == "Anonyme"
        assert Anonymisation.objects.get(resident=philomene).reason == Anonymisation.Reason.REQUEST
        assert philomene.attendances.count() == 1
        entries = list(LogEntry.objects.values())
        assert any(e["additional_data"].get("resident_id") == philomene.pk
                   and e["content_type_id"] and e["action"] == LogEntry.Action.CREATE for e in entries)
        assert "Philomène" not in json.dumps(entries, default=str, ensure_ascii=False)


def test_another_residence_cannot_reach_the_resident(philomene, residence_b, coordinator_b, coordinator_a):
    for path in ("", "journal/", "export.json", "effacement/"):
        assert client_on(residence_b, coordinator_b).get(
            f"/donnees-personnelles/habitants/{philomene.pk}/{path}").status_code == 404
        assert client_on(residence_b, coordinator_a).get(
            f"/donnees-personnelles/habitants/{philomene.pk}/{path}").status_code == 404
