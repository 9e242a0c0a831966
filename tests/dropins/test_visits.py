"""Drop-in hours: the coordinator logs visits fast, closes follow-ups, plans slots — screens and API."""
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from core.dropins.factories import DropInSlotFactory, DropInVisitFactory, FollowUpFactory
from core.dropins.models import DropInSlot, DropInVisit, FollowUp, Recurrence
from core.dropins.selectors import slot_occurrences_between
from core.people.factories import ResidentFactory
from tests.conftest import client_on


def test_coordinator_logs_a_named_visit_with_a_follow_up(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ginette = ResidentFactory(first_name="Ginette", pseudonym="")
    client = client_on(residence_a, coordinator_a)
    form = client.get("/permanences/passage/").content.decode()
    assert "Noter un passage" in form and 'name="topic"' in form

    response = client.post("/permanences/passage/", {
        "resident": ginette.pk, "topic": "administrative", "note": "Dossier CAF à compléter",
        "follow_up_needed": "on",
    })
    assert response.status_code == 302
    with in_schema(residence_a):
        visit = DropInVisit.objects.get()
        assert visit.resident == ginette and visit.topic == "administrative"
        assert visit.follow_up.is_open and visit.follow_up.opened_on == timezone.localdate()
    page = client.get("/permanences/suites/").content.decode()
    assert "Ginette" in page and "Dossier CAF à compléter" in page


def test_anonymous_visit_without_follow_up(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    assert client.post("/permanences/passage/", {"resident": "", "topic": "information"}).status_code == 302
    with in_schema(residence_a):
        visit = DropInVisit.objects.get()
        assert visit.resident is None
        assert not FollowUp.objects.exists()


def test_resident_search_fragment_lists_matches_as_radios(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        marcel = ResidentFactory(first_name="Marcel", pseudonym="")
        ResidentFactory(first_name="Yvette", pseudonym="")
    client = client_on(residence_a, coordinator_a)
    fragment = client.get("/permanences/passage/habitants/?q=marc", HTTP_HX_REQUEST="true").content.decode()
    assert f'name="resident" value="{marcel.pk}"' in fragment and "Yvette" not in fragment
    # Without JavaScript, the search button reloads the form with the matches.
    page = client.get("/permanences/passage/?q=marc").content.decode()
    assert f'value="{marcel.pk}"' in page


def test_bad_input_names_the_field_and_saves_nothing(residence_a, residence_b, coordinator_a, in_schema):
    with in_schema(residence_b):
        foreign = ResidentFactory(id=700_001)
    client = client_on(residence_a, coordinator_a)
    response = client.post("/permanences/passage/", {"resident": foreign.pk, "topic": "", "follow_up_needed": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Habitant·e inconnu·e dans cette résidence." in page
    assert "Ce champ est obligatoire." in page
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page = client.post("/permanences/passage/", {"topic": "other", "visited_at": future}).content.decode()
    assert "Un passage ne peut pas être noté dans le futur." in page
    with in_schema(residence_a):
        assert not DropInVisit.objects.exists() and not FollowUp.objects.exists()


def test_closing_a_follow_up_needs_an_outcome_and_a_sensible_date(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        follow_up = FollowUpFactory(opened_on=timezone.localdate() - dt.timedelta(days=3))
    client = client_on(residence_a, coordinator_a)
    url = f"/permanences/suites/{follow_up.pk}/clore/"
    page = client.post(url, {"outcome": "  "}).content.decode()
    assert "Ce champ est obligatoire." in page
    too_early = (follow_up.opened_on - dt.timedelta(days=1)).isoformat()
    page = client.post(url, {"outcome": "Appelé la CAF", "closed_on": too_early}).content.decode()
    assert "La date de clôture ne peut pas précéder l&#x27;ouverture" in page
    with in_schema(residence_a):
        follow_up.refresh_from_db()
        assert follow_up.is_open

    assert client.post(url, {"outcome": "Appelé la CAF, dossier envoyé"}).status_code == 302
    with in_schema(residence_a):
        follow_up.refresh_from_db()
        assert follow_up.closed_on == timezone.localdate() and follow_up.outcome == "Appelé la CAF, dossier envoyé"
    assert "Appelé la CAF" not in client.get("/permanences/suites/").content.decode()
    assert "Appelé la CAF" in client.get("/permanences/suites/?status=closed").content.decode()


def test_visit_list_filters_and_exports(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        DropInVisitFactory(topic="complaint", note="Ascenseur en panne")
        DropInVisitFactory(topic="information", note="Horaires de la salle", resident=None)
    client = client_on(residence_a, coordinator_a)
    page = client.get("/permanences/?topic=complaint").content.decode()
    assert "Ascenseur en panne" in page and "Horaires de la salle" not in page
    page = client.get("/permanences/?anonymous=yes").content.decode()
    assert "Horaires de la salle" in page and "Ascenseur en panne" not in page

    csv = client.get("/permanences/?topic=complaint&export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Date;Personne;Motif;Note;Suite" and "Ascenseur en panne" in text
    assert "Horaires" not in text
    xlsx = client.get("/permanences/suites/?export=xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row == 1  # header only: no follow-up


@pytest.mark.parametrize("path", ["/permanences/", "/permanences/suites/", "/permanences/creneaux/",
                                  "/api/dropin-visits/", "/api/dropin-follow-ups/", "/api/dropin-slots/"])
def test_list_query_counts_do_not_grow_with_rows(path, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    with in_schema(residence_a):
        FollowUpFactory.create_batch(2)
        DropInSlotFactory.create_batch(2)
    few = count()
    with in_schema(residence_a):
        FollowUpFactory.create_batch(30)
        DropInVisitFactory.create_batch(10, resident=None)
        DropInSlotFactory.create_batch(30)
    assert count() == few


def test_weekly_slot_expands_into_sessions(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/permanences/creneaux/nouveau/", {
        "first_date": "2026-10-06", "start_time": "14:00", "end_time": "17:00", "recurrence": "weekly",
        "last_date": "2026-10-27", "place": "Bureau", "note": "",
    })
    assert response.status_code == 302
    with in_schema(residence_a):
        sessions = slot_occurrences_between(start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 30))
        assert [s.date.day for s in sessions] == [6, 13, 20, 27]
        # 14:00 in Paris is 12:00 UTC before the clocks change (25 Oct), 13:00 UTC after.
        assert sessions[0].starts_at.astimezone(dt.timezone.utc).hour == 12
        assert sessions[-1].starts_at.astimezone(dt.timezone.utc).hour == 13
        middle = slot_occurrences_between(start=dt.date(2026, 10, 14), end=dt.date(2026, 10, 21))
        assert [s.date.day for s in middle] == [20]


def test_slot_end_before_start_is_refused(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    page = client.post("/permanences/creneaux/nouveau/", {
        "first_date": "2026-10-06", "start_time": "14:00", "end_time": "13:00", "recurrence": "once",
        "place": "Bureau",
    }).content.decode()
    assert "La fin doit être postérieure au début." in page
    with in_schema(residence_a):
        assert not DropInSlot.objects.exists()


def test_slot_deletion_asks_first(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        slot = DropInSlotFactory()
    client = client_on(residence_a, coordinator_a)
    assert "Supprimer ce créneau ?" in client.get(f"/permanences/creneaux/{slot.pk}/supprimer/").content.decode()
    with in_schema(residence_a):
        assert DropInSlot.objects.exists()
    assert client.post(f"/permanences/creneaux/{slot.pk}/supprimer/").status_code == 302
    with in_schema(residence_a):
        assert not DropInSlot.objects.exists()


def test_api_logs_a_visit_and_closes_its_follow_up(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        resident = ResidentFactory()
    client = client_on(residence_a, coordinator_a)
    created = client.post("/api/dropin-visits/", {"resident": resident.pk, "topic": "need",
                                                  "note": "Cours de français", "follow_up_needed": True},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    follow_up_id = created.json()["follow_up"]["id"]
    assert [f["id"] for f in client.get("/api/dropin-follow-ups/").json()["results"]] == [follow_up_id]

    bad = client.post(f"/api/dropin-follow-ups/{follow_up_id}/close/", {"outcome": ""},
                      content_type="application/json")
    assert bad.status_code == 400 and "outcome" in bad.json()
    closed = client.post(f"/api/dropin-follow-ups/{follow_up_id}/close/", {"outcome": "Inscrite à l'atelier"},
                         content_type="application/json")
    assert closed.status_code == 200 and closed.json()["closed_on"] == timezone.localdate().isoformat()
    again = client.post(f"/api/dropin-follow-ups/{follow_up_id}/close/", {"outcome": "encore"},
                        content_type="application/json")
    assert again.status_code == 400 and "closed_on" in again.json()
    assert client.get("/api/dropin-follow-ups/").json()["count"] == 0
    assert client.get("/api/dropin-follow-ups/?status=closed").json()["count"] == 1


def test_api_refuses_another_residences_resident_and_bad_filters(residence_a, residence_b, coordinator_a,
                                                                   in_schema):
    with in_schema(residence_b):
        foreign = ResidentFactory(id=700_002)
    client = client_on(residence_a, coordinator_a)
    response = client.post("/api/dropin-visits/", {"resident": foreign.pk, "topic": "information"},
                           content_type="application/json")
    assert response.status_code == 400 and "resident" in response.json()
    assert client.get("/api/dropin-visits/?date_from=hier").status_code == 400
    response = client.post("/api/dropin-slots/", {"first_date": "2026-10-06", "start_time": "14:00",
                                                  "end_time": "12:00", "recurrence": "weekly"},
                           content_type="application/json")
    assert response.status_code == 400, response.content


def test_foreign_ids_are_404_on_screens_and_api(residence_a, residence_b, coordinator_b, in_schema):
    with in_schema(residence_a):
        follow_up = FollowUpFactory()
        slot = DropInSlotFactory()
    client = client_on(residence_b, coordinator_b)
    for path in (f"/permanences/suites/{follow_up.pk}/clore/", f"/permanences/creneaux/{slot.pk}/supprimer/",
                 f"/api/dropin-follow-ups/{follow_up.pk}/", f"/api/dropin-visits/{follow_up.visit_id}/",
                 f"/api/dropin-slots/{slot.pk}/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/api/dropin-follow-ups/{follow_up.pk}/close/", {"outcome": "x"},
                       content_type="application/json").status_code == 404
    assert client.post(f"/permanences/creneaux/{slot.pk}/supprimer/").status_code == 404
    with in_schema(residence_a):
        assert DropInSlot.objects.filter(pk=slot.pk).exists()
    assert client.get("/api/dropin-visits/").json()["count"] == 0


def test_openapi_describes_drop_in_resources(residence_a, coordinator_a):
    schema = client_on(residence_a, coordinator_a).get("/api/schema/?format=json").json()
    for path in ("/api/dropin-slots/", "/api/dropin-visits/", "/api/dropin-follow-ups/",
                 "/api/dropin-follow-ups/{id}/close/"):
        assert path in schema["paths"], path


def test_slot_recurrence_once_drops_last_date(residence_a, in_schema):
    from core.dropins.services import slot_create

    with in_schema(residence_a):
        slot = slot_create(first_date=dt.date(2026, 10, 6), start_time=dt.time(9), end_time=dt.time(11),
                           recurrence=Recurrence.ONCE, last_date=dt.date(2026, 12, 1))
        assert slot.last_date is None


def test_closing_from_the_home_page_comes_back_home_but_never_leaves_the_site(residence_a, coordinator_a,
                                                                              in_schema):
    with in_schema(residence_a):
        first, second = FollowUpFactory.create_batch(2, opened_on=timezone.localdate())
    client = client_on(residence_a, coordinator_a)
    assert 'name="next" value="/"' in client.get(f"/permanences/suites/{first.pk}/clore/?next=/").content.decode()
    response = client.post(f"/permanences/suites/{first.pk}/clore/", {"outcome": "Fait", "next": "/"})
    assert response["Location"] == "/"
    response = client.post(f"/permanences/suites/{second.pk}/clore/",
                           {"outcome": "Fait", "next": "https://ailleurs.example/"})
    assert response["Location"] == "/permanences/suites/"


def test_resident_search_stays_in_the_residence(residence_a, residence_b, coordinator_b, in_schema):
    with in_schema(residence_a):
        ResidentFactory(first_name="Philomène", pseudonym="")
    fragment = client_on(residence_b, coordinator_b).get("/permanences/passage/habitants/?q=Philo").content.decode()
    assert "Philomène" not in fragment and "Personne ne correspond" in fragment
