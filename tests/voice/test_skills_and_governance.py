"""Skills: offers and wishes, explained matches with intergenerational pairs first, exchanges logged.
Governance: mandates (one holder per office), meetings, decisions followed until done."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.people.factories import ResidentFactory
from core.voice import selectors, services
from core.voice.factories import GovernanceBodyFactory, SkillEntryFactory
from core.voice.models import DecisionStatus, MandateRole, SkillCategory, SkillDirection
from tests.conftest import client_on

pytestmark = pytest.mark.django_db


def test_matches_are_explained_intergenerational_first(residence_a, in_schema):
    with in_schema(residence_a):
        fatima = ResidentFactory(first_name="Fatima", last_name_initial="", pseudonym="", age_band="60-74")
        leo = ResidentFactory(first_name="Léo", last_name_initial="", pseudonym="", age_band="18-25")
        sam = ResidentFactory(first_name="Sam", last_name_initial="", pseudonym="", age_band="60-74")
        services.skill_entry_add(resident=fatima, direction=SkillDirection.OFFER, category=SkillCategory.SEWING,
                                 availability="mardi après-midi")
        services.skill_entry_add(resident=sam, direction=SkillDirection.WISH, category=SkillCategory.SEWING)
        services.skill_entry_add(resident=leo, direction=SkillDirection.WISH, category=SkillCategory.SEWING)
        services.skill_entry_add(resident=leo, direction=SkillDirection.WISH, category=SkillCategory.COOKING,
                                 tag="Couscous")
        services.skill_entry_add(resident=sam, direction=SkillDirection.OFFER, category=SkillCategory.COOKING,
                                 tag="tajine")  # tags differ: no match
        with pytest.raises(ValidationError):
            services.skill_entry_add(resident=fatima, direction=SkillDirection.OFFER, category=SkillCategory.SEWING)
        matches = selectors.skill_matches()
        assert [m.explanation for m in matches] == [
            "Fatima propose couture, Léo souhaite apprendre", "Fatima propose couture, Sam souhaite apprendre"]
        assert [m.intergenerational for m in matches] == [True, False]


def test_exchange_logged_with_its_intergenerational_flag(residence_a, in_schema):
    with in_schema(residence_a):
        fatima, leo = ResidentFactory(age_band="75+"), ResidentFactory(age_band="0-17")
        with pytest.raises(ValidationError) as exc:
            services.skill_exchange_record(giver=fatima, learner=fatima, category=SkillCategory.SEWING,
                                           happened_on=dt.date(2026, 3, 3), hours=Decimal(2))
        assert "learner" in exc.value.message_dict
        exchange = services.skill_exchange_record(giver=fatima, learner=leo, category=SkillCategory.SEWING,
                                                  happened_on=dt.date(2026, 3, 3), hours=Decimal("1.5"))
        assert exchange.intergenerational
        assert selectors.skill_exchanges_between(start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 1)) == (1, 1, 2)


def test_skill_list_is_constant_in_queries(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        SkillEntryFactory.create_batch(3)
    client = client_on(residence_a, coordinator_a)
    client.get("/voix/savoir-faire/")
    with CaptureQueriesContext(connection) as few:
        client.get("/voix/savoir-faire/")
    with in_schema(residence_a):
        SkillEntryFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/voix/savoir-faire/").status_code == 200
    assert len(many) == len(few)


def test_screens_log_an_exchange_from_a_suggestion(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        fatima = ResidentFactory(first_name="Fatima", last_name_initial="", pseudonym="", age_band="60-74")
        leo = ResidentFactory(first_name="Léo", last_name_initial="", pseudonym="", age_band="18-25")
        services.skill_entry_add(resident=fatima, direction=SkillDirection.OFFER, category=SkillCategory.SEWING)
        services.skill_entry_add(resident=leo, direction=SkillDirection.WISH, category=SkillCategory.SEWING)
    client = client_on(residence_a, coordinator_a)
    page = client.get("/voix/savoir-faire/suggestions/").content.decode()
    assert "Fatima propose couture, Léo souhaite apprendre" in page
    assert f"giver={fatima.pk}&amp;learner={leo.pk}" in page
    response = client.post("/voix/echanges/", {"giver": fatima.pk, "learner": leo.pk, "category": "sewing",
                                               "happened_on": "2026-03-03", "hours": "2"})
    assert response.status_code == 302
    assert "Fatima" in client.get("/voix/echanges/").content.decode()


def test_mandates_meetings_and_decisions_followed_until_done(residence_a, in_schema):
    with in_schema(residence_a):
        body = services.body_create(name="Comité de résidents", kind="committee")
        odette, marcel = ResidentFactory(), ResidentFactory()
        services.mandate_add(body=body, resident=odette, role=MandateRole.PRESIDENT, starts_on=dt.date(2026, 1, 1))
        with pytest.raises(ValidationError) as exc:
            services.mandate_add(body=body, resident=marcel, role=MandateRole.PRESIDENT, starts_on=dt.date(2026, 2, 1))
        assert "déjà tenu" in exc.value.message_dict["role"][0]
        services.mandate_add(body=body, resident=marcel, role=MandateRole.MEMBER, starts_on=dt.date(2026, 1, 1))
        services.mandate_add(body=body, resident=ResidentFactory(), role=MandateRole.MEMBER,
                             starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 31))
        assert selectors.governance_members_at(day=dt.date(2026, 3, 1)) == 2
        meeting = services.meeting_record(body=body, held_at=timezone.now(), agenda="1. Fête des voisins",
                                          attendees=[odette, marcel])
        decision = services.body_decision_add(body=body, meeting=meeting, title="Organiser la fête",
                                              decided_on=dt.date(2026, 3, 2), owner="Odette",
                                              due_on=dt.date(2026, 6, 1))
        with pytest.raises(ValidationError) as exc:
            services.body_decision_follow(decision=decision, status=DecisionStatus.DONE)
        assert "done_on" in exc.value.message_dict
        services.body_decision_follow(decision=decision, status=DecisionStatus.DONE, done_on=dt.date(2026, 6, 20))
        assert selectors.body_decisions_between(start=dt.date(2026, 6, 1), end=dt.date(2026, 7, 1)) == (0, 1)
        other = GovernanceBodyFactory()
        with pytest.raises(ValidationError):
            services.body_decision_add(body=other, meeting=meeting, title="x", decided_on=dt.date(2026, 3, 2),
                                       owner="y")


def test_coordinator_lists_are_constant_in_queries(residence_a, in_schema, coordinator_a):
    from core.voice.factories import (
        ConsultationFactory,
        InterviewFactory,
        NeedFactory,
        QuestionnaireFactory,
        SkillExchangeFactory,
    )

    def add_rows():
        with in_schema(residence_a):
            for _ in range(3):
                QuestionnaireFactory(), NeedFactory(), InterviewFactory(), SkillExchangeFactory()
                ConsultationFactory(), GovernanceBodyFactory()

    pages = ["/voix/questionnaires/", "/voix/besoins/", "/voix/entretiens/", "/voix/echanges/",
             "/voix/consultations/", "/voix/instances/"]
    client = client_on(residence_a, coordinator_a)
    add_rows()
    for path in pages:
        client.get(path)
    few = {}
    for path in pages:
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        few[path] = len(ctx)
    add_rows(), add_rows()
    for path in pages:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        assert len(ctx) == few[path], path
