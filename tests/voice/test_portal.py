"""Residents answer and vote in their portal (magic link); paper counts the same; a link of A does nothing on B."""
import datetime as dt

import pytest
from django.utils import timezone

from core.people.factories import ResidentFactory
from core.voice import services
from core.voice.factories import ConsultationFactory
from core.voice.models import AnswerSource, BallotChannel, Submission, VoterRegisterEntry
from tests.conftest import client_on
from tests.voice.conftest import build_questionnaire

pytestmark = pytest.mark.django_db


def test_resident_answers_a_questionnaire_in_the_portal(residence_a, in_schema, portal_session):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire(title="Vos envies pour 2027")
        odette = ResidentFactory()
    client = portal_session(residence_a, odette)
    home = client.get("/portail/voix/").content.decode()
    assert "Vos envies pour 2027" in home
    page = client.get(f"/portail/voix/questionnaires/{questionnaire.key}/").content.decode()
    assert 'name="viewport"' in page and "ni information de santé" in page
    refused = client.post(f"/portail/voix/questionnaires/{questionnaire.key}/", {f"q_{q['scale'].pk}": "3"})
    assert refused.status_code == 200 and "obligatoire" in refused.content.decode()
    response = client.post(f"/portail/voix/questionnaires/{questionnaire.key}/", {
        f"q_{q['mood'].pk}": q["mood"].options.first().pk,
        f"q_{q['needs'].pk}": [q["needs"].options.get(label="Aide numérique").pk]})
    assert response.status_code == 302
    with in_schema(residence_a):
        submission = Submission.objects.get()
        assert (submission.resident_id, submission.source) == (odette.pk, AnswerSource.PORTAL)
    assert "déjà répondu" in client.get("/portail/voix/").content.decode()
    assert "déjà participé" in client.get(f"/portail/voix/questionnaires/{questionnaire.key}/").content.decode()


def test_paper_ballot_then_the_same_resident_is_refused_online(residence_a, in_schema, portal_session):
    with in_schema(residence_a):
        consultation = ConsultationFactory(question="Fête des voisins : quel jour ?")
        marcel = ResidentFactory()
        option = consultation.options.first()
        services.ballot_cast(consultation=consultation, resident=marcel, option_ids=[option.pk],
                             channel=BallotChannel.PAPER)
    client = portal_session(residence_a, marcel)
    assert "déjà voté" in client.get("/portail/voix/").content.decode()
    response = client.post(f"/portail/voix/consultations/{consultation.key}/", {"options": option.pk})
    assert "déjà participé" in response.content.decode()
    with in_schema(residence_a):
        assert VoterRegisterEntry.objects.filter(consultation=consultation).count() == 1


def test_resident_votes_online(residence_a, in_schema, portal_session):
    with in_schema(residence_a):
        consultation = ConsultationFactory()
        lina = ResidentFactory()
        option = consultation.options.last()
    client = portal_session(residence_a, lina)
    assert client.post(f"/portail/voix/consultations/{consultation.key}/", {"options": option.pk}).status_code == 302
    with in_schema(residence_a):
        entry = VoterRegisterEntry.objects.get(consultation=consultation)
        assert (entry.resident_id, entry.channel) == (lina.pk, BallotChannel.ONLINE)
        assert entry.choices.get().option_id == option.pk


def test_a_magic_link_of_a_does_nothing_on_b(residence_a, residence_b, in_schema, portal_session):
    with in_schema(residence_a):
        odette = ResidentFactory()
        from core.portal.services import magic_link_create

        _, token = magic_link_create(resident=odette, created_by_id=1)
    with in_schema(residence_b):
        questionnaire, q = build_questionnaire()
        consultation = ConsultationFactory()
    on_b = client_on(residence_b)
    assert on_b.post(f"/portail/acces/{token}/").status_code == 410  # A's token is unknown on B
    assert on_b.get("/portail/voix/").status_code == 403
    # A session opened on A, replayed on B: refused, nothing recorded.
    session_a = portal_session(residence_a, odette)
    thief = client_on(residence_b)
    thief.cookies = session_a.cookies
    assert thief.get("/portail/voix/").status_code == 403
    assert thief.post(f"/portail/voix/consultations/{consultation.key}/",
                      {"options": consultation.options.first().pk}).status_code == 403
    assert thief.post(f"/portail/voix/questionnaires/{questionnaire.key}/",
                      {f"q_{q['mood'].pk}": q["mood"].options.first().pk}).status_code == 403
    with in_schema(residence_b):
        assert not VoterRegisterEntry.objects.exists() and not Submission.objects.exists()


def test_closed_questionnaire_and_anonymous_visitor(residence_a, in_schema, portal_session):
    with in_schema(residence_a):
        questionnaire, _q = build_questionnaire(opens_on=timezone.localdate() - dt.timedelta(days=30),
                                                closes_on=timezone.localdate() - dt.timedelta(days=1))
        person = ResidentFactory()
    assert client_on(residence_a).get(f"/portail/voix/questionnaires/{questionnaire.key}/").status_code == 403
    client = portal_session(residence_a, person)
    assert client.get(f"/portail/voix/questionnaires/{questionnaire.key}/").status_code == 410
    assert client.get("/portail/voix/questionnaires/00000000-0000-0000-0000-000000000000/").status_code == 404
