"""The coordinator's booking screens and API: book, clash, cancel, planning, lists and exports."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.partners.factories import PartnerFactory
from core.people.factories import ResidentFactory
from core.spaces.factories import BookingFactory, SpaceFactory
from core.spaces.models import Booking, BookingStatus
from core.spaces.selectors import bookings_between
from tests.conftest import aware, client_on


@pytest.fixture
def room(residence_a, in_schema):
    with in_schema(residence_a):
        return SpaceFactory(name="Salle commune", capacity=20)


def form_data(room, **extra):
    data = {"space": room.pk, "title": "Atelier couture", "starts_at": "2026-11-17T14:00",
            "ends_at": "2026-11-17T16:00", "party_size": 8, "booker_kind": "coordinator"}
    data.update(extra)
    return data


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_coordinator_books_then_a_clash_names_the_first_booking(room, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    assert client.get("/espaces/reservations/nouvelle/").status_code == 200
    response = client.post("/espaces/reservations/nouvelle/", form_data(room))
    assert response.status_code == 302
    with in_schema(residence_a):
        first = Booking.objects.get()
    assert first.starts_at == aware(2026, 11, 17, 14) and first.booked_by == coordinator_a.full_name

    response = client.post("/espaces/reservations/nouvelle/", form_data(
        room, title="Loto des voisins", starts_at="2026-11-17T15:00", ends_at="2026-11-17T17:00"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "« Atelier couture » le mardi 17 novembre 2026 de 14:00 à 16:00" in page
    with in_schema(residence_a):
        assert Booking.objects.count() == 1


def test_form_errors_name_the_field(room, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    page = client.post("/espaces/reservations/nouvelle/", form_data(
        room, ends_at="2026-11-17T13:00", party_size=25)).content.decode()
    assert "Fin : La fin doit être postérieure au début." in page
    assert "Nombre de personnes : « Salle commune » accueille au plus 20 personnes : 25 demandées." in page
    with in_schema(residence_a):
        assert not Booking.objects.exists()


def test_partner_booking_without_acknowledged_rules_is_refused_on_screen(room, residence_a, coordinator_a,
                                                                         in_schema):
    with in_schema(residence_a):
        partner = PartnerFactory(name="Emmaüs Connect")
    page = client_on(residence_a, coordinator_a).post("/espaces/reservations/nouvelle/", form_data(
        room, booker_kind="partner", partner=partner.pk, workshop_theme="computer_class")).content.decode()
    assert "Aucune règle de sécurité n&#x27;est publiée pour « Salle commune »" in page
    with in_schema(residence_a):
        assert not Booking.objects.exists()


def test_cancel_asks_for_confirmation_then_frees_the_slot(room, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        booking = BookingFactory(space=room, title="Repas partagé", starts_at=aware(2026, 11, 17, 18),
                                 ends_at=aware(2026, 11, 17, 20))
    client = client_on(residence_a, coordinator_a)
    confirm = client.get(f"/espaces/reservations/{booking.pk}/annuler/").content.decode()
    assert "Annuler la réservation ?" in confirm and "Repas partagé" in confirm
    with in_schema(residence_a):
        assert Booking.objects.get().status == BookingStatus.CONFIRMED
    assert client.post(f"/espaces/reservations/{booking.pk}/annuler/").status_code == 302
    with in_schema(residence_a):
        booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancelled_by == coordinator_a.full_name
    # The slot is free again.
    assert client.post("/espaces/reservations/nouvelle/", form_data(
        room, starts_at="2026-11-17T18:00", ends_at="2026-11-17T20:00")).status_code == 302


def test_planning_shows_the_week_by_day_and_space(room, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        garden = SpaceFactory(name="Jardin partagé")
        BookingFactory(space=room, title="Atelier couture", starts_at=aware(2026, 11, 17, 14),
                       ends_at=aware(2026, 11, 17, 16))
        BookingFactory(space=garden, title="Plantations", starts_at=aware(2026, 11, 22, 10),
                       ends_at=aware(2026, 11, 22, 12))
        BookingFactory(space=garden, title="Après la semaine", starts_at=aware(2026, 11, 23, 10),
                       ends_at=aware(2026, 11, 23, 12))
    client = client_on(residence_a, coordinator_a)
    page = client.get("/espaces/planning/?semaine=2026-11-19").content.decode()
    assert "Planning du 16 novembre au 22 novembre 2026" in page
    assert "Atelier couture" in page and "Plantations" in page and "Après la semaine" not in page
    assert 'data-label="Jardin partagé"' in page
    assert "?semaine=2026-11-09" in page and "?semaine=2026-11-23" in page
    tuesday = page.split("mardi 17 novembre", 1)[1].split("</tr>", 1)[0]
    assert "Atelier couture" in tuesday and "Plantations" not in tuesday
    # HTMX navigation gets the same page; htmx picks #planning out of it.
    assert 'id="planning"' in client.get("/espaces/planning/?semaine=2026-11-23", HTTP_HX_REQUEST="true").content.decode()


@pytest.mark.parametrize("path", ["/espaces/planning/?semaine=2026-11-16", "/espaces/reservations/?status=all",
                                  "/espaces/", "/api/bookings/?status=all", "/api/spaces/"])
def test_query_counts_do_not_grow_with_bookings(path, room, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)

    def add(n, day):
        with in_schema(residence_a):
            partner = PartnerFactory()
            resident = ResidentFactory()
            for i in range(n):
                space = SpaceFactory()
                start = aware(2026, 11, day, 9) + dt.timedelta(hours=i % 10)
                BookingFactory(space=space, starts_at=start, ends_at=start + dt.timedelta(hours=1),
                               booker_kind=["coordinator", "partner", "resident"][i % 3],
                               partner=partner if i % 3 == 1 else None, resident=resident if i % 3 == 2 else None)

    add(3, 16)
    few = count_queries(client, path)
    add(25, 18)
    assert count_queries(client, path) == few


def test_bookings_between_is_one_query(room, residence_a, in_schema):
    with in_schema(residence_a):
        for day in (16, 17, 18):
            BookingFactory(space=room, starts_at=aware(2026, 11, day, 10), ends_at=aware(2026, 11, day, 12),
                           booker_kind="partner", partner=PartnerFactory())
        BookingFactory(space=room, starts_at=aware(2026, 11, 19, 10), ends_at=aware(2026, 11, 19, 12),
                       status=BookingStatus.CANCELLED)
        with CaptureQueriesContext(connection) as ctx:
            rows = [(b.title, b.space.name, b.booker_label)
                    for b in bookings_between(start=aware(2026, 11, 16, 0), end=aware(2026, 11, 23, 0))]
        queries = [q for q in ctx.captured_queries if not q["sql"].startswith("SET search_path")]
        assert len(queries) == 1 and len(rows) == 3


def test_booking_list_searches_filters_and_exports(room, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        BookingFactory(space=room, title="Atelier couture", starts_at=aware(2026, 11, 17, 14),
                       ends_at=aware(2026, 11, 17, 16))
        BookingFactory(space=room, title="Loto", starts_at=aware(2026, 12, 1, 14), ends_at=aware(2026, 12, 1, 16),
                       status=BookingStatus.CANCELLED)
    client = client_on(residence_a, coordinator_a)
    page = client.get("/espaces/reservations/?search=couture").content.decode()
    assert "Atelier couture" in page and "Loto" not in page
    assert "Loto" not in client.get("/espaces/reservations/").content.decode()
    assert "Loto" in client.get("/espaces/reservations/?status=cancelled").content.decode()
    page = client.get("/espaces/reservations/?status=all&date_from=2026-11-20").content.decode()
    assert "Loto" in page and "Atelier couture" not in page

    csv = client.get("/espaces/reservations/?status=all&export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Espace;Intitulé;Début;Fin")
    assert "Atelier couture" in text and "2026-11-17 14:00:00" in text
    xlsx = client.get("/espaces/reservations/?export=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_api_books_refuses_a_clash_naming_it_and_cancels(room, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    body = {"space": room.pk, "title": "Aide aux devoirs", "starts_at": "2026-11-17T17:00:00+01:00",
            "ends_at": "2026-11-17T18:30:00+01:00", "party_size": 6, "booker_kind": "coordinator"}
    created = client.post("/api/bookings/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    booking_id = created.json()["id"]
    assert created.json()["space_name"] == "Salle commune"

    clash = client.post("/api/bookings/", {**body, "title": "Yoga"}, content_type="application/json")
    assert clash.status_code == 400
    assert "« Aide aux devoirs » le mardi 17 novembre 2026 de 17:00 à 18:30" in clash.json()["starts_at"][0]

    bad = client.post("/api/bookings/", {**body, "ends_at": "2026-11-17T16:00:00+01:00"},
                      content_type="application/json")
    assert bad.status_code == 400 and bad.json() == {"ends_at": ["La fin doit être postérieure au début."]}

    cancelled = client.post(f"/api/bookings/{booking_id}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get("/api/bookings/").json()["count"] == 0
    assert client.get("/api/bookings/?status=all").json()["count"] == 1
    assert client.get("/api/bookings/?booker_kind=nobody").status_code == 400


def test_api_creates_a_space_with_opening_hours(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/api/spaces/", {
        "name": "Jardin", "kind": "garden", "capacity": 15,
        "opening_hours": [{"weekday": 5, "opens_at": "10:00", "closes_at": "12:00"},
                          {"weekday": 5, "opens_at": "14:00", "closes_at": "18:00"}],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    assert len(response.json()["opening_hours"]) == 2
    overlap = client.post("/api/spaces/", {
        "name": "Bureau", "kind": "office", "capacity": 4,
        "opening_hours": [{"weekday": 0, "opens_at": "09:00", "closes_at": "12:00"},
                          {"weekday": 0, "opens_at": "11:00", "closes_at": "13:00"}],
    }, content_type="application/json")
    assert overlap.status_code == 400 and "opening_hours" in overlap.json()


def test_space_screen_sets_several_ranges_a_day(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    data = {"name": "Salle commune", "kind": "common_room", "capacity": 30, "is_active": "on",
            "hours_0": "09:00-12:00, 14:00-19:00", "hours_5": "10h00-12h00"}
    assert client.post("/espaces/nouveau/", data).status_code == 302
    with in_schema(residence_a):
        from core.spaces.models import Space
        space = Space.objects.get()
        assert [str(h) for h in space.opening_hours.all()] == [
            "lundi 09:00–12:00", "lundi 14:00–19:00", "samedi 10:00–12:00"]
    page = client.post("/espaces/nouveau/", {**data, "hours_1": "matin"}).content.decode()
    assert "« matin » : écrivez les plages comme 09:00-12:00, 14:00-19:00." in page


def test_foreign_ids_are_404_for_writes_too(room, residence_a, residence_b, coordinator_b, in_schema):
    with in_schema(residence_a):
        booking = BookingFactory(space=room, starts_at=aware(2026, 11, 17, 9), ends_at=aware(2026, 11, 17, 10))
    client = client_on(residence_b, coordinator_b)
    assert client.post(f"/espaces/reservations/{booking.pk}/annuler/").status_code == 404
    assert client.post(f"/api/bookings/{booking.pk}/cancel/").status_code == 404
    assert client.post(f"/espaces/{room.pk}/modifier/", {"name": "x"}).status_code == 404
    # Booking B's room with A's space id is refused on the field, not saved.
    response = client.post("/api/bookings/", {"space": room.pk, "title": "x", "starts_at": "2026-11-17T09:00:00Z",
                                              "ends_at": "2026-11-17T10:00:00Z"}, content_type="application/json")
    assert response.status_code == 400 and "space" in response.json()
    with in_schema(residence_a):
        assert Booking.objects.get().status == BookingStatus.CONFIRMED


def test_detail_and_edit_pages_render_with_data(room, residence_a, coordinator_a, in_schema):
    from core.safety.factories import IncidentFactory, SafetyCheckFactory, SpaceRulesFactory

    with in_schema(residence_a):
        partner = PartnerFactory(name="Siel Bleu")
        booking = BookingFactory(space=room, title="Atelier équilibre", booker_kind="partner", partner=partner,
                                 workshop_theme="fall_prevention")
        SpaceRulesFactory(space=room)
        check = SafetyCheckFactory(space=room, label="Extincteur")
        incident = IncidentFactory(space=room, title="Prise abîmée")
    client = client_on(residence_a, coordinator_a)
    for path, text in [
        (f"/espaces/reservations/{booking.pk}/", "Atelier équilibre"),
        (f"/espaces/{room.pk}/modifier/", "Salle commune"),
        (f"/partenaires/{partner.pk}/modifier/", "Siel Bleu"),
        (f"/securite/regles/{room.pk}/", "Version 1 en vigueur"),
        (f"/securite/regles/{room.pk}/prise-de-connaissance/", "Flamme nue"),
        (f"/securite/controles/{check.pk}/", "Extincteur"),
        (f"/securite/incidents/{incident.pk}/modifier/", "Prise abîmée"),
    ]:
        response = client.get(path)
        assert response.status_code == 200 and text in response.content.decode(), path
    assert "prévention des chutes" in client.get(f"/espaces/reservations/{booking.pk}/").content.decode()
