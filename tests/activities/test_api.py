"""The activities API: series, registrations, anonymous counts, cancellation, filters, isolation."""
import time_machine

from core.activities.factories import ActivityFactory
from core.activities.models import Activity
from core.people.factories import ResidentFactory
from core.spaces.models import Space
from tests.conftest import aware, client_on

NEW = {"title": "Gym douce", "kind": "physical", "audience": "seniors", "starts_at": "2026-10-05T10:00:00+02:00",
       "ends_at": "2026-10-05T11:00:00+02:00", "place": "Gymnase Delaune", "capacity": 2}


@time_machine.travel(aware(2026, 10, 1, 8), tick=False)
def test_api_creates_a_series_and_lists_its_sessions(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    created = client.post("/api/activities/", {**NEW, "frequency": "weekly", "occurrence_count": 6},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    series_id = created.json()["series"]
    series = client.get(f"/api/activity-series/{series_id}/").json()
    assert series["session_count"] == 6 and series["frequency"] == "weekly"
    sessions = client.get(f"/api/activities/?series={series_id}").json()
    assert sessions["count"] == 6
    assert client.get("/api/activities/?date_from=2026-10-12&date_to=2026-10-19").json()["count"] == 2
    assert client.get("/api/activities/?audience=children").json()["count"] == 0
    assert client.get("/api/activities/?date_from=2026-02-30").json()["count"] == 6  # impossible date: ignored

    updated = client.post(f"/api/activity-series/{series_id}/update-upcoming/",
                          {"start_time": "10:30", "end_time": "11:30", "title": "Gym douce et équilibre"},
                          content_type="application/json")
    assert updated.status_code == 200 and updated.json()["updated_sessions"] == 6
    titles = {a["title"] for a in client.get(f"/api/activities/?series={series_id}").json()["results"]}
    assert titles == {"Gym douce et équilibre"}


def test_api_registrations_enforce_capacity_and_counts_and_cancel(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        residents = ResidentFactory.create_batch(3)
    client = client_on(residence_a, coordinator_a)
    activity_id = client.post("/api/activities/", NEW, content_type="application/json").json()["id"]
    url = f"/api/activities/{activity_id}/registrations/"
    for resident in residents[:2]:
        assert client.post(url, {"resident": resident.pk}, content_type="application/json").status_code == 201
    full = client.post(url, {"resident": residents[2].pk, "waitlist": False}, content_type="application/json")
    assert full.status_code == 400
    assert full.json()["resident"] == ["Complet : les 2 places de cette animation sont déjà prises."]
    assert client.get(url).json() == {"residents": sorted(r.pk for r in residents[:2]), "waiting": []}
    client.delete(url, {"resident": residents[0].pk}, content_type="application/json")
    assert client.get(url).json() == {"residents": [residents[1].pk], "waiting": []}

    counts = client.put(f"/api/activities/{activity_id}/anonymous-counts/",
                        {"children": 4, "neighbours": 2, "guests": 1}, content_type="application/json")
    assert counts.json() == {"children": 4, "neighbours": 2, "guests": 1}
    bad = client.put(f"/api/activities/{activity_id}/anonymous-counts/",
                     {"children": -1, "neighbours": 2, "guests": 1}, content_type="application/json")
    assert bad.status_code == 400 and "children" in bad.json()

    assert client.post(f"/api/activities/{activity_id}/cancel/", {"reason": ""},
                       content_type="application/json").status_code == 400
    cancelled = client.post(f"/api/activities/{activity_id}/cancel/", {"reason": "Gymnase fermé"},
                            content_type="application/json")
    assert cancelled.json()["status"] == "cancelled"
    refused = client.put(f"/api/activities/{activity_id}/attendance/", {"residents": [residents[1].pk]},
                         content_type="application/json")
    assert refused.status_code == 400 and "annulée" in str(refused.json())


def test_api_registration_when_full_waits_like_the_pages_and_a_freed_place_promotes(residence_a, coordinator_a,
                                                                                      in_schema):
    with in_schema(residence_a):
        first, second, third, fourth = ResidentFactory.create_batch(4)
    client = client_on(residence_a, coordinator_a)
    activity_id = client.post("/api/activities/", NEW, content_type="application/json").json()["id"]  # 2 places
    url = f"/api/activities/{activity_id}/registrations/"

    def post(resident, **extra):
        return client.post(url, {"resident": resident.pk, **extra}, content_type="application/json")

    assert post(first).json()["outcome"] == {"resident": first.pk, "status": "registered", "position": None}
    post(second)
    waits = post(third)
    assert waits.status_code == 201
    assert waits.json()["outcome"] == {"resident": third.pk, "status": "waiting", "position": 1}
    assert post(fourth).json()["outcome"]["position"] == 2
    again = post(third)
    assert again.status_code == 400 and again.json()["resident"] == ["Cette personne est déjà sur la liste d'attente."]
    listed = client.get(url).json()
    assert listed["residents"] == sorted([first.pk, second.pk])
    assert [(w["resident"], w["position"]) for w in listed["waiting"]] == [(third.pk, 1), (fourth.pk, 2)]

    # A place frees: the first person waiting takes it, the next moves up.
    freed = client.delete(url, {"resident": first.pk}, content_type="application/json")
    assert freed.status_code == 200
    assert freed.json()["promoted"] == third.pk
    assert freed.json()["residents"] == sorted([second.pk, third.pk])
    assert [(w["resident"], w["position"]) for w in freed.json()["waiting"]] == [(fourth.pk, 1)]
    # Leaving the waiting list frees no place: nobody is promoted.
    left = client.delete(url, {"resident": fourth.pk}, content_type="application/json")
    assert left.json() == {"residents": sorted([second.pk, third.pk]), "waiting": [], "promoted": None}

    # The page's registration block shows what the API did.
    page = client.get(f"/activites/{activity_id}/").content.decode()
    assert third.display_name in page


def test_api_update_one_session_and_names_the_field(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        room = Space.objects.create(name="Salle commune", capacity=40)
        activity = ActivityFactory(starts_at=aware(2026, 10, 5, 14))
    client = client_on(residence_a, coordinator_a)
    moved = client.patch(f"/api/activities/{activity.pk}/", {"space": room.pk, "place": ""},
                         content_type="application/json")
    assert moved.status_code == 200 and moved.json()["place_label"] == "Salle commune"
    both = client.patch(f"/api/activities/{activity.pk}/", {"place": "Parc"}, content_type="application/json")
    assert both.status_code == 400 and both.json()
    backwards = client.patch(f"/api/activities/{activity.pk}/", {"ends_at": "2026-10-05T10:00:00+02:00"},
                             content_type="application/json")
    assert backwards.status_code == 400 and "ends_at" in backwards.json()


def test_api_refuses_ids_of_another_residence(residence_a, residence_b, coordinator_b, in_schema):
    with in_schema(residence_a):
        room_a = Space.objects.create(id=600_001, name="Salle des Tilleuls", capacity=30)
        resident_a = ResidentFactory(id=600_001)
        activity_a = ActivityFactory(id=600_001)
    with in_schema(residence_b):
        activity_b = ActivityFactory()
    client = client_on(residence_b, coordinator_b)
    for path in (f"/api/activities/{activity_a.pk}/", f"/api/activities/{activity_a.pk}/registrations/",
                 f"/api/activities/{activity_a.pk}/anonymous-counts/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/api/activities/{activity_a.pk}/cancel/", {"reason": "x"},
                       content_type="application/json").status_code == 404
    registered = client.post(f"/api/activities/{activity_b.pk}/registrations/", {"resident": resident_a.pk},
                             content_type="application/json")
    assert registered.status_code == 400 and "resident" in registered.json()
    created = client.post("/api/activities/", {**NEW, "space": room_a.pk, "place": ""},
                          content_type="application/json")
    assert created.status_code == 400 and "space" in created.json()
    with in_schema(residence_b):
        assert Activity.objects.count() == 1


def test_openapi_documents_the_new_endpoints(residence_a, coordinator_a):
    schema = client_on(residence_a, coordinator_a).get("/api/schema/?format=json").json()
    for path in ("/api/activities/{id}/registrations/", "/api/activities/{id}/anonymous-counts/",
                 "/api/activities/{id}/cancel/", "/api/activity-series/",
                 "/api/activity-series/{id}/update-upcoming/"):
        assert path in schema["paths"], path
    names = {p["name"] for p in schema["paths"]["/api/activities/"]["get"]["parameters"]}
    assert {"kind", "audience", "status", "date_from", "date_to", "series", "search"} <= names

    def schema_of(operation, key):
        content = operation[key]["content"] if key == "requestBody" else operation["responses"][key]["content"]
        name = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        return schema["components"]["schemas"][name]["properties"]

    registrations = schema["paths"]["/api/activities/{id}/registrations/"]
    assert "waitlist" in schema_of(registrations["post"], "requestBody")
    created = schema_of(registrations["post"], "201")
    assert {"residents", "waiting", "outcome"} <= set(created)
    assert "promoted" in schema_of(registrations["delete"], "200")
    assert {"residents", "waiting"} <= set(schema_of(registrations["get"], "200"))
