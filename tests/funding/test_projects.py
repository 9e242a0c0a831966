"""Residents' projects: carriers, stages with dates, tasks, targets and actuals, checklist, timeline."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.people.factories import ResidentFactory
from core.projects.models import ProjectTarget, ResidentProject
from core.projects.services import project_create, project_stage_set
from tests.conftest import client_on


def test_a_project_needs_a_carrier_and_dated_stages(residence_a, in_schema):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as refused:
            project_create(title="Fête des voisins", kind="event")
        assert "carrier_group" in refused.value.message_dict
        project = project_create(title="Fête des voisins", kind="event", carrier_group="Voisins du bâtiment B",
                                 started_on=dt.date(2026, 3, 1))
        project_stage_set(project=project, stage="design", on=dt.date(2026, 3, 10))
        with pytest.raises(ValidationError) as refused:
            project_stage_set(project=project, stage="funding", on=dt.date(2026, 3, 5))
        assert "on" in refused.value.message_dict
        project.refresh_from_db()
        assert (project.stage, project.stage_changed_on) == ("design", dt.date(2026, 3, 10))


def test_project_from_idea_to_running_with_funding_plan_and_a_target_actual(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        resident = ResidentFactory(first_name="Awa")
    client = client_on(residence_a, coordinator_a)
    response = client.post("/projets/nouveau/", {"title": "Atelier couture", "kind": "collective_action",
                                                 "need": "Réparer ses vêtements", "residents": [resident.pk]})
    assert response.status_code == 302
    with in_schema(residence_a):
        project = ResidentProject.objects.get()
    today = timezone.localdate().isoformat()
    for stage in ("design", "funding", "running"):
        assert client.post(f"/projets/{project.pk}/etape/", {"stage": stage, "on": today}).status_code == 302
    assert client.post(f"/projets/{project.pk}/financement/nouveau/", {
        "source": "landlord", "label": "Bailleur", "planned": "800.50", "obtained": "800.50"}).status_code == 302
    assert client.post(f"/projets/{project.pk}/financement/nouveau/", {
        "source": "own", "planned": "99.50"}).status_code == 302
    assert client.post(f"/projets/{project.pk}/objectifs/nouveau/", {
        "target": "8", "label": "habitant·es formé·es"}).status_code == 302
    with in_schema(residence_a):
        target = ProjectTarget.objects.get()
    assert client.post(f"/projets/objectifs/{target.pk}/realise/", {"actual": "9"}).status_code == 302
    assert client.post(f"/projets/{project.pk}/perennisation/", {"step": "insurance", "done_on": today}).status_code == 302
    page = client.get(f"/projets/{project.pk}/").content.decode()
    assert "900,00\u00a0€" in page and "800,50\u00a0€" in page and "reste à trouver : 99,50\u00a0€" in page
    assert "atteint" in page and "Assurance souscrite — fait le" in page
    assert "Étape : en cours" in page and "Awa" in page
    with in_schema(residence_a):
        project.refresh_from_db()
        assert project.stage == "running"
        assert list(project.stage_changes.values_list("stage", flat=True)) == ["idea", "design", "funding", "running"]
    text = client.get("/projets/?stage=running&export=csv").content.decode("utf-8-sig")
    assert "Atelier couture" in text and "Awa" in text


def test_project_list_is_constant_in_queries(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/projets/").status_code == 200
            assert client.get("/api/projects/").status_code == 200
        return len(ctx)

    def add(n):
        with in_schema(residence_a):
            for i in range(n):
                project_create(title=f"P{i}", kind="event", residents=[ResidentFactory()], carrier_group="G")

    add(1)
    few = count()
    add(10)
    assert count() == few


def test_subject_access_lists_the_projects_a_resident_carries(residence_a, in_schema):
    from core.privacy.subject_access import subject_access_data

    with in_schema(residence_a):
        resident = ResidentFactory()
        project_create(title="Club lecture", kind="collective_action", residents=[resident])
        data = subject_access_data(resident=resident, include_sensitive=False)
        assert [r["projet"] for r in data["records"]["porteur·ses de projets"]] == ["Club lecture"]
