"""API of calls for projects, applications and projects: create, move along, cross-residence refusals,
imported calls' source fields kept, OpenAPI."""
from core.funding.models import CallForProjects
from core.funding.services import call_create
from tests.conftest import client_on


def test_calls_applications_and_projects_through_the_api(residence_a, residence_b, coordinator_a, coordinator_b,
                                                         in_schema):
    a = client_on(residence_a, coordinator_a)
    call = a.post("/api/calls-for-projects/", {"title": "Fonds habitants", "funder_name": "Ville",
                                               "amount_max": "3000.00", "eligible": ["association"]},
                  content_type="application/json")
    assert call.status_code == 201, call.content
    bad = a.post("/api/calls-for-projects/", {"title": "Sans financeur"}, content_type="application/json")
    assert bad.status_code == 400 and "funder_name" in bad.json()
    project = a.post("/api/projects/", {"title": "Repair café", "kind": "collective_action",
                                        "carrier_group": "Bricoleurs"}, content_type="application/json")
    assert project.status_code == 201, project.content
    application = a.post("/api/applications/", {"call": call.json()["id"], "project": project.json()["id"],
                                                "amount_requested": "1500.25"}, content_type="application/json")
    assert application.status_code == 201, application.content
    app_id = application.json()["id"]
    assert application.json()["title"] == "Fonds habitants"
    refused = a.post(f"/api/applications/{app_id}/stage/", {"stage": "granted"}, content_type="application/json")
    assert refused.status_code == 400 and "amount_granted" in refused.json()
    granted = a.post(f"/api/applications/{app_id}/stage/", {"stage": "granted", "amount_granted": "1500.25"},
                     content_type="application/json")
    assert granted.status_code == 200 and granted.json()["amount_granted"] == "1500.25"
    moved = a.post(f"/api/projects/{project.json()['id']}/stage/", {"stage": "design"},
                   content_type="application/json")
    assert moved.status_code == 200 and moved.json()["stage"] == "design"
    assert a.get("/api/calls-for-projects/").json()["results"][0]["application_count"] == 1

    b = client_on(residence_b, coordinator_b)
    for path in ("/api/calls-for-projects/", "/api/applications/", "/api/projects/"):
        assert b.get(path).json()["count"] == 0
    for path in (f"/api/calls-for-projects/{call.json()['id']}/", f"/api/applications/{app_id}/",
                 f"/api/projects/{project.json()['id']}/"):
        assert b.get(path).status_code == 404
        assert b.patch(path, {"notes": "x"}, content_type="application/json").status_code == 404
    assert b.post(f"/api/applications/{app_id}/stage/", {"stage": "refused"},
                  content_type="application/json").status_code == 404
    cross = b.post("/api/applications/", {"call": call.json()["id"], "amount_requested": "1"},
                   content_type="application/json")
    assert cross.status_code == 400 and "call" in cross.json()


def test_an_imported_call_accepts_only_the_coordinators_status_and_notes(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        call = call_create(title="Aide importée", funder_name="ANCT")
        CallForProjects.objects.filter(pk=call.pk).update(source="aides_territoires", source_id="42")
    response = client_on(residence_a, coordinator_a).patch(
        f"/api/calls-for-projects/{call.pk}/", {"title": "Renommée", "status": "not_for_us", "notes": "Non"},
        content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["status"], response.json()["notes"]) == (
        "Aide importée", "not_for_us", "Non")


def test_openapi_describes_the_new_resources(residence_a, coordinator_a):
    schema = client_on(residence_a, coordinator_a).get("/api/schema/?format=json").json()
    for path in ("/api/partners/", "/api/partner-interactions/", "/api/calls-for-projects/", "/api/applications/",
                 "/api/projects/", "/api/applications/{id}/stage/", "/api/partner-interactions/{id}/done/"):
        assert path in schema["paths"], path
