"""Diagnosis questionnaires: builder and versions, answers online or typed in from paper (one per person
whatever the channel), interviews by topic, and the needs catalogue fed by answers, interviews and drop-ins."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.activities.factories import ActivityFactory
from core.dropins.factories import DropInVisitFactory
from core.people.factories import ResidentFactory
from core.voice import selectors, services
from core.voice.models import AnswerSource, InterviewTopic, QuestionKind, Submission
from tests.conftest import client_on
from tests.voice.conftest import build_questionnaire

pytestmark = pytest.mark.django_db


def _answers(q, *, needs=(), mood=None, scale="4", number="2", text="Atelier cuisine"):
    return {q["needs"].pk: [o.pk for o in q["needs"].options.all() if o.label in needs],
            q["mood"].pk: mood or q["mood"].options.first().pk, q["scale"].pk: scale, q["number"].pk: number,
            q["text"].pk: text}


def test_answers_keep_the_version_they_answered(residence_a, in_schema):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        first = services.submission_record(questionnaire=questionnaire, answers=_answers(q), source=AnswerSource.PAPER,
                                           resident=ResidentFactory())
        assert first.version.number == 1
        # Editing an answered version makes version 2; version 1 keeps its five questions.
        section = q["needs"].section
        services.question_add(section=section, text="Depuis quand habitez-vous ici ?", kind=QuestionKind.NUMBER)
        current = selectors.current_version(questionnaire=questionnaire)
        assert current.number == 2
        assert first.version.sections.get().questions.count() == 5
        assert current.sections.get().questions.count() == 6
        v2_needs = current.sections.get().questions.get(text=q["needs"].text)
        second = services.submission_record(
            questionnaire=questionnaire, source=AnswerSource.PAPER, resident=ResidentFactory(),
            answers={v2_needs.pk: [v2_needs.options.get(label="Aide numérique").pk],
                     current.sections.get().questions.get(text=q["mood"].text).pk:
                         current.sections.get().questions.get(text=q["mood"].text).options.first().pk})
        assert second.version.number == 2
        first.refresh_from_db()
        assert first.version.number == 1
        # Results group the same question across versions.
        results = {r.text: r for r in selectors.questionnaire_results(questionnaire=questionnaire)}
        assert results[q["mood"].text].answered == 2
        # Version 2 now has an answer too: the next change makes version 3, and no more until it is answered.
        services.question_add(section=current.sections.get(), text="Autre ?", kind=QuestionKind.SHORT_TEXT)
        services.question_add(section=selectors.current_version(questionnaire=questionnaire).sections.get(),
                              text="Encore ?", kind=QuestionKind.SHORT_TEXT)
        assert questionnaire.versions.count() == 3
        assert selectors.current_version(questionnaire=questionnaire).sections.get().questions.count() == 8


def test_refusals_name_the_question_and_save_nothing(residence_a, in_schema):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        bad = _answers(q, scale="9", number="beaucoup")
        bad[q["mood"].pk] = ""
        bad[q["text"].pk] = "x" * 201
        with pytest.raises(ValidationError) as exc:
            services.submission_record(questionnaire=questionnaire, answers=bad, source=AnswerSource.PAPER)
        errors = exc.value.message_dict
        assert "obligatoire" in errors[f"q_{q['mood'].pk}"][0]
        assert "de 1 à 5" in errors[f"q_{q['scale'].pk}"][0]
        assert "nombre" in errors[f"q_{q['number'].pk}"][0]
        assert "200 caractères" in errors[f"q_{q['text'].pk}"][0]
        assert Submission.objects.count() == 0
        with pytest.raises(ValidationError) as exc:
            services.submission_record(questionnaire=questionnaire, answers=_answers(q), source=AnswerSource.PAPER,
                                       answered_on=questionnaire.closes_on + dt.timedelta(days=1))
        assert "answered_on" in exc.value.message_dict


def test_one_answer_per_person_across_channels(residence_a, in_schema):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        odette = ResidentFactory(first_name="Odette", pseudonym="", last_name_initial="")
        services.submission_record(questionnaire=questionnaire, answers=_answers(q), source=AnswerSource.PAPER,
                                   resident=odette, entered_by="coord")
        with pytest.raises(ValidationError) as exc:
            services.submission_record(questionnaire=questionnaire, answers=_answers(q), source=AnswerSource.PORTAL,
                                       resident=odette)
        assert "Odette a déjà répondu" in exc.value.message_dict["resident"][0]
        assert "papier" in exc.value.message_dict["resident"][0]
        # Anonymous paper forms are not limited.
        for _ in range(2):
            services.submission_record(questionnaire=questionnaire, answers=_answers(q), source=AnswerSource.PAPER)
        assert Submission.objects.count() == 3


def test_needs_catalogue_counts_people_from_answers_interviews_and_drop_ins(residence_a, in_schema):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        odette, marcel, lina = ResidentFactory(), ResidentFactory(), ResidentFactory()
        services.submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER, resident=odette,
                                   answers=_answers(q, needs=("Cours de français", "Aide numérique")))
        services.submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER, resident=marcel,
                                   answers=_answers(q, needs=("Cours de français",)))
        # Odette again in an interview: still one person for « cours de français ».
        services.interview_record(resident=odette, held_on=timezone.localdate(), kind="formal", notes=[
            (InterviewTopic.NEEDS, "Voudrait progresser à l'écrit", [q["french"]]),
            (InterviewTopic.SKILLS, "Sait coudre", [])])
        visit = DropInVisitFactory(resident=lina, topic="need", note="Demande des cours")
        services.dropin_need_tag(visit=visit, need=q["french"])
        with pytest.raises(ValidationError):
            services.dropin_need_tag(visit=visit, need=q["french"])  # once per visit
        with pytest.raises(ValidationError) as exc:
            services.dropin_need_tag(visit=DropInVisitFactory(topic="information"), need=q["french"])
        assert "besoin exprimé" in exc.value.message_dict["visit"][0]
        anonymous = DropInVisitFactory(resident=None, topic="need")
        services.dropin_need_tag(visit=anonymous, need=q["digital"])

        catalogue = {n.label: selectors.need_expressed(n) for n in selectors.need_catalogue()}
        assert catalogue == {"cours de français": 3, "aide numérique": 2}
        assert [n.label for n in selectors.top_needs()] == ["cours de français", "aide numérique"]
        # Interview notes are found by topic.
        assert selectors.interview_list(topic=InterviewTopic.SKILLS).count() == 1
        assert selectors.interview_list(topic=InterviewTopic.GOVERNANCE).count() == 0


def test_need_page_shows_what_answers_it_and_who_took_part(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        odette, marcel = ResidentFactory(), ResidentFactory()
        for person in (odette, marcel):
            services.submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER, resident=person,
                                       answers=_answers(q, needs=("Cours de français",)))
        course = ActivityFactory(title="Atelier conversation française")
        course.attendances.create(resident=odette)
        course.attendances.create(resident=ResidentFactory())
        services.need_link_activity(need=q["french"], activity=course)
        page = selectors.need_page(need=selectors.access_need_by_id(actor=coordinator_a, id=q["french"].pk))
        assert page.expressed == 2 and page.participants == 1
        assert [(a.title, a.attendee_count) for a in page.activities] == [("Atelier conversation française", 2)]
        assert page.movement is None  # fewer than 11 people answered two waves
        need_id = q["french"].pk
    html = client_on(residence_a, coordinator_a).get(f"/voix/besoins/{need_id}/").content.decode()
    assert "Atelier conversation française" in html and "2 personnes l" in html


def test_paper_entry_screen_records_the_source(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        odette = ResidentFactory(first_name="Odette")
    client = client_on(residence_a, coordinator_a)
    page = client.get(f"/voix/questionnaires/{questionnaire.pk}/saisie/")
    assert "ni information de santé ni détail de vie privée" in page.content.decode()
    data = {"resident": odette.pk, "source": AnswerSource.INTERVIEW, "answered_on": timezone.localdate().isoformat(),
            f"q_{q['mood'].pk}": q["mood"].options.first().pk, f"q_{q['scale'].pk}": "3"}
    assert client.post(f"/voix/questionnaires/{questionnaire.pk}/saisie/", data).status_code == 302
    again = client.post(f"/voix/questionnaires/{questionnaire.pk}/saisie/", data)
    assert again.status_code == 200 and "a déjà répondu" in again.content.decode()
    with in_schema(residence_a):
        submission = Submission.objects.get()
        assert submission.source == AnswerSource.INTERVIEW and submission.entered_by
