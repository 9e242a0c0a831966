"""The two targets that read residents' voice (core.voice): members of a governance body (current mandates
only) and residents who expressed a need of the catalogue (answers, interviews, drop-in visits; anonymous
mentions add nobody). Same consent/channel rules as every target; another residence's ids are refused."""
import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.dropins.factories import DropInVisitFactory
from core.messaging import services
from core.messaging.models import Delivery, Message, TargetKind
from core.messaging.selectors import audience_preview
from core.people.factories import ResidentFactory
from core.voice import services as voice
from core.voice.models import AnswerSource, InterviewTopic
from tests.conftest import client_on
from tests.messaging.helpers import email_resident, sms_resident
from tests.voice.conftest import build_questionnaire

pytestmark = pytest.mark.django_db


def _message(**target):
    return services.message_save(subject="Réunion", body="Bonjour {prenom}", **target)


def _recipients(message):
    services.deliveries_create(message=message)
    return dict(Delivery.objects.filter(message=message).values_list("resident__first_name", "channel"))


def test_members_of_a_body_are_the_residents_holding_a_current_mandate(residence_a, in_schema):
    today = timezone.localdate()
    with in_schema(residence_a):
        committee = voice.body_create(name="Comité des résidents")
        other_body = voice.body_create(name="Groupe jardin")
        president = email_resident("Odette")
        member = sms_resident("Marcel")
        no_consent = email_resident("Paul", consent=False)
        ended = email_resident("Lucie")
        future = email_resident("René")
        elsewhere = email_resident("Yanis")
        voice.mandate_add(body=committee, resident=president, role="president", starts_on=today - dt.timedelta(days=90))
        voice.mandate_add(body=committee, resident=member, role="member", starts_on=today - dt.timedelta(days=30),
                          ends_on=today + dt.timedelta(days=300))
        voice.mandate_add(body=committee, resident=no_consent, role="member", starts_on=today)
        mandate = voice.mandate_add(body=committee, resident=ended, role="member",
                                    starts_on=today - dt.timedelta(days=400))
        voice.mandate_end(mandate=mandate, ends_on=today - dt.timedelta(days=1))
        voice.mandate_add(body=committee, resident=future, role="member", starts_on=today + dt.timedelta(days=10))
        voice.mandate_add(body=other_body, resident=elsewhere, role="member", starts_on=today)

        message = _message(target_kind=TargetKind.BODY, target_body=committee)
        preview = audience_preview(message)
        recipients = _recipients(message)
    # Channel and consent as for every target: no consent to e-mail puts Paul on the call list.
    assert recipients == {"Odette": "email", "Marcel": "sms", "Paul": "call"}
    assert preview.by_channel == {"email": 1, "sms": 1, "call": 1} and preview.skipped == 0


def test_residents_who_expressed_a_need_from_answers_interviews_and_dropins(residence_a, in_schema):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire()
        french, digital = q["french"], q["digital"]
        by_answer = email_resident("Odette")
        by_interview = sms_resident("Marcel")
        by_dropin = email_resident("Jeanne")
        other_need = email_resident("Yanis")
        email_resident("Lucie")  # expressed nothing
        mood = q["mood"].options.first().pk
        french_option = q["needs"].options.get(label="Cours de français").pk
        digital_option = q["needs"].options.get(label="Aide numérique").pk
        voice.submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER, resident=by_answer,
                                answers={q["needs"].pk: [french_option], q["mood"].pk: mood})
        voice.submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER, resident=other_need,
                                answers={q["needs"].pk: [digital_option], q["mood"].pk: mood})
        # Anonymous mentions count in the catalogue but name nobody: they add nobody to the target.
        voice.submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER, resident=None,
                                answers={q["needs"].pk: [french_option], q["mood"].pk: mood})
        voice.interview_record(held_on=dt.date(2026, 3, 10), kind="informal", resident=None,
                               notes=[(InterviewTopic.NEEDS, "Anonyme", [french])])
        voice.interview_record(held_on=dt.date(2026, 3, 10), kind="informal", resident=by_interview,
                               notes=[(InterviewTopic.NEEDS, "Veut apprendre", [french])])
        voice.dropin_need_tag(visit=DropInVisitFactory(resident=by_dropin, topic="need"), need=french)
        voice.dropin_need_tag(visit=DropInVisitFactory(resident=None, topic="need"), need=french)
        # Twice the same need: still one message.
        voice.dropin_need_tag(visit=DropInVisitFactory(resident=by_answer, topic="need"), need=french)

        message = _message(target_kind=TargetKind.CATALOGUE_NEED, target_need=french)
        preview = audience_preview(message)
        recipients = _recipients(message)
        assert _recipients(_message(target_kind=TargetKind.CATALOGUE_NEED, target_need=digital)) == {
            "Yanis": "email"}
    assert recipients == {"Odette": "email", "Marcel": "sms", "Jeanne": "email"}
    assert preview.total == 3


def test_a_body_or_need_target_without_its_choice_is_refused_naming_the_field(residence_a, in_schema):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as exc:
            _message(target_kind=TargetKind.BODY)
        assert "target_body" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            _message(target_kind=TargetKind.CATALOGUE_NEED)
        assert "target_need" in exc.value.message_dict
        # The choice of another kind of target is not kept.
        need = voice.need_create(label="aide numérique")
        message = _message(target_kind=TargetKind.ALL, target_need=need)
        assert message.target_need is None


def _b_ids(residence_a, residence_b, in_schema):
    """A body and a need of B whose ids name nothing in A (each schema has its own sequences, so ids
    coincide easily: B's are taken past A's). Call it after creating A's rows."""
    from core.voice.models import GovernanceBody, Need

    with in_schema(residence_a):
        top_body = max(GovernanceBody.objects.values_list("pk", flat=True), default=0)
        top_need = max(Need.objects.values_list("pk", flat=True), default=0)
    with in_schema(residence_b):
        body = voice.body_create(name="Comité B")
        while body.pk <= top_body:
            body = voice.body_create(name=f"Comité B {body.pk}")
        need = voice.need_create(label="besoin de B")
        while need.pk <= top_need:
            need = voice.need_create(label=f"besoin de B {need.pk}")
    return body.pk, need.pk


def test_compose_form_offers_and_refuses_bodies_and_needs(residence_a, residence_b, in_schema, coordinator_a):
    with in_schema(residence_a):
        body = voice.body_create(name="Conseil de concertation")
        need = voice.need_create(label="cours de français")
        member = email_resident("Odette")
        voice.mandate_add(body=body, resident=member, role="member", starts_on=timezone.localdate())
    body_b, need_b = _b_ids(residence_a, residence_b, in_schema)
    client = client_on(residence_a, coordinator_a)
    form = client.get("/messages/nouveau/").content.decode()
    assert "Conseil de concertation" in form and "cours de français" in form and "Comité B" not in form
    for data, field in (({"target_kind": "body", "target_body": body_b}, "target_body"),
                        ({"target_kind": "catalog_need", "target_need": need_b}, "target_need"),
                        ({"target_kind": "body"}, "target_body")):
        refused = client.post("/messages/nouveau/", {"subject": "Salut", "body": "Bonjour", **data})
        assert refused.status_code == 200
        assert refused.context["form"].errors.get(field), (data, refused.context["form"].errors)
    with in_schema(residence_a):
        assert not Message.objects.exists()
    created = client.post("/messages/nouveau/", {"subject": "Salut", "body": "Bonjour {prenom}",
                                                  "target_kind": "body", "target_body": body.pk})
    assert created.status_code == 302
    page = client.get(created["Location"]).content.decode()
    assert "Conseil de concertation" in page and "1 personnes par e-mail" in page
    with in_schema(residence_a):
        message = Message.objects.get()
    edit = client.get(f"/messages/{message.pk}/modifier/").content.decode()
    assert f'<option value="{body.pk}" selected>' in edit
    created = client.post("/messages/nouveau/", {"subject": "Salut", "body": "Bonjour",
                                                  "target_kind": "catalog_need", "target_need": need.pk})
    assert created.status_code == 302


def _post(client, data):
    return client.post("/api/messages/", json.dumps(data), content_type="application/json")


def test_api_accepts_body_and_need_targets_and_refuses_another_residences(residence_a, residence_b, in_schema,
                                                                          coordinator_a):
    with in_schema(residence_a):
        body = voice.body_create(name="Conseil de concertation")
        need = voice.need_create(label="cours de français")
        member = email_resident("Odette")
        expressed = email_resident("Marcel")
        ResidentFactory(first_name="Nobody")
        voice.mandate_add(body=body, resident=member, role="member", starts_on=timezone.localdate())
        voice.dropin_need_tag(visit=DropInVisitFactory(resident=expressed, topic="need"), need=need)
    body_b, need_b = _b_ids(residence_a, residence_b, in_schema)
    client = client_on(residence_a, coordinator_a)
    base = {"subject": "Salut", "body": "Bonjour {prenom}"}

    refused = _post(client, {**base, "target_kind": "body", "target_body": body_b})
    assert refused.status_code == 400 and "target_body" in refused.json()
    refused = _post(client, {**base, "target_kind": "catalog_need", "target_need": need_b})
    assert refused.status_code == 400 and "target_need" in refused.json()
    refused = _post(client, {**base, "target_kind": "catalog_need"})
    assert refused.status_code == 400 and "target_need" in refused.json()

    by_body = _post(client, {**base, "target_kind": "body", "target_body": body.pk})
    assert by_body.status_code == 201, by_body.content
    assert by_body.json()["target_body"] == body.pk and by_body.json()["target_need"] is None
    by_need = _post(client, {**base, "target_kind": "catalog_need", "target_need": need.pk})
    assert by_need.status_code == 201, by_need.content
    assert client.get(f"/api/messages/{by_need.json()['id']}/").json()["target_need"] == need.pk
    with in_schema(residence_a):
        assert _recipients(Message.objects.get(pk=by_body.json()["id"])) == {"Odette": "email"}
        assert _recipients(Message.objects.get(pk=by_need.json()["id"])) == {"Marcel": "email"}
