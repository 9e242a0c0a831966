"""Residents' records grow only as the work needs: household, contact channel, languages, interests."""
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from core.activities.factories import ActivityFactory
from core.dropins.factories import DropInVisitFactory
from core.people.factories import ResidentFactory
from core.people.models import Resident
from core.people.selectors import resident_list, residents_not_seen
from core.people.services import resident_create, resident_update
from tests.conftest import client_on

BASE = {"first_name": "Paulette", "last_name_initial": "R", "pseudonym": "", "age_band": "75+",
        "consent_on": "2026-09-01", "household_minors": 0, "household_adults": 0, "household_seniors": 2}


def test_coordinator_records_contact_languages_and_interests(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/habitants/nouveau/", {**BASE, "contact_channel": "sms", "phone": "06 12 34 56 78",
                                                   "email": "", "languages": ["fr", "pt"],
                                                   "interests": ["sewing", "gardening"]})
    assert response.status_code == 302, response.content.decode()
    with in_schema(residence_a):
        paulette = Resident.objects.get(first_name="Paulette")
    assert paulette.languages == ["fr", "pt"] and paulette.interests == ["gardening", "sewing"]
    assert paulette.household_size == 2 and paulette.phone == "06 12 34 56 78"


@pytest.mark.parametrize("channel, phone, email, field, message", [
    ("paper", "06 12 34 56 78", "", "phone", "Le téléphone n&#x27;est gardé que si"),
    ("sms", "", "", "phone", "Indiquez le numéro de téléphone"),
    ("phone", "06 12 34 56 78", "paulette@example.org", "email", "L&#x27;e-mail n&#x27;est gardé que si"),
    ("email", "", "", "email", "Indiquez l&#x27;adresse e-mail"),
    ("sms", "appelle-moi", "", "phone", "Numéro de téléphone invalide"),
])
def test_phone_and_email_only_when_the_channel_needs_them(channel, phone, email, field, message, residence_a,
                                                          coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    page = client.post("/habitants/nouveau/", {**BASE, "contact_channel": channel, "phone": phone,
                                               "email": email}).content.decode()
    assert message in page
    with in_schema(residence_a):
        assert not Resident.objects.filter(first_name="Paulette").exists()


def test_service_enforces_the_same_rule_and_the_database_backs_it(residence_a, in_schema):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as error:
            resident_create(first_name="Jo", age_band="26-59", consent_on=dt.date(2026, 1, 1),
                            contact_channel="in_person", email="jo@example.org")
        assert "email" in error.value.message_dict
        resident = resident_create(first_name="Jo", age_band="26-59", consent_on=dt.date(2026, 1, 1),
                                   contact_channel="email", email="Jo@Example.org")
        assert resident.email == "jo@example.org"
        with pytest.raises(ValidationError):
            resident_update(resident=resident, contact_channel="paper")
        resident_update(resident=Resident.objects.get(pk=resident.pk), contact_channel="paper", email="")
        assert Resident.objects.get(pk=resident.pk).email == ""


def test_residents_list_filters(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ResidentFactory(first_name="Amina", languages=["ar", "fr"], interests=["cooking"], contact_channel="paper")
        ResidentFactory(first_name="Bernard", languages=["fr"], interests=["gardening"], contact_channel="in_person")
    client = client_on(residence_a, coordinator_a)
    for query, shown, hidden in [("language=ar", "Amina", "Bernard"), ("interest=gardening", "Bernard", "Amina"),
                                 ("contact_channel=paper", "Amina", "Bernard")]:
        page = client.get(f"/habitants/?{query}").content.decode()
        assert shown in page and hidden not in page, query
    page = client.get("/habitants/?not_seen_weeks=zero").content.decode()
    assert 'role="alert"' in page


def test_not_seen_since_uses_attendance_and_drop_in_visits(residence_a, in_schema):
    from django.utils import timezone

    now = timezone.now()
    with in_schema(residence_a):
        never = ResidentFactory(first_name="Jamais")
        old_activity = ResidentFactory(first_name="Ancienne")
        recent_visit = ResidentFactory(first_name="Passée")
        old_visit_recent_activity = ResidentFactory(first_name="Active")
        ActivityFactory(starts_at=now - dt.timedelta(weeks=10), ends_at=now - dt.timedelta(weeks=10, hours=-2)) \
            .attendances.create(resident=old_activity)
        DropInVisitFactory(resident=recent_visit, visited_at=now - dt.timedelta(weeks=1))
        DropInVisitFactory(resident=old_visit_recent_activity, visited_at=now - dt.timedelta(weeks=20))
        ActivityFactory(starts_at=now - dt.timedelta(weeks=2), ends_at=now - dt.timedelta(weeks=2, hours=-2)) \
            .attendances.create(resident=old_visit_recent_activity)
        assert [r.first_name for r in residents_not_seen(weeks=8)] == ["Jamais", "Ancienne"]
        assert {r.pk for r in resident_list(not_seen_weeks=12)} == {never.pk}
        assert resident_list().get(pk=recent_visit.pk).last_seen > now - dt.timedelta(weeks=2)


def test_not_seen_filter_agrees_with_last_seen_on_mixed_histories(residence_a, in_schema):
    """The "aller vers" filter (anti-joins) picks exactly the people whose `last_seen` is before the
    cutoff or unknown, whatever mix of attendances and visits they have, at the cutoff's edges too."""
    import random

    from django.utils import timezone

    from core.people.selectors import not_seen_since_cutoff, with_last_seen

    now = timezone.now()
    cutoff = not_seen_since_cutoff(weeks=8, now=now)
    rng = random.Random(8)
    offsets = [dt.timedelta(weeks=w) for w in (1, 7, 9, 30)] + [dt.timedelta(weeks=8, minutes=-5),
                                                                 dt.timedelta(weeks=8, minutes=5)]
    with in_schema(residence_a):
        activities = [ActivityFactory(starts_at=now - o, ends_at=now - o + dt.timedelta(hours=2)) for o in offsets]
        for i in range(40):
            person = ResidentFactory(first_name=f"Personne{i}")
            for activity in rng.sample(activities, rng.randint(0, 3)):
                activity.attendances.create(resident=person)
            for offset in rng.sample(offsets, rng.randint(0, 2)):
                DropInVisitFactory(resident=person, visited_at=now - offset)
        expected = {r.pk for r in with_last_seen(Resident.objects.all())
                    if r.last_seen is None or r.last_seen < cutoff}
        # Minutes pass between `cutoff` and the selector's own `now`: none of the data sits that close to it.
        assert {r.pk for r in resident_list(not_seen_weeks=8)} == expected
        assert 0 < len(expected) < 40


def test_residents_export_csv_and_xlsx(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ResidentFactory(first_name="Amina", pseudonym="", last_name_initial="K", languages=["ar", "fr"],
                        interests=["cooking"])
    client = client_on(residence_a, coordinator_a)
    text = client.get("/habitants/?export=csv").content.decode("utf-8-sig")
    assert "Amina K." in text and "arabe, français" in text and "cuisine" in text
    assert "téléphone" not in text.splitlines()[0].lower()  # contact details stay on the record
    sheet = load_workbook(io.BytesIO(client.get("/habitants/?export=xlsx&language=ar").content)).active
    assert sheet.max_row == 2


def test_api_updates_a_resident_and_names_the_field(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        resident = ResidentFactory()
    client = client_on(residence_a, coordinator_a)
    response = client.patch(f"/api/residents/{resident.pk}/", {"contact_channel": "sms", "phone": "0612345678",
                                                               "languages": ["fr", "wo"]},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["languages"] == ["fr", "wo"]
    response = client.patch(f"/api/residents/{resident.pk}/", {"contact_channel": "paper"},
                            content_type="application/json")
    assert response.status_code == 400 and "phone" in response.json()
    response = client.patch(f"/api/residents/{resident.pk}/", {"interests": ["astrologie"]},
                            content_type="application/json")
    assert response.status_code == 400 and "interests" in response.json()
    assert client.get("/api/residents/?language=wo").json()["count"] == 1
    assert client.get("/api/residents/?not_seen_weeks=-1").status_code == 400


def test_edit_page_of_another_residence_is_404(residence_a, residence_b, coordinator_b, in_schema):
    with in_schema(residence_a):
        resident = ResidentFactory()
    client = client_on(residence_b, coordinator_b)
    assert client.get(f"/habitants/{resident.pk}/modifier/").status_code == 404
    assert client.patch(f"/api/residents/{resident.pk}/", {"first_name": "X"},
                        content_type="application/json").status_code == 404
