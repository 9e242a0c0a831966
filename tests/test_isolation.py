"""Nothing of one residence is readable from another's subdomain, nor by the wrong landlord."""
import pytest

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from tests.conftest import client_on, host_of, schema_tables


@pytest.fixture
def rows(residence_a, residence_b, in_schema):
    """Rows of the same models in both residences."""
    with in_schema(residence_a):
        # Ids far above B's sequences: they exist only in A.
        resident_a = ResidentFactory(id=900_001, first_name="Ginette")
        activity_a = ActivityFactory(id=900_001, title="Atelier tricot des Tilleuls")
        activity_a.attendances.create(resident=resident_a)
    with in_schema(residence_b):
        resident_b = ResidentFactory(first_name="Mamadou")
        activity_b = ActivityFactory(title="Potager des Cèdres")
    return {"resident_a": resident_a, "activity_a": activity_a, "resident_b": resident_b, "activity_b": activity_b}


def test_coordinator_of_a_is_refused_everywhere_on_b(rows, residence_b, coordinator_a):
    client = client_on(residence_b)
    # Logging in works (the account exists) but nothing of B is served.
    client.post("/connexion/", {"username": coordinator_a.email, "password": "motdepasse-de-test-2026"})
    for path in ["/", "/activites/", "/habitants/", f"/activites/{rows['activity_b'].pk}/presences/",
                 "/api/activities/", "/api/residents/", f"/api/activities/{rows['activity_b'].pk}/attendance/"]:
        assert client.get(path).status_code == 404, path


def test_ids_of_a_do_not_resolve_on_b(rows, residence_a, residence_b, head_office):
    """Head office may enter both residences; A's ids still mean nothing on B's host."""
    activity_id = rows["activity_a"].pk
    on_a = client_on(residence_a, head_office)
    assert on_a.get(f"/api/activities/{activity_id}/").status_code == 200
    assert on_a.get(f"/activites/{activity_id}/presences/").status_code == 200

    client = client_on(residence_b, head_office)
    assert client.get(f"/activites/{activity_id}/presences/").status_code == 404
    assert client.get(f"/api/activities/{activity_id}/").status_code == 404
    assert client.get(f"/api/activities/{activity_id}/attendance/").status_code == 404
    assert client.get(f"/api/residents/{rows['resident_a'].pk}/").status_code == 404

    listing = client.get("/api/activities/").json()
    titles = {a["title"] for a in listing["results"]}
    assert titles == {"Potager des Cèdres"}
    residents = {r["first_name"] for r in client.get("/api/residents/").json()["results"]}
    assert residents == {"Mamadou"}
    page = client.get("/habitants/").content.decode()
    assert "Mamadou" in page and "Ginette" not in page


def test_attendance_cannot_point_at_a_resident_of_another_residence(rows, residence_b, coordinator_b):
    client = client_on(residence_b, coordinator_b)
    foreign_only = rows["resident_a"].pk
    response = client.put(f"/api/activities/{rows['activity_b'].pk}/attendance/", {"residents": [foreign_only]},
                          content_type="application/json")
    assert response.status_code == 400
    assert "residents" in response.json()


def test_attendance_search_on_b_never_finds_or_ticks_people_of_a(rows, residence_b, coordinator_b, in_schema):
    """Ginette (id 900001) lives in A: B's tick screen neither finds her by name nor accepts her id."""
    client = client_on(residence_b, coordinator_b)
    url = f"/activites/{rows['activity_b'].pk}/presences/"
    for headers in ({}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "attendance-found"},
                    {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "attendance-fallback"}):
        for q in ("gin", "Ginette", "900001"):
            html = client.get(url, {"q": q}, **headers).content.decode()
            # Nobody expected on B's session and nobody found: no button, no checkbox (the query is echoed).
            assert "data-resident=" not in html and 'name="residents" value=' not in html, (q, headers)
    assert f'data-resident="{rows["resident_b"].pk}"' in client.get(url, {"q": "mam"}).content.decode()
    toggle = client.post(f"{url}basculer/", {"resident": rows["resident_a"].pk, "present": "1", "found": "1"},
                         HTTP_HX_REQUEST="true")
    assert toggle.status_code == 404
    refused = client.post(url, {"residents": [rows["resident_a"].pk]})
    assert "Habitant·e inconnu·e dans cette résidence : 900001." in refused.content.decode()
    with in_schema(residence_b):
        assert not rows["activity_b"].attendances.exists()


def test_landlord_viewer_never_reaches_a_residence_subdomain(rows, residence_a, viewer_l1):
    client = client_on(residence_a)
    client.post("/connexion/", {"username": viewer_l1.email, "password": "motdepasse-de-test-2026"})
    assert client.get("/").status_code == 404
    assert client.get("/api/residents/").status_code == 404


def test_api_token_of_a_member_of_a_is_refused_on_b(rows, residence_b, coordinator_a):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=coordinator_a)
    client = client_on(residence_b)
    response = client.get("/api/residents/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 404


def test_session_cookie_from_a_replayed_on_b_is_anonymous(rows, residence_a, residence_b, head_office):
    client_a = client_on(residence_a, head_office)
    session_cookie = client_a.cookies["sessionid"].value
    client_b = client_on(residence_b)
    client_b.cookies["sessionid"] = session_cookie
    response = client_b.get("/habitants/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    assert client_b.get("/api/residents/").status_code in (401, 403)


def test_unknown_subdomain_is_404(db):
    from django.test import Client

    assert Client(HTTP_HOST="inconnue.localhost").get("/").status_code == 404


def test_public_schema_has_no_table_of_a_core_app(residence_a):
    from django.apps import apps
    from django.conf import settings

    core_tables = {
        model._meta.db_table
        for app in settings.TENANT_APPS if app not in settings.SHARED_APPS
        for model in apps.get_app_config(app.rsplit(".", 1)[-1]).get_models()
    }
    public_tables = schema_tables("public")
    residence_tables = schema_tables(residence_a.schema_name)
    assert core_tables and core_tables <= residence_tables
    assert not core_tables & public_tables


def test_landlord_viewer_sees_only_its_residences(residence_a, residence_b, viewer_l1):
    page = client_on(None, viewer_l1).get("/pilotage/bailleur/").content.decode()
    assert residence_a.name in page
    assert residence_b.name not in page


def test_landlord_viewer_cannot_open_the_head_office_comparison(residence_a, viewer_l1, coordinator_a):
    assert client_on(None, viewer_l1).get("/pilotage/").status_code == 403
    assert client_on(None, coordinator_a).get("/pilotage/").status_code == 403
    assert client_on(None, coordinator_a).get("/api/reporting/values/?month=2026-10").status_code == 403


def test_an_outsider_who_logged_in_on_b_can_still_log_out(residence_b, coordinator_a):
    client = client_on(residence_b)
    client.post("/connexion/", {"username": coordinator_a.email, "password": "motdepasse-de-test-2026"})
    assert client.get("/").status_code == 404
    assert client.post("/deconnexion/").status_code == 302
    assert client.get("/").status_code == 302  # anonymous now: sent to the login page


def test_api_token_writes_work_without_csrf_on_the_members_residence(rows, residence_b, coordinator_b):
    """Token clients carry no cookie: the CSRF check must not apply to them (real CSRF checks on)."""
    from django.test import Client
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=coordinator_b)
    client = Client(HTTP_HOST=host_of(residence_b), enforce_csrf_checks=True)
    response = client.put(f"/api/activities/{rows['activity_b'].pk}/attendance/",
                          {"residents": [rows["resident_b"].pk]}, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200, response.content
    assert response.json() == {"residents": [rows["resident_b"].pk]}


def test_residences_api_is_scoped_to_the_callers_landlord(residence_a, residence_b, viewer_l1, coordinator_b):
    client = client_on(None, viewer_l1)
    assert [r["slug"] for r in client.get("/api/residences/").json()["results"]] == [residence_a.slug]
    assert client.get(f"/api/residences/{residence_a.pk}/").status_code == 200
    assert client.get(f"/api/residences/{residence_b.pk}/").status_code == 404

    coordinator = client_on(None, coordinator_b)
    assert [r["slug"] for r in coordinator.get("/api/residences/").json()["results"]] == [residence_b.slug]


def test_a_landlord_viewer_asking_for_another_landlord_gets_its_own(residence_a, residence_b, viewer_l1):
    page = client_on(None, viewer_l1).get(f"/pilotage/bailleur/?bailleur={residence_b.landlord_id}")
    content = page.content.decode()
    assert residence_a.name in content and residence_b.name not in content
