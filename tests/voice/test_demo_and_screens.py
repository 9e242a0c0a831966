"""The demo data of residents' voice is valid and exercises every part; every coordinator screen of the
app renders it (no template error), and the resident portal pages too."""
import random
import re

import pytest
from django.urls import get_resolver

from core.activities.factories import ActivityFactory
from core.dropins.factories import DropInVisitFactory
from core.people.factories import ResidentFactory
from core.voice.demo import demo_populate
from core.voice.models import (
    BodyDecision,
    BodyDocument,
    Consultation,
    ConsultationDecision,
    Interview,
    Mandate,
    Meeting,
    NeedMention,
    OpenBallotChoice,
    SkillEntry,
    SkillExchange,
    Submission,
    VoterRegisterEntry,
)
from tests.conftest import client_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(residence_a, in_schema):
    with in_schema(residence_a):
        ResidentFactory.create_batch(40)
        ActivityFactory(title="Atelier numérique")
        DropInVisitFactory.create_batch(3, topic="need")
        demo_populate(rng=random.Random("test"))
        return {model.__name__: model.objects.count() for model in (
            Submission, Interview, NeedMention, SkillEntry, SkillExchange, Consultation, VoterRegisterEntry,
            OpenBallotChoice, ConsultationDecision, Mandate, Meeting, BodyDecision, BodyDocument)}


def test_demo_exercises_every_part(demo, residence_a, in_schema):
    assert all(demo.values()), demo
    with in_schema(residence_a):
        assert set(Submission.objects.values_list("source", flat=True)) == {"portal", "paper", "interview"}
        assert set(NeedMention.objects.values_list("source", flat=True)) == {"answer", "interview", "dropin"}
        budget = Consultation.objects.get(is_budget=True)
        assert budget.secret and budget.decision.amount and not OpenBallotChoice.objects.filter(
            entry__consultation=budget).exists()
        assert set(BodyDecision.objects.values_list("status", flat=True)) == {"todo", "in_progress", "done"}
        assert set(BodyDocument.objects.values_list("role", flat=True)) == {"statutes", "minutes"}
        assert BodyDocument.objects.filter(meeting__isnull=False).exists()


def _voice_paths(residence, in_schema) -> list[str]:
    from core.voice.models import GovernanceBody, Need, Question, Questionnaire

    with in_schema(residence):
        ids = {"need_id": Need.objects.first().pk, "visit_id": 0, "questionnaire_id": Questionnaire.objects.first().pk,
               "question_id": Question.objects.first().pk, "submission_id": Submission.objects.first().pk,
               "interview_id": Interview.objects.first().pk, "entry_id": SkillEntry.objects.first().pk,
               "consultation_id": Consultation.objects.first().pk, "body_id": GovernanceBody.objects.first().pk,
               "mandate_id": Mandate.objects.first().pk, "meeting_id": Meeting.objects.first().pk,
               "decision_id": BodyDecision.objects.first().pk, "body_document_id": BodyDocument.objects.first().pk}
    paths = []
    for entry in get_resolver("apes_platform.urls_tenant").url_patterns:
        if str(entry.pattern) == "voix/":
            for sub in entry.url_patterns:
                paths.append("/voix/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), str(sub.pattern)))
    return paths


def test_every_coordinator_screen_renders_the_demo(demo, residence_a, in_schema, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    post_only = {"/retirer/", "/fin/", "/suivi/", "/decision/", "/permanences/0/", "/documents/nouveau/"}
    for path in _voice_paths(residence_a, in_schema):
        response = client.get(path)
        expected = 405 if any(path.endswith(p) for p in post_only) and "questions/" not in path else 200
        if "/permanences/0/" in path:
            expected = 404
        assert response.status_code == expected, (path, response.status_code)


def test_portal_pages_render_the_demo(demo, residence_a, in_schema, portal_session):
    with in_schema(residence_a):
        person = ResidentFactory()
        questionnaire = Submission.objects.first().questionnaire
        consultation = Consultation.objects.filter(is_budget=False).get()
    client = portal_session(residence_a, person)
    assert client.get("/portail/voix/").status_code == 200
    assert client.get(f"/portail/voix/questionnaires/{questionnaire.key}/").status_code == 200
    assert client.get(f"/portail/voix/consultations/{consultation.key}/").status_code == 200


def test_demo_runs_after_the_rest_of_the_residence_demo(residence_a, in_schema):
    """As tenants/demo.py calls it: after residents, activities and drop-ins of the whole demo."""
    import datetime as dt

    from faker import Faker

    from core.activities.demo import demo_populate as activities_demo_populate
    from tenants.demo import _fill_residence, _last_months

    rng = random.Random(2026)
    months = _last_months(dt.date.today(), 3)
    with in_schema(residence_a):
        _fill_residence(rng, Faker("fr_FR"), months)
        activities_demo_populate(rng=rng, months=months)
        demo_populate(rng=random.Random("voice"))
        assert Submission.objects.count() >= 30 and NeedMention.objects.filter(source="dropin").exists()
        assert ConsultationDecision.objects.get().amount
