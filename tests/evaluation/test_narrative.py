"""The yearly narrative the coordinator writes for the activity report."""
from core.evaluation.factories import NarrativeSectionFactory
from core.evaluation.models import NarrativeSection
from tests.conftest import client_on


def test_coordinator_writes_edits_and_deletes_sections(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    created = client.post("/evaluation/bilan/nouvelle/", {"year": 2026, "kind": "highlights", "title": "",
                                                         "body": "La fête des voisins a réuni 80 personnes."})
    assert created.status_code == 302 and created["Location"] == "/evaluation/bilan/?year=2026"
    duplicate = client.post("/evaluation/bilan/nouvelle/", {"year": 2026, "kind": "highlights", "body": "Encore"})
    assert "Cette rubrique existe déjà pour cette année" in duplicate.content.decode()
    untitled = client.post("/evaluation/bilan/nouvelle/", {"year": 2026, "kind": "free", "body": "Texte"})
    assert "Une section libre a besoin d&#x27;un titre." in untitled.content.decode()

    with in_schema(residence_a):
        section = NarrativeSection.objects.get()
    client.post(f"/evaluation/bilan/{section.pk}/modifier/", {"year": 2026, "kind": "highlights",
                                                              "body": "La fête des voisins a réuni 95 personnes."})
    page = client.get("/evaluation/bilan/?year=2026").content.decode()
    assert "95 personnes" in page and "Faits marquants" in page

    confirm = client.get(f"/evaluation/bilan/{section.pk}/supprimer/")
    assert "Supprimer la section ?" in confirm.content.decode()
    client.post(f"/evaluation/bilan/{section.pk}/supprimer/")
    with in_schema(residence_a):
        assert not NarrativeSection.objects.exists()


def test_api_lists_sections_of_a_year_and_names_fields(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        NarrativeSectionFactory(year=2025, kind="outlook")
    client = client_on(residence_a, coordinator_a)
    created = client.post("/api/evaluation/narratives/", {"year": 2026, "kind": "free", "title": "",
                                                         "body": "x"}, content_type="application/json")
    assert created.status_code == 400 and "title" in created.json()
    client.post("/api/evaluation/narratives/", {"year": 2026, "kind": "difficulties", "body": "Peu de jeunes."},
                content_type="application/json")
    rows = client.get("/api/evaluation/narratives/?year=2026").json()["results"]
    assert [r["kind"] for r in rows] == ["difficulties"]


def test_another_residence_cannot_edit_the_sections(residence_a, residence_b, coordinator_b, in_schema):
    with in_schema(residence_a):
        section = NarrativeSectionFactory(body="Secret de A")
    client = client_on(residence_b, coordinator_b)
    assert client.get(f"/evaluation/bilan/{section.pk}/modifier/").status_code == 404
    assert client.post(f"/evaluation/bilan/{section.pk}/supprimer/").status_code == 404
    assert "Secret de A" not in client.get("/evaluation/bilan/").content.decode()
