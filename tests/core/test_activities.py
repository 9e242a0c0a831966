"""The coordinator's slice: create an activity, tick attendance, on screens and API."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.models import Activity
from core.activities.views import ATTENDANCE_PAGE_SIZE
from core.people.factories import ResidentFactory
from core.people.models import Resident
from tests.conftest import client_on


def test_coordinator_creates_an_activity_on_the_screen(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    form = client.get("/activites/nouvelle/")
    assert form.status_code == 200 and "Nouvelle animation" in form.content.decode()

    response = client.post("/activites/nouvelle/", {
        "title": "Atelier couture", "kind": "workshop", "starts_at": "2026-10-12T14:00",
        "ends_at": "2026-10-12T16:00", "place": "Salle commune", "facilitator": "Aïcha B.",
        "audience": "all", "organiser_kind": "coordinator",
    })
    assert response.status_code == 302
    with in_schema(residence_a):
        activity = Activity.objects.get(title="Atelier couture")
    assert response["Location"] == f"/activites/{activity.pk}/"
    assert activity.starts_at.hour == 12  # 14:00 in Paris is 12:00 UTC in October


def test_end_before_start_is_refused_on_the_field_and_nothing_is_saved(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/activites/nouvelle/", {
        "title": "Repas partagé", "kind": "festive_event", "starts_at": "2026-10-12T14:00",
        "ends_at": "2026-10-12T12:00", "place": "Salle commune", "facilitator": "Comité",
        "audience": "all", "organiser_kind": "coordinator",
    })
    assert response.status_code == 200
    assert "La fin doit être postérieure au début." in response.content.decode()
    with in_schema(residence_a):
        assert not Activity.objects.filter(title="Repas partagé").exists()


def test_coordinator_ticks_attendance(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
        ginette, marcel, lea = (ResidentFactory(first_name=name, pseudonym="") for name in ("Ginette", "Marcel", "Léa"))
        RegistrationFactory(activity=activity, resident=ginette)
        activity.attendances.create(resident=lea)
    client = client_on(residence_a, coordinator_a)
    page = client.get(f"/activites/{activity.pk}/presences/").content.decode()
    # The people expected and those there; the others only through the search.
    assert f'data-resident="{ginette.pk}"' in page and f'data-resident="{lea.pk}"' in page
    assert f'data-resident="{marcel.pk}"' not in page
    assert f'data-resident="{marcel.pk}"' in client.get(f"/activites/{activity.pk}/presences/?q=marc").content.decode()

    client.post(f"/activites/{activity.pk}/presences/", {"residents": [ginette.pk, marcel.pk]})
    with in_schema(residence_a):
        assert set(activity.attendances.values_list("resident_id", flat=True)) == {ginette.pk, marcel.pk}


def test_tick_all_form_keeps_people_ticked_that_it_does_not_show(residence_a, coordinator_a, in_schema):
    """More people there than one page shows: those not shown are posted back as hidden inputs."""
    with in_schema(residence_a):
        activity = ActivityFactory()
        there = ResidentFactory.create_batch(ATTENDANCE_PAGE_SIZE + 1, first_name="Ginette", pseudonym="")
        for resident in there:
            activity.attendances.create(resident=resident)
        marcel = ResidentFactory(first_name="Marcel", pseudonym="")
    last = max(there, key=lambda r: (r.last_name_initial, r.pk))
    client = client_on(residence_a, coordinator_a)
    page = client.get(f"/activites/{activity.pk}/presences/?q=Marc").content.decode()
    assert f'type="hidden" name="residents" value="{last.pk}"' in page
    assert f'type="checkbox" name="residents" value="{marcel.pk}"' in page
    client.post(f"/activites/{activity.pk}/presences/", {"residents": [r.pk for r in there] + [marcel.pk]})
    with in_schema(residence_a):
        assert activity.attendances.count() == ATTENDANCE_PAGE_SIZE + 2


def test_api_creates_activity_and_sets_attendance(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        residents = ResidentFactory.create_batch(2)
    client = client_on(residence_a, coordinator_a)
    created = client.post("/api/activities/", {
        "title": "Aide aux devoirs", "kind": "workshop", "starts_at": "2026-10-14T17:00:00+02:00",
        "ends_at": "2026-10-14T18:30:00+02:00", "place": "Bureau", "facilitator": "Association Lire",
    }, content_type="application/json")
    assert created.status_code == 201, created.content
    activity_id = created.json()["id"]

    put = client.put(f"/api/activities/{activity_id}/attendance/", {"residents": [r.pk for r in residents]},
                     content_type="application/json")
    assert put.status_code == 200
    assert client.get(f"/api/activities/{activity_id}/attendance/").json() == {
        "residents": sorted(r.pk for r in residents)
    }
    assert client.get(f"/api/activities/{activity_id}/").json()["attendee_count"] == 2


def test_api_names_the_field_in_errors(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/api/activities/", {
        "title": "Loto", "kind": "loto", "starts_at": "2026-10-14T17:00:00+02:00",
        "ends_at": "2026-10-14T16:00:00+02:00", "place": "Salle", "facilitator": "X",
    }, content_type="application/json")
    assert response.status_code == 400
    assert "kind" in response.json()

    response = client.post("/api/residents/", {"first_name": "Paulette", "age_band": "60-74"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "consent_on" in response.json()


def test_openapi_schema_describes_residence_api(residence_a, coordinator_a):
    schema = client_on(residence_a, coordinator_a).get("/api/schema/?format=json").json()
    assert "/api/activities/{id}/attendance/" in schema["paths"]
    assert "/api/residents/" in schema["paths"]


@pytest.mark.parametrize("path", ["/activites/", "/habitants/", "/api/activities/", "/api/residents/", "/"])
def test_list_query_counts_do_not_grow_with_rows(path, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    with in_schema(residence_a):
        residents = ResidentFactory.create_batch(3)
        for _ in range(3):
            ActivityFactory().attendances.create(resident=residents[0])
    few = count()
    with in_schema(residence_a):
        residents = ResidentFactory.create_batch(40)
        for i in range(30):
            ActivityFactory().attendances.create(resident=residents[i])
    assert count() == few


def test_attendance_page_query_count_does_not_grow_with_residents(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
        for resident in ResidentFactory.create_batch(3):
            RegistrationFactory(activity=activity, resident=resident)
    client = client_on(residence_a, coordinator_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/activites/{activity.pk}/presences/")
        return len(ctx)

    few = count()
    with in_schema(residence_a):
        residents = ResidentFactory.create_batch(300)
        for resident in residents[:50]:
            activity.attendances.create(resident=resident)
    assert count() == few
    with in_schema(residence_a):
        assert Resident.objects.count() == 303


def test_activity_list_searches_and_filters(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ActivityFactory(title="Atelier couture", kind="workshop")
        ActivityFactory(title="Sortie au marché", kind="outing")
    client = client_on(residence_a, coordinator_a)
    page = client.get("/activites/?search=couture").content.decode()
    assert "Atelier couture" in page and "Sortie au marché" not in page
    page = client.get("/activites/?kind=outing").content.decode()
    assert "Sortie au marché" in page and "Atelier couture" not in page
