"""The coordinator's screens: list with filters and exports, recurring creation, session page, cancel, PDF."""
import datetime as dt
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.models import Activity, ActivityStatus
from core.activities.services import activity_cancel
from core.people.factories import ResidentFactory
from core.spaces.models import Space
from tests.conftest import aware, client_on

FORM = {"title": "Aide aux devoirs", "kind": "workshop", "audience": "children", "organiser_kind": "coordinator",
        "starts_at": "2026-10-07T17:00", "ends_at": "2026-10-07T18:30", "place": "Bureau"}


def test_coordinator_creates_a_recurring_activity_and_sees_its_sessions(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/activites/nouvelle/", {**FORM, "frequency": "biweekly", "until": "2026-11-30"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Toutes les séances de la série" in page
    with in_schema(residence_a):
        dates = [a.starts_at.date() for a in Activity.objects.order_by("starts_at")]
    assert dates == [dt.date(2026, 10, 7), dt.date(2026, 10, 21), dt.date(2026, 11, 4), dt.date(2026, 11, 18)]
    assert page.count("/activites/") >= 4


def test_recurrence_without_an_end_is_refused_on_the_field(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/activites/nouvelle/", {**FORM, "frequency": "weekly"})
    assert response.status_code == 200
    assert "indiquez une date de fin ou un nombre de séances" in response.content.decode()
    response = client.post("/activites/nouvelle/", {**FORM, "space": "", "place": ""})
    assert "Choisissez un espace de la résidence ou indiquez un autre lieu." in response.content.decode()
    with in_schema(residence_a):
        assert not Activity.objects.exists()


def test_list_filters_by_kind_audience_status_and_period(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ActivityFactory(title="Gym douce du lundi", kind="physical", audience="seniors", starts_at=aware(2026, 10, 5))
        ActivityFactory(title="Aide aux devoirs", kind="workshop", audience="children", starts_at=aware(2026, 10, 6))
        cancelled = ActivityFactory(title="Loto d'automne", kind="festive_event", starts_at=aware(2026, 11, 20))
        activity_cancel(activity=cancelled, reason="Pluie")
    client = client_on(residence_a, coordinator_a)

    def titles(query):
        page = client.get(f"/activites/?{query}").content.decode()
        return {t for t in ("Gym douce du lundi", "Aide aux devoirs", "Loto d&#x27;automne") if t in page}

    assert titles("kind=physical") == {"Gym douce du lundi"}
    assert titles("audience=children") == {"Aide aux devoirs"}
    assert titles("status=cancelled") == {"Loto d&#x27;automne"}
    assert titles("date_from=2026-10-06&date_to=2026-10-31") == {"Aide aux devoirs"}
    assert titles("search=gym") == {"Gym douce du lundi"}


def test_list_exports_csv_and_xlsx_with_the_filters(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ActivityFactory(title="Gym douce", kind="physical", anonymous_children=4)
        ActivityFactory(title="Atelier couture", kind="workshop")
    client = client_on(residence_a, coordinator_a)
    csv = client.get("/activites/?kind=physical&export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert "Gym douce" in body and "Atelier couture" not in body and "Enfants" in body.splitlines()[0]
    xlsx = client.get("/activites/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("path", ["/activites/", "/api/activities/", "/api/activity-series/"])
def test_list_query_counts_are_pinned(path, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    def rows(n):
        with in_schema(residence_a):
            for i in range(n):
                # One room each: a room never holds two overlapping sessions (random factory times).
                room = Space.objects.create(name=f"Salle {n}-{i}", capacity=30)
                activity = ActivityFactory(space=room, place="", organiser_kind="resident",
                                           organiser_resident=ResidentFactory(), facilitator="")
                RegistrationFactory(activity=activity)
                activity.attendances.create(resident=ResidentFactory())

    rows(2)
    few = count()
    rows(30)
    assert count() == few


def test_session_page_registers_then_puts_on_the_waiting_list_when_full(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory(capacity=1, title="Sortie au marché")
        ginette, marcel = ResidentFactory(first_name="Ginette", pseudonym=""), ResidentFactory(first_name="Marcel")
    client = client_on(residence_a, coordinator_a)
    client.post(f"/activites/{activity.pk}/inscriptions/ajouter/", {"resident": ginette.pk})
    page = client.post(f"/activites/{activity.pk}/inscriptions/ajouter/", {"resident": marcel.pk}, follow=True)
    assert f"Complet : {marcel.display_name} est sur la liste d'attente (position 1)." in unescape(page.content.decode())
    assert "Ginette" in page.content.decode()
    with in_schema(residence_a):
        assert list(activity.registrations.values_list("resident_id", flat=True)) == [ginette.pk]
        assert list(activity.waitlist.values_list("resident_id", flat=True)) == [marcel.pk]
    page = client.post(f"/activites/{activity.pk}/inscriptions/retirer/", {"resident": ginette.pk}, follow=True)
    assert "premier·e de la liste d'attente, prend la place." in unescape(page.content.decode())
    with in_schema(residence_a):
        assert list(activity.registrations.values_list("resident_id", flat=True)) == [marcel.pk]
        assert not activity.waitlist.exists()


def test_session_page_finds_people_to_register_by_search_whatever_the_residence_size(
        residence_a, residence_b, coordinator_a, in_schema):
    """No list of every resident on the session page: a search (2 letters, 20 at most), the same
    statements with 3 or 300 residents, registered people and other residences' people never offered."""
    with in_schema(residence_a):
        activity = ActivityFactory(title="Atelier cuisine")
        gisele = ResidentFactory(first_name="Gisèle", pseudonym="")
        RegistrationFactory(activity=activity, resident=ResidentFactory(first_name="Gilberte", pseudonym=""))
    with in_schema(residence_b):
        ResidentFactory(first_name="Gislaine", pseudonym="")
    client = client_on(residence_a, coordinator_a)
    path = f"/activites/{activity.pk}/"

    def statements(query=""):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(path + query).content.decode()
        return len(ctx.captured_queries), page

    offered = '<button type="submit" data-focus-key="register-search">Inscrire '
    few, page = statements()
    assert offered not in page
    _, page = statements("?q=gi")
    assert f'{offered}Gisèle' in page and f'value="{gisele.pk}"' in page
    assert page.count(offered) == 1  # Gilberte is registered, Gislaine lives in B
    assert "Gislaine" not in page
    with in_schema(residence_a):
        ResidentFactory.create_batch(300, first_name="Gino", pseudonym="")
    many, page = statements()
    assert many == few
    _, page = statements("?q=gi")
    assert page.count(offered) == 20
    assert "affinez la recherche" in page


def test_cancel_asks_for_confirmation_and_then_attendance_is_refused(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
        ginette = ResidentFactory()
    client = client_on(residence_a, coordinator_a)
    confirm = client.get(f"/activites/{activity.pk}/annuler/").content.decode()
    assert "Confirmer l'annulation" in confirm
    with in_schema(residence_a):
        assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.SCHEDULED
    empty = client.post(f"/activites/{activity.pk}/annuler/", {"reason": ""})
    assert empty.status_code == 200 and "Ce champ est obligatoire." in empty.content.decode()
    client.post(f"/activites/{activity.pk}/annuler/", {"reason": "Intervenante malade"})
    refused = client.post(f"/activites/{activity.pk}/presences/", {"residents": [ginette.pk]})
    assert "Cette animation est annulée : on ne peut pas y noter de présences." in refused.content.decode()
    counts = client.post(f"/activites/{activity.pk}/comptage/", {"children": 3, "neighbours": 0, "guests": 0},
                         follow=True)
    assert "annulée" in counts.content.decode()
    with in_schema(residence_a):
        activity.refresh_from_db()
        assert activity.cancellation_reason == "Intervenante malade"
        assert not activity.attendances.exists() and activity.anonymous_children == 0


def test_tick_screen_toggles_one_resident_with_htmx(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
        ginette = ResidentFactory()
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/activites/{activity.pk}/presences/basculer/", {"resident": ginette.pk, "present": "1"},
                           HTTP_HX_REQUEST="true")
    assert 'aria-pressed="true"' in response.content.decode()
    with in_schema(residence_a):
        assert list(activity.attendances.values_list("resident_id", flat=True)) == [ginette.pk]
    client.post(f"/activites/{activity.pk}/presences/basculer/", {"resident": ginette.pk, "present": "0"},
                HTTP_HX_REQUEST="true")
    with in_schema(residence_a):
        assert not activity.attendances.exists()


def test_anonymous_counts_are_saved_from_the_session_page(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
    client = client_on(residence_a, coordinator_a)
    client.post(f"/activites/{activity.pk}/comptage/", {"children": 14, "neighbours": 6, "guests": 2})
    bad = client.post(f"/activites/{activity.pk}/comptage/", {"children": -3, "neighbours": 0, "guests": 0},
                      follow=True)
    assert "Enfants" in bad.content.decode()
    with in_schema(residence_a):
        activity.refresh_from_db()
        assert (activity.anonymous_children, activity.anonymous_neighbours, activity.anonymous_guests) == (14, 6, 2)


def test_series_edit_screen_changes_upcoming_sessions(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    start = dt.date.today() + dt.timedelta(days=2)
    client.post("/activites/nouvelle/", {**FORM, "starts_at": f"{start}T17:00", "ends_at": f"{start}T18:30",
                                         "frequency": "weekly", "occurrence_count": "3"})
    with in_schema(residence_a):
        series_id = Activity.objects.first().series_id
    form = client.get(f"/activites/series/{series_id}/modifier/")
    assert 'value="17:00"' in form.content.decode()
    response = client.post(f"/activites/series/{series_id}/modifier/", {
        **{k: v for k, v in FORM.items() if k not in ("starts_at", "ends_at")}, "title": "Devoirs faits",
        "start_time": "16:30", "end_time": "18:00"})
    assert response.status_code == 302
    with in_schema(residence_a):
        sessions = list(Activity.objects.order_by("starts_at"))
        assert [s.title for s in sessions] == ["Devoirs faits"] * 3
        assert all(s.ends_at - s.starts_at == dt.timedelta(minutes=90) for s in sessions)


def test_sign_in_sheet_is_a_pdf_with_the_registered_names(residence_a, coordinator_a, in_schema, rf):
    from core.activities.views import attendance_sheet_html

    with in_schema(residence_a):
        activity = ActivityFactory(title="Atelier numérique")
        for name in ("Paulette", "Jean-Claude"):
            RegistrationFactory(activity=activity, resident=ResidentFactory(first_name=name, pseudonym=""))
    response = client_on(residence_a, coordinator_a).get(f"/activites/{activity.pk}/feuille-de-presence.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    with in_schema(residence_a):
        html = attendance_sheet_html(rf.get("/"), activity)
    assert "Atelier numérique" in html and "Paulette" in html and "Jean-Claude" in html and "Signature" in html
    assert html.count("<tr>") == 1 + 2 + 18  # header, the two registered, blank lines up to 20


def test_qr_poster_points_to_the_check_in_url(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
    client = client_on(residence_a, coordinator_a)
    page = client.get(f"/activites/{activity.pk}/affiche-pointage/").content.decode()
    assert f"http://{residence_a.slug}.localhost/pointage/{activity.check_in_token}/" in page and "<svg" in page
    pdf = client.get(f"/activites/{activity.pk}/affiche-pointage/?format=pdf")
    assert pdf.content.startswith(b"%PDF")
