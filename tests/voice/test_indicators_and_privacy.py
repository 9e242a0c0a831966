"""Indicators of residents' voice read what they say; erasing a resident removes their free text here."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from core.privacy.services import resident_erase
from core.voice import services
from core.voice.factories import GovernanceBodyFactory
from core.voice.models import AnswerSource, BallotChannel, InterviewNote, InterviewTopic, SkillCategory
from reporting.indicators import CATALOGUE
from tests.conftest import aware
from tests.voice.conftest import build_questionnaire

pytestmark = pytest.mark.django_db
MARCH = (aware(2026, 3, 1, 0), aware(2026, 4, 1, 0))


def _compute(code, bounds=MARCH):
    return CATALOGUE[code].compute(*bounds)


def test_diagnosis_needs_exchanges_and_governance_indicators(residence_a, in_schema):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire(opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 3, 31))
        odette, marcel = ResidentFactory(age_band="75+"), ResidentFactory(age_band="18-25")
        answers = {q["mood"].pk: q["mood"].options.first().pk, q["needs"].pk: [q["needs"].options.first().pk]}
        services.submission_record(questionnaire=questionnaire, answers=answers, source=AnswerSource.PAPER,
                                   resident=odette, answered_on=dt.date(2026, 3, 5))
        services.submission_record(questionnaire=questionnaire, answers=answers, source=AnswerSource.PAPER,
                                   answered_on=dt.date(2026, 3, 6))  # anonymous: one more person
        services.interview_record(resident=odette, held_on=dt.date(2026, 3, 9), kind="formal",
                                  notes=[(InterviewTopic.NEEDS, "Cours", [q["digital"]])])  # same person
        services.interview_record(resident=marcel, held_on=dt.date(2026, 3, 9), kind="informal",
                                  notes=[(InterviewTopic.OTHER, "Bonjour", [])])
        assert _compute("voice_diagnosis_respondents") == (Decimal(3), 3)
        # Two needs expressed; one answered by an activity held in March.
        services.need_link_activity(need=q["french"], activity=ActivityFactory(starts_at=aware(2026, 3, 20)))
        assert _compute("voice_needs_with_action") == (Decimal(1), 2)
        services.skill_exchange_record(giver=odette, learner=marcel, category=SkillCategory.COOKING,
                                       happened_on=dt.date(2026, 3, 12), hours=Decimal(2))
        services.skill_exchange_record(giver=marcel, learner=ResidentFactory(age_band="18-25"),
                                       category=SkillCategory.DIGITAL, happened_on=dt.date(2026, 3, 14),
                                       hours=Decimal(1))
        assert _compute("voice_skill_exchanges") == (Decimal(2), 3)
        assert _compute("voice_skill_exchanges_intergenerational_share")[0] == Decimal("50.0")
        body = GovernanceBodyFactory()
        services.mandate_add(body=body, resident=odette, role="president", starts_on=dt.date(2026, 1, 1))
        services.mandate_add(body=body, resident=marcel, role="member", starts_on=dt.date(2026, 1, 1),
                             ends_on=dt.date(2026, 2, 15))
        assert _compute("voice_governance_members") == (Decimal(1), 1)
        decision = services.body_decision_add(body=body, title="Boîte à livres", decided_on=dt.date(2026, 3, 2),
                                              owner="Odette")
        services.body_decision_follow(decision=decision, status="done", done_on=dt.date(2026, 3, 28))
        assert _compute("voice_decisions_taken")[0] == 1 and _compute("voice_decisions_done")[0] == 1


def test_consultation_turnout_indicator(residence_a, in_schema):
    with in_schema(residence_a):
        people = [ResidentFactory() for _ in range(4)]
        consultation = services.consultation_create(question="Q", opens_at=aware(2026, 3, 1), closes_at=aware(2026, 3, 10),
                                                    options=["A", "B"])
        for person in people[:3]:
            services.ballot_cast(consultation=consultation, resident=person, channel=BallotChannel.ONLINE,
                                 option_ids=[consultation.options.first().pk], now=aware(2026, 3, 5))
        assert _compute("voice_consultations_held") == (Decimal(1), 1)
        assert _compute("voice_consultation_turnout") == (Decimal("75.0"), 3)
        assert _compute("voice_consultation_turnout", (aware(2026, 4, 1, 0), aware(2026, 5, 1, 0))) == (None, 0)


def test_erasure_blanks_the_residents_free_text_and_keeps_counts(residence_a, in_schema):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        person = ResidentFactory()
        submission = services.submission_record(
            questionnaire=questionnaire, source=AnswerSource.PAPER, resident=person,
            answers={q["mood"].pk: q["mood"].options.first().pk, q["text"].pk: "Je voudrais un atelier Zorglub"})
        services.interview_record(resident=person, held_on=timezone.localdate(), kind="formal",
                                  notes=[(InterviewTopic.NEEDS, "Zorglub a besoin d'aide", [q["french"]])])
        resident_erase(resident=person)
        assert not submission.answers.filter(text__icontains="Zorglub").exists()
        assert not InterviewNote.objects.filter(text__icontains="Zorglub").exists()
        assert submission.answers.count() == 2 and q["french"].mentions.count() == 1
