"""The network of practice in the API (bare domain): members only, each caller's audience, nothing of
another landlord's or residence's unpublished sheets; OpenAPI lists the three resources."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from network.practice import services
from network.practice.models import NetworkEvent, NetworkResource, PracticeSheet
from tests.conftest import aware, client_on

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def network(residence_a, residence_b, head_office):
    published = PracticeSheet.objects.create(residence=residence_a, source_kind="project", source_id=1,
                                             title="Fiche publiée de A", size_band="medium", status="published",
                                             published_at=aware(2026, 3, 1), how="…")
    landlords = PracticeSheet.objects.create(residence=residence_b, source_kind="series", source_id=1,
                                             title="Fiche de B pour les bailleurs", size_band="small",
                                             status="published", published_at=aware(2026, 3, 2), for_landlords=True)
    draft = PracticeSheet.objects.create(residence=residence_a, source_kind="project", source_id=2,
                                         title="Brouillon de A", size_band="medium")
    submitted = PracticeSheet.objects.create(residence=residence_b, source_kind="project", source_id=2,
                                             title="Soumise par B", size_band="small", status="submitted")
    guide = services.resource_create(actor=head_office, title="Guide pour tous", kind="guide", for_landlords=True,
                                     file=SimpleUploadedFile("g.pdf", PDF))
    internal = services.resource_create(actor=head_office, title="Outil des coordinations", kind="tool",
                                        file=SimpleUploadedFile("o.pdf", PDF))
    event = NetworkEvent.objects.create(title="Visite ouverte aux bailleurs", starts_at=aware(2030, 1, 7),
                                        ends_at=aware(2030, 1, 7, 17), place="Vitry", for_landlords=True)
    return {"published": published, "landlords": landlords, "draft": draft, "submitted": submitted,
            "guide": guide, "internal": internal, "event": event}


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def test_each_caller_gets_their_audience_and_never_a_draft(network, coordinator_a, coordinator_b, viewer_l1,
                                                             viewer_l2, head_office):
    for coordinator in (coordinator_a, coordinator_b):
        api = client_on(None, coordinator)
        assert titles(api.get("/api/practice-sheets/")) == {"Fiche publiée de A", "Fiche de B pour les bailleurs"}
        assert titles(api.get("/api/network-resources/")) == {"Guide pour tous", "Outil des coordinations"}
    for viewer in (viewer_l1, viewer_l2):  # published for landlords, whichever landlord's residence wrote it
        api = client_on(None, viewer)
        assert titles(api.get("/api/practice-sheets/")) == {"Fiche de B pour les bailleurs"}
        assert titles(api.get("/api/network-resources/")) == {"Guide pour tous"}
        assert titles(api.get("/api/network-events/")) == {"Visite ouverte aux bailleurs"}
        assert api.get(f"/api/practice-sheets/{network['published'].pk}/").status_code == 404
        assert api.get(f"/api/network-resources/{network['internal'].pk}/").status_code == 404
    head = client_on(None, head_office)
    assert titles(head.get("/api/practice-sheets/")) == {"Fiche publiée de A", "Fiche de B pour les bailleurs",
                                                          "Soumise par B"}
    assert titles(head.get("/api/practice-sheets/?status=submitted")) == {"Soumise par B"}
    for who in (coordinator_a, coordinator_b, viewer_l1):
        api = client_on(None, who)
        assert api.get(f"/api/practice-sheets/{network['draft'].pk}/").status_code == 404
        assert api.get(f"/api/practice-sheets/{network['submitted'].pk}/").status_code == 404
    body = client_on(None, coordinator_b).get(f"/api/practice-sheets/{network['published'].pk}/").json()
    assert "residence" not in body and "author" not in body


def test_filters_are_the_pages_filters_and_bad_values_are_named(network, coordinator_a):
    api = client_on(None, coordinator_a)
    assert titles(api.get("/api/practice-sheets/?size_band=small")) == {"Fiche de B pour les bailleurs"}
    response = api.get("/api/practice-sheets/?theme=nope")
    assert response.status_code == 400 and "theme" in response.json()
    assert titles(api.get("/api/network-resources/?kind=tool")) == {"Outil des coordinations"}


def test_anonymous_and_residence_hosts_get_nothing(network, residence_a, coordinator_a):
    assert client_on(None).get("/api/practice-sheets/").status_code in (401, 403)
    # The network's API lives on the bare domain only.
    assert client_on(residence_a, coordinator_a).get("/api/practice-sheets/").status_code == 404


def test_the_openapi_schema_lists_the_network_resources(head_office):
    schema = client_on(None, head_office).get("/api/schema/").content.decode()
    for path in ("/api/practice-sheets/", "/api/network-resources/", "/api/network-events/"):
        assert path in schema


def test_the_head_office_creates_and_updates_resources_and_events_through_the_api(head_office, viewer_l1):
    head = client_on(None, head_office)
    response = head.post("/api/network-resources/", {"title": "Guide API", "kind": "guide", "tags": "a, b",
                                                     "for_landlords": "true", "for_coordinators": "false",
                                                     "file": SimpleUploadedFile("g.pdf", PDF)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tags"] == "a, b" and [v["number"] for v in body["versions"]] == [1]
    resource = NetworkResource.objects.get(title="Guide API")
    response = head.patch(f"/api/network-resources/{resource.pk}/", {"description": "Revu"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["description"] == "Revu"
    # A landlord's staff now reads it (its audience), but writes nothing.
    assert client_on(None, viewer_l1).get(f"/api/network-resources/{resource.pk}/").json()["description"] == "Revu"

    response = head.post("/api/network-events/", {
        "title": "Visite API", "kind": "site_visit", "starts_at": "2030-03-04T10:00:00+01:00",
        "ends_at": "2030-03-04T12:00:00+01:00", "place": "Vitry", "capacity": 10, "for_landlords": True},
        content_type="application/json")
    assert response.status_code == 201, response.content
    event = NetworkEvent.objects.get(title="Visite API")
    assert response.json()["registration_count"] == 0 and event.for_landlords
    response = head.patch(f"/api/network-events/{event.pk}/", {"capacity": 20}, content_type="application/json")
    assert response.status_code == 200 and response.json()["capacity"] == 20


def test_api_writes_are_refused_on_their_field(head_office, coordinator_a):
    head = client_on(None, head_office)
    response = head.post("/api/network-resources/", {"title": "Sans fichier", "kind": "guide"})
    assert response.status_code == 400 and "file" in response.json()
    response = head.post("/api/network-resources/", {"title": "Faux", "kind": "guide",
                                                     "file": SimpleUploadedFile("x.pdf", b"MZ\x90 not a pdf")})
    assert response.status_code == 400 and "file" in response.json()
    event = services.event_create(actor=head_office, title="Atelier", kind="workshop", starts_at=aware(2030, 2, 4, 9),
                                  ends_at=aware(2030, 2, 4, 12), place="Paris", for_coordinators=True)
    services.registration_self(event=event, actor=coordinator_a)
    response = head.patch(f"/api/network-events/{event.pk}/", {"capacity": 0}, content_type="application/json")
    assert response.status_code == 400 and "capacity" in response.json()
    response = head.patch(f"/api/network-events/{event.pk}/", {"for_coordinators": False},
                          content_type="application/json")
    assert response.status_code == 400 and "for_coordinators" in response.json()
    response = head.patch(f"/api/network-events/{event.pk}/", {"ends_at": "2030-02-04T08:00:00+01:00"},
                          content_type="application/json")
    assert response.status_code == 400
    assert not NetworkResource.objects.exists()
    event.refresh_from_db()
    assert event.for_coordinators and event.ends_at == aware(2030, 2, 4, 12)


def test_no_one_but_the_head_office_writes_whatever_their_landlord(network, coordinator_a, viewer_l1, viewer_l2):
    guide, visit = network["guide"], network["event"]
    for who in (coordinator_a, viewer_l1, viewer_l2):
        api = client_on(None, who)
        assert api.post("/api/network-resources/", {"title": "X", "kind": "guide",
                                                    "file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
        assert api.post("/api/network-events/", {"title": "X", "kind": "workshop", "place": "Ici",
                                                 "starts_at": "2030-03-04T10:00:00+01:00",
                                                 "ends_at": "2030-03-04T12:00:00+01:00"},
                        content_type="application/json").status_code == 403
        assert api.patch(f"/api/network-resources/{guide.pk}/", {"title": "Pris"},
                         content_type="application/json").status_code == 403
        assert api.patch(f"/api/network-events/{visit.pk}/", {"title": "Pris"},
                         content_type="application/json").status_code in (403, 404)
        # A resource outside the caller's audience stays unseen, even to a write.
        assert api.patch(f"/api/network-resources/{network['internal'].pk}/", {"title": "Pris"},
                         content_type="application/json").status_code in (403, 404)
    guide.refresh_from_db()
    visit.refresh_from_db()
    assert (guide.title, visit.title) == ("Guide pour tous", "Visite ouverte aux bailleurs")
    assert NetworkResource.objects.count() == 2 and NetworkEvent.objects.count() == 1
    assert client_on(None).post("/api/network-events/", {}).status_code in (401, 403)
    assert PracticeSheet.objects.filter(title="X").count() == 0


def test_the_head_office_reviews_sheets_through_the_api_and_no_one_else_does(network, head_office, coordinator_a,
                                                                             viewer_l1):
    submitted = network["submitted"]
    for who in (coordinator_a, viewer_l1):
        api = client_on(None, who)
        assert api.post(f"/api/practice-sheets/{submitted.pk}/publish/", {}).status_code == 403
        assert api.post(f"/api/practice-sheets/{network['published'].pk}/experiment/",
                        {"is_experiment": True}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    head = client_on(None, head_office)
    response = head.post(f"/api/practice-sheets/{submitted.pk}/return/", {}, content_type="application/json")
    assert response.status_code == 400 and "review_note" in response.json()
    response = head.post(f"/api/practice-sheets/{submitted.pk}/publish/", {"for_landlords": True},
                         content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert "Soumise par B" in titles(client_on(None, viewer_l1).get("/api/practice-sheets/"))
    response = head.post(f"/api/practice-sheets/{submitted.pk}/publish/", {}, content_type="application/json")
    assert response.status_code == 400 and "status" in response.json()  # already published
    response = head.post(f"/api/practice-sheets/{submitted.pk}/experiment/", {"is_experiment": True},
                         content_type="application/json")
    assert response.status_code == 200 and response.json()["is_experiment"] is True
    response = head.post(f"/api/practice-sheets/{submitted.pk}/return/", {"review_note": "Retirer le prénom"},
                         content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "draft"
    assert head.post(f"/api/practice-sheets/{network['draft'].pk}/publish/", {}).status_code == 404
    assert "Soumise par B" not in titles(client_on(None, viewer_l1).get("/api/practice-sheets/"))


def test_the_head_office_adds_versions_and_deletes_through_the_api_and_no_one_else_does(
        network, head_office, coordinator_a, viewer_l1, django_capture_on_commit_callbacks):
    guide, visit = network["guide"], network["event"]
    for who in (coordinator_a, viewer_l1):
        api = client_on(None, who)
        assert api.post(f"/api/network-resources/{guide.pk}/versions/",
                        {"file": SimpleUploadedFile("v2.pdf", PDF)}).status_code == 403
        assert api.delete(f"/api/network-resources/{guide.pk}/").status_code == 403
        assert api.delete(f"/api/network-events/{visit.pk}/").status_code == 403
    assert guide.versions.count() == 1 and NetworkEvent.objects.filter(pk=visit.pk).exists()

    head = client_on(None, head_office)
    response = head.post(f"/api/network-resources/{guide.pk}/versions/", {"file": SimpleUploadedFile("x.pdf", b"MZ")})
    assert response.status_code == 400 and "file" in response.json()
    response = head.post(f"/api/network-resources/{guide.pk}/versions/",
                         {"file": SimpleUploadedFile("v2.pdf", PDF), "note": "Chiffres 2026"})
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 2 and response.json()["note"] == "Chiffres 2026"
    numbers = [v["number"] for v in head.get(f"/api/network-resources/{guide.pk}/").json()["versions"]]
    assert sorted(numbers) == [1, 2]  # the first version stays downloadable
    download = head.get(response.json()["download_url"])
    assert download.status_code == 200

    files = [v.file.name for v in guide.versions.all()]
    storage = guide.versions.first().file.storage
    with django_capture_on_commit_callbacks(execute=True):
        assert head.delete(f"/api/network-resources/{guide.pk}/").status_code == 204
    assert not NetworkResource.objects.filter(pk=guide.pk).exists()
    assert not any(storage.exists(name) for name in files)  # the files go with the resource
    assert head.delete(f"/api/network-events/{visit.pk}/").status_code == 204
    assert not NetworkEvent.objects.filter(pk=visit.pk).exists()
