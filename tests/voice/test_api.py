"""The residents' voice API: OpenAPI, list/create/retrieve through the services, refusals naming the
field, ids of another residence 404, lists constant in queries."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.people.factories import ResidentFactory
from core.voice.factories import (
    ConsultationFactory,
    GovernanceBodyFactory,
    NeedFactory,
    QuestionnaireFactory,
    SkillEntryFactory,
    SkillExchangeFactory,
)
from tests.conftest import client_on

pytestmark = pytest.mark.django_db

RESOURCES = ["questionnaires", "needs", "skills", "skill-exchanges", "consultations", "governance-bodies"]


def test_openapi_describes_every_resource(residence_a, coordinator_a):
    schema = client_on(residence_a, coordinator_a).get("/api/schema/?format=json").json()
    for name in RESOURCES:
        assert f"/api/{name}/" in schema["paths"] and f"/api/{name}/{{id}}/" in schema["paths"], name
    assert "/api/consultations/{id}/results/" in schema["paths"]
    assert "/api/questionnaires/{id}/questions/" in schema["paths"]


def test_create_and_refusals_name_the_field(residence_a, in_schema, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    today = timezone.localdate()
    created = client.post("/api/questionnaires/", {"title": "Diagnostic", "opens_on": today.isoformat(),
                                                   "closes_on": (today + dt.timedelta(days=9)).isoformat()},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["submission_count"] == 0
    refused = client.post("/api/questionnaires/", {"title": "Diagnostic", "opens_on": today.isoformat(),
                                                   "closes_on": (today - dt.timedelta(days=1)).isoformat()},
                          content_type="application/json")
    assert refused.status_code == 400 and "closes_on" in refused.json()
    assert client.post("/api/needs/", {"label": "aide numérique"}, content_type="application/json").status_code == 201
    twice = client.post("/api/needs/", {"label": "aide numérique"}, content_type="application/json")
    assert twice.status_code == 400 and "label" in twice.json()
    with in_schema(residence_a):
        giver, learner = ResidentFactory(age_band="75+"), ResidentFactory(age_band="18-25")
    exchange = client.post("/api/skill-exchanges/", {"giver": giver.pk, "learner": learner.pk, "category": "sewing",
                                                     "happened_on": "2026-03-03", "hours": "2.0"},
                           content_type="application/json")
    assert exchange.status_code == 201 and exchange.json()["intergenerational"] is True
    same = client.post("/api/skill-exchanges/", {"giver": giver.pk, "learner": giver.pk, "category": "sewing",
                                                 "happened_on": "2026-03-03", "hours": "2.0"},
                       content_type="application/json")
    assert same.status_code == 400 and "learner" in same.json()
    now = timezone.now()
    vote = client.post("/api/consultations/", {
        "question": "Quel atelier ?", "method": "multiple", "opens_at": now.isoformat(),
        "closes_at": (now + dt.timedelta(days=3)).isoformat(), "option_labels": ["Cuisine", "Couture", "Jardin"]},
        content_type="application/json")
    assert vote.status_code == 400 and "max_choices" in vote.json()
    body = client.post("/api/governance-bodies/", {"name": "Comité", "kind": "committee"},
                       content_type="application/json")
    assert body.status_code == 201


def test_ids_of_another_residence_are_404(residence_a, residence_b, in_schema, coordinator_b):
    with in_schema(residence_a):
        objects = {"questionnaires": QuestionnaireFactory(id=900_001), "needs": NeedFactory(id=900_001),
                   "skills": SkillEntryFactory(id=900_001), "skill-exchanges": SkillExchangeFactory(id=900_001),
                   "consultations": ConsultationFactory(id=900_001),
                   "governance-bodies": GovernanceBodyFactory(id=900_001)}
    client = client_on(residence_b, coordinator_b)
    for name in objects:
        assert client.get(f"/api/{name}/900001/").status_code == 404, name
        assert "900001" not in client.get(f"/api/{name}/").content.decode(), name
    assert client.get("/api/consultations/900001/results/").status_code == 404
    assert client.get("/api/governance-bodies/900001/mandates/").status_code == 404


def test_lists_are_constant_in_queries(residence_a, in_schema, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    for name in RESOURCES:
        client.get(f"/api/{name}/")
    with in_schema(residence_a):
        QuestionnaireFactory(), NeedFactory(), SkillEntryFactory(), SkillExchangeFactory(), ConsultationFactory()
        GovernanceBodyFactory()
    few = {}
    for name in RESOURCES:
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/api/{name}/")
        few[name] = len(ctx)
    with in_schema(residence_a):
        for _ in range(5):
            QuestionnaireFactory(), NeedFactory(), SkillEntryFactory(), SkillExchangeFactory(), ConsultationFactory()
            GovernanceBodyFactory()
    for name in RESOURCES:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/{name}/").status_code == 200
        assert len(ctx) == few[name], name
