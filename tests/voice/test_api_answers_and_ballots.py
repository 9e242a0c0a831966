"""Answers and ballots through the API: the same services as the portal and the paper screens, so one
answer per resident and one vote per person whatever the channel; refusals name the field; a ballot's
answer says who voted, never what; another residence's ids are 404."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.people.factories import ResidentFactory
from core.voice import services
from core.voice.factories import ConsultationFactory
from core.voice.models import AnswerSource, OpenBallotChoice, Submission, VoterRegisterEntry
from tests.conftest import client_on
from tests.voice.conftest import build_questionnaire

pytestmark = pytest.mark.django_db


def _post(client, path, data):
    return client.post(path, data, content_type="application/json")


def _consultation(**kwargs):
    now = timezone.now()
    defaults = dict(question="Quelle sortie cet été ?", opens_at=now - dt.timedelta(days=1),
                    closes_at=now + dt.timedelta(days=6), options=["Mer", "Montagne", "Musée"])
    return services.consultation_create(**{**defaults, **kwargs})


def _option(consultation, label):
    return next(o.pk for o in consultation.options.all() if o.label == label)


def test_openapi_describes_answers_and_ballots(residence_a, coordinator_a):
    paths = client_on(residence_a, coordinator_a).get("/api/schema/?format=json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/questionnaires/{id}/answers/"])
    assert "post" in paths["/api/consultations/{id}/ballots/"]


def test_a_paper_form_typed_in_through_the_api_counts_like_the_screen(residence_a, in_schema, coordinator_a,
                                                                      portal_session):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        fatima = ResidentFactory(first_name="Fatima")
    client = client_on(residence_a, coordinator_a)
    path = f"/api/questionnaires/{questionnaire.pk}/answers/"
    created = _post(client, path, {"resident": fatima.pk, "source": "paper", "answers": {
        str(q["mood"].pk): q["mood"].options.first().pk,
        str(q["needs"].pk): [q["french"].options.first().pk, q["digital"].options.first().pk],
        str(q["scale"].pk): 4, str(q["text"].pk): "Un atelier cuisine"}})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["source"] == "paper" and body["resident"] == fatima.pk and body["version"] == 1
    assert body["entered_by"] and len(body["answers"]) == 5
    with in_schema(residence_a):
        submission = Submission.objects.get(pk=body["id"])
        assert submission.source == AnswerSource.PAPER
        assert set(submission.need_mentions.values_list("need__label", flat=True)) == {"cours de français",
                                                                                         "aide numérique"}
    # The same person again, by another channel (the API's portal source), is refused on `resident`.
    again = _post(client, path, {"resident": fatima.pk, "source": "portal",
                                 "answers": {str(q["mood"].pk): q["mood"].options.last().pk}})
    assert again.status_code == 400
    assert "Fatima" in again.json()["resident"][0] and "papier" in again.json()["resident"][0]
    # …and in the portal too: the page says she already answered.
    portal = portal_session(residence_a, fatima)
    page = portal.get(f"/portail/voix/questionnaires/{questionnaire.key}/")
    assert page.status_code == 200 and "déjà" in page.content.decode()
    listed = client.get(path).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]
    assert client.get(path, {"source": "interview"}).json()["count"] == 0
    with in_schema(residence_a):
        assert Submission.objects.count() == 1


def test_an_answer_given_in_the_portal_stops_a_later_api_entry(residence_a, in_schema, coordinator_a,
                                                               portal_session):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        leo = ResidentFactory(first_name="Léo")
    portal = portal_session(residence_a, leo)
    answered = portal.post(f"/portail/voix/questionnaires/{questionnaire.key}/",
                           {f"q_{q['mood'].pk}": q["mood"].options.first().pk})
    assert answered.status_code == 302
    refused = _post(client_on(residence_a, coordinator_a), f"/api/questionnaires/{questionnaire.pk}/answers/",
                    {"resident": leo.pk, "source": "interview",
                     "answers": {str(q["mood"].pk): q["mood"].options.first().pk}})
    assert refused.status_code == 400 and "en ligne" in refused.json()["resident"][0]


def test_refusals_name_the_question_and_save_nothing(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
    client = client_on(residence_a, coordinator_a)
    path = f"/api/questionnaires/{questionnaire.pk}/answers/"
    missing = _post(client, path, {"source": "paper", "answers": {str(q["scale"].pk): 9}})
    errors = missing.json()["answers"]
    assert missing.status_code == 400
    assert errors[str(q["mood"].pk)] == ["Répondez à cette question : elle est obligatoire."]
    assert "de 1 à 5" in errors[str(q["scale"].pk)][0]
    unknown = _post(client, path, {"source": "paper", "answers": {str(q["mood"].pk): q["mood"].options.first().pk,
                                                                   "999999": "x"}})
    assert unknown.status_code == 400 and "version en cours" in unknown.json()["answers"]["999999"][0]
    not_a_number = _post(client, path, {"source": "paper", "answers": {
        str(q["mood"].pk): q["mood"].options.first().pk, str(q["number"].pk): "NaN"}})
    assert not_a_number.status_code == 400 and str(q["number"].pk) in not_a_number.json()["answers"]
    online_anonymous = _post(client, path, {"source": "portal",
                                            "answers": {str(q["mood"].pk): q["mood"].options.first().pk}})
    assert online_anonymous.status_code == 400 and "resident" in online_anonymous.json()
    assert _post(client, path, {"source": "fax", "answers": {}}).json().keys() >= {"source", "answers"}
    with in_schema(residence_a):
        assert not Submission.objects.exists()


def test_the_answers_list_costs_the_same_whatever_its_length(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
    client = client_on(residence_a, coordinator_a)
    path = f"/api/questionnaires/{questionnaire.pk}/answers/"

    def add(n):
        with in_schema(residence_a):
            for _ in range(n):
                services.submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER,
                                           resident=ResidentFactory(),
                                           answers={q["mood"].pk: q["mood"].options.first().pk, q["text"].pk: "x"})

    add(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).json()["count"] == 7
    assert len(many) == len(few)


def test_a_paper_ballot_through_the_api_then_online_is_refused(residence_a, in_schema, coordinator_a,
                                                               portal_session):
    with in_schema(residence_a):
        consultation = _consultation()
        amina = ResidentFactory(first_name="Amina")
        sea = _option(consultation, "Mer")
    client = client_on(residence_a, coordinator_a)
    path = f"/api/consultations/{consultation.pk}/ballots/"
    cast = _post(client, path, {"resident": amina.pk, "options": [sea], "channel": "paper"})
    assert cast.status_code == 201, cast.content
    assert cast.json() == {"consultation": consultation.pk, "resident": amina.pk, "channel": "paper",
                           "voted_on": timezone.localdate().isoformat(), "voters": 1}
    twice = _post(client, path, {"resident": amina.pk, "options": [sea], "channel": "online"})
    assert twice.status_code == 400 and "papier" in twice.json()["resident"][0]
    portal = portal_session(residence_a, amina)
    page = portal.get(f"/portail/voix/consultations/{consultation.key}/")
    assert page.status_code == 200 and "déjà" in page.content.decode()
    with in_schema(residence_a):
        assert VoterRegisterEntry.objects.filter(consultation=consultation).count() == 1
    with in_schema(residence_a):
        other = ResidentFactory()
    too_many = _post(client, path, {"resident": other.pk, "options": [sea, _option(consultation, "Musée")]})
    assert too_many.status_code == 400 and too_many.json()["options"] == ["Un seul choix possible."]
    nobody = _post(client, path, {"options": [sea]})
    assert nobody.status_code == 400 and "resident" in nobody.json()


def test_a_secret_ballot_through_the_api_leaves_no_choice_anywhere(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        consultation = _consultation(secret=True)
        voter = ResidentFactory()
        museum = _option(consultation, "Musée")
    client = client_on(residence_a, coordinator_a)
    cast = _post(client, f"/api/consultations/{consultation.pk}/ballots/",
                 {"resident": voter.pk, "options": [museum]})
    assert cast.status_code == 201 and cast.json()["channel"] == "paper"
    assert set(cast.json()) == {"consultation", "resident", "channel", "voted_on", "voters"}  # no choice
    with in_schema(residence_a):
        assert not OpenBallotChoice.objects.exists()
        assert consultation.options.get(pk=museum).secret_votes == 1
    results = client.get(f"/api/consultations/{consultation.pk}/results/").json()
    assert {t["label"]: t["votes"] for t in results["tallies"]}["Musée"] == 1


def test_ids_of_another_residence_are_404_and_its_residents_unknown(residence_a, residence_b, in_schema,
                                                                     coordinator_a, coordinator_b):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire(id=900_001)
        mood = {str(q["mood"].pk): q["mood"].options.first().pk}
        consultation = ConsultationFactory(id=900_001)
        resident_of_a = ResidentFactory(id=900_001)
        option = consultation.options.first().pk
    b = client_on(residence_b, coordinator_b)
    assert b.get("/api/questionnaires/900001/answers/").status_code == 404
    assert _post(b, "/api/questionnaires/900001/answers/", {"source": "paper", "answers": mood}).status_code == 404
    assert _post(b, "/api/consultations/900001/ballots/",
                 {"resident": 900_001, "options": [option]}).status_code == 404
    # B's own consultation: A's resident is no voter there.
    with in_schema(residence_b):
        mine = _consultation()
        my_option = _option(mine, "Mer")
    refused = _post(b, f"/api/consultations/{mine.pk}/ballots/", {"resident": resident_of_a.pk,
                                                                   "options": [my_option]})
    assert refused.status_code == 400 and "resident" in refused.json()
    # A's coordinator on B's host is an outsider.
    outsider = client_on(residence_b, coordinator_a)
    assert outsider.get(f"/api/consultations/{mine.pk}/ballots/").status_code == 404
    with in_schema(residence_a):
        assert not Submission.objects.exists() and not VoterRegisterEntry.objects.exists()
