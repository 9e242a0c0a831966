"""Coworking desk sign-in log: arrivals, departures, filters, exports, API."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.people.factories import ResidentFactory
from core.spaces.factories import DeskSignInFactory, SpaceFactory
from core.spaces.models import DeskSignIn
from tests.conftest import aware, client_on


def test_sign_in_a_visitor_and_a_resident_then_sign_out(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        desk = SpaceFactory(name="Poste coworking 1", kind="coworking_desk", capacity=1)
        room = SpaceFactory(name="Salle commune")
        amina = ResidentFactory(first_name="Amina", last_name_initial="K", pseudonym="")
    client = client_on(residence_a, coordinator_a)
    assert client.post("/espaces/coworking/", {"desk": desk.pk, "visitor_name": "Jean Dupont"}).status_code == 302
    assert client.post("/espaces/coworking/", {"desk": desk.pk, "resident": amina.pk}).status_code == 302
    page = client.post("/espaces/coworking/", {"desk": desk.pk}).content.decode()
    assert "Choisissez un·e habitant·e ou saisissez le nom du visiteur ou de la visiteuse." in page
    page = client.post("/espaces/coworking/", {"desk": room.pk, "visitor_name": "X"}).content.decode()
    assert "Sélectionnez un choix valide" in page  # only coworking desks are offered
    with in_schema(residence_a):
        assert DeskSignIn.objects.count() == 2
        visitor = DeskSignIn.objects.get(visitor_name="Jean Dupont")
    page = client.get("/espaces/coworking/").content.decode()
    assert "Jean Dupont" in page and "Amina K." in page
    assert client.get(f"/espaces/coworking/{visitor.pk}/depart/").status_code == 405
    assert client.post(f"/espaces/coworking/{visitor.pk}/depart/").status_code == 302
    with in_schema(residence_a):
        visitor.refresh_from_db()
    assert visitor.left_at is not None
    table = client.get("/espaces/coworking/?present_only=on").content.decode().split("<tbody>", 1)[1]
    assert "Amina K." in table and "Jean Dupont" not in table


def test_log_filters_exports_and_keeps_its_query_count(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        desk = SpaceFactory(name="Poste coworking 1", kind="coworking_desk", capacity=1)
        DeskSignInFactory(desk=desk, visitor_name="Claire Martin", arrived_at=aware(2026, 11, 2, 9),
                          left_at=aware(2026, 11, 2, 12))
        DeskSignInFactory(desk=desk, visitor_name="Paul Bernard", arrived_at=aware(2026, 10, 20, 9),
                          left_at=aware(2026, 10, 20, 17))
    client = client_on(residence_a, coordinator_a)
    page = client.get("/espaces/coworking/?date_from=2026-11-01&date_to=2026-11-30").content.decode()
    assert "Claire Martin" in page and "Paul Bernard" not in page
    text = client.get("/espaces/coworking/?search=claire&export=csv").content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Poste;Personne;Habitant·e;Arrivée;Départ"
    assert "Claire Martin" in text and "Paul Bernard" not in text
    assert client.get("/espaces/coworking/?export=xlsx").content[:2] == b"PK"

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    few = (count("/espaces/coworking/"), count("/api/desk-sign-ins/"))
    with in_schema(residence_a):
        for resident in ResidentFactory.create_batch(20):
            DeskSignInFactory(desk=SpaceFactory(kind="coworking_desk", capacity=1), resident=resident,
                              visitor_name="")
    assert (count("/espaces/coworking/"), count("/api/desk-sign-ins/")) == few


def test_api_signs_in_and_out(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        desk = SpaceFactory(kind="coworking_desk", capacity=1)
    client = client_on(residence_a, coordinator_a)
    created = client.post("/api/desk-sign-ins/", {"desk": desk.pk, "visitor_name": "Léa Petit"},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    sign_in_id = created.json()["id"]
    out = client.post(f"/api/desk-sign-ins/{sign_in_id}/sign-out/")
    assert out.status_code == 200 and out.json()["left_at"]
    again = client.post(f"/api/desk-sign-ins/{sign_in_id}/sign-out/")
    assert again.status_code == 400 and again.json() == {"left_at": ["Le départ est déjà noté."]}
    nobody = client.post("/api/desk-sign-ins/", {"desk": desk.pk}, content_type="application/json")
    assert nobody.status_code == 400 and "visitor_name" in nobody.json()
    assert client.get("/api/desk-sign-ins/?search=léa").json()["count"] == 1
    assert dt.datetime.fromisoformat(out.json()["left_at"]) > dt.datetime.fromisoformat(created.json()["arrived_at"])
