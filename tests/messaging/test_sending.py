"""Sending: who gets what by which channel, once each, with retries, quiet hours for SMS, through a real
SMTP sink and a local HTTP server speaking Brevo's SMS API."""
import json

import pytest
import time_machine
from django.db import IntegrityError, transaction

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.messaging import services
from core.messaging.models import Channel, Delivery, DeliveryStatus, MessageStatus, OptOut, TargetKind
from core.messaging.selectors import audience_preview
from core.messaging.sms import webhook_token
from core.people.factories import ResidentFactory
from core.privacy.factories import SensitiveRecordFactory
from core.privacy.services import resident_erase
from tests.conftest import aware, client_on
from tests.messaging.helpers import email_resident, sms_resident

pytestmark = pytest.mark.django_db


def _message(**kwargs):
    defaults = {"subject": "Invitation : {animation}", "body": "Bonjour {prenom}, venez à {animation} le {date}.",
                "sms_body": "Bonjour {prenom}, {animation} le {date} a {heure}."}
    return services.message_save(**{**defaults, **kwargs})


def _send_all(message):
    services.deliveries_create(message=message)
    return services.deliveries_send(ids=services.due_delivery_ids(message=message))


def test_each_resident_by_their_channel_respecting_consent_and_opt_out(residence_a, in_schema):
    with in_schema(residence_a):
        by_email = email_resident("Odette")
        no_consent = email_resident("Paul", consent=False)
        by_sms = sms_resident("Marcel")
        stopped = sms_resident("Lucie", phone="06 98 76 54 32")
        services.opt_out(resident=stopped, channel=Channel.SMS, source="stop")
        by_phone = ResidentFactory(first_name="Jeanne", contact_channel="phone", phone="01 23 45 67 89")
        nothing = ResidentFactory(first_name="René", contact_channel="")
        erased = email_resident("Effacé")
        resident_erase(resident=erased)
        message = _message(target_kind=TargetKind.ALL)
        preview = audience_preview(message)
        services.deliveries_create(message=message)
        channels = dict(Delivery.objects.filter(message=message).values_list("resident_id", "channel"))
    assert channels == {by_email.pk: Channel.EMAIL, by_sms.pk: Channel.SMS, no_consent.pk: Channel.CALL,
                        by_phone.pk: Channel.CALL, nothing.pk: Channel.CALL}
    assert preview.by_channel == {"email": 1, "sms": 1, "call": 3} and preview.skipped == 1


def test_targets_age_band_interest_registered_not_seen_chosen_need(residence_a, in_schema):
    with in_schema(residence_a):
        senior = email_resident("Odette", age_band="60-74", interests=["sewing"])
        young = email_resident("Yanis", age_band="18-25", interests=["sport"])
        activity = ActivityFactory(starts_at=aware(2026, 12, 10))
        RegistrationFactory(activity=activity, resident=young)
        ActivityFactory(starts_at=aware(2026, 11, 20)).attendances.create(resident=senior)

        def who(**target):
            message = _message(**target)
            services.deliveries_create(message=message)
            return set(Delivery.objects.filter(message=message).values_list("resident__first_name", flat=True))

        with time_machine.travel("2026-12-01 10:00 +01:00"):
            assert who(target_kind=TargetKind.AGE_BAND, target_age_band="60-74") == {"Odette"}
            assert who(target_kind=TargetKind.INTEREST, target_interest="sport") == {"Yanis"}
            assert who(target_kind=TargetKind.REGISTERED, activity=activity) == {"Yanis"}
            assert who(target_kind=TargetKind.NOT_SEEN, target_not_seen_weeks=4) == {"Yanis"}
            assert who(target_kind=TargetKind.CHOSEN, chosen_residents=[senior]) == {"Odette"}
            from core.dropins.factories import DropInVisitFactory

            DropInVisitFactory(resident=young, topic="need")
            DropInVisitFactory(resident=young, topic="need")
            DropInVisitFactory(resident=senior, topic="information")
            assert who(target_kind=TargetKind.EXPRESSED_NEED) == {"Yanis"}


def test_a_target_without_its_criterion_is_refused_naming_the_field(residence_a, in_schema):
    from django.core.exceptions import ValidationError

    with in_schema(residence_a):
        with pytest.raises(ValidationError) as exc:
            _message(target_kind=TargetKind.REGISTERED)
        assert "activity" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            _message(body="Votre santé : {sante}")
        assert "body" in exc.value.message_dict


def test_real_smtp_send_with_one_click_unsubscribe(residence_a, residence_b, in_schema, smtp_sink):
    with in_schema(residence_a):
        odette = email_resident("Odette")
        SensitiveRecordFactory(resident=odette, health_situation="Sortie d'hospitalisation récente")
        activity = ActivityFactory(title="Atelier tricot", starts_at=aware(2026, 12, 3, 14, 30))
        message = _message(activity=activity)
        result = _send_all(message)
        delivery = Delivery.objects.get(message=message)
    assert result["sent"] == 1 and delivery.status == DeliveryStatus.SENT and delivery.sent_at
    [received] = smtp_sink.messages
    mail = received["mail"]
    assert received["to"] == ["odette@exemple.fr"]
    assert mail["Subject"] == "Invitation : Atelier tricot"
    body = mail.get_content()
    assert "Bonjour Odette, venez à Atelier tricot le jeudi 3 décembre." in body
    assert "hospitalisation" not in mail.as_string()  # never any sensitive data
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith(f"http://{residence_a.slug}.localhost") and url in body
    path = url.split("localhost", 1)[1].split("/", 1)[1]
    path = "/" + path

    # The same link on another residence's host does nothing.
    assert client_on(residence_b).post(path, "List-Unsubscribe=One-Click",
                                       content_type="application/x-www-form-urlencoded").status_code == 404
    # RFC 8058: the mail client POSTs without cookie or CSRF token.
    anonymous = client_on(residence_a)
    assert "désabonner" in anonymous.get(path).content.decode()
    assert anonymous.post(path, "List-Unsubscribe=One-Click",
                          content_type="application/x-www-form-urlencoded").status_code == 200
    with in_schema(residence_a):
        assert OptOut.objects.filter(resident=odette, channel=Channel.EMAIL, source="link").exists()
        again = _message(subject="Deuxième message")
        services.deliveries_create(message=again)
        assert not Delivery.objects.filter(message=again, resident=odette).exists()


def test_each_resident_gets_the_message_once_even_if_sending_runs_twice(residence_a, in_schema, smtp_sink):
    with in_schema(residence_a):
        people = [email_resident(f"Personne{i}") for i in range(5)]
        message = _message()
        assert services.deliveries_create(message=message) == 5
        assert services.deliveries_create(message=message) == 0
        ids = services.due_delivery_ids(message=message)
        first = services.deliveries_send(ids=ids)
        second = services.deliveries_send(ids=ids)
        # The database itself refuses a second row for the same person.
        with pytest.raises(IntegrityError), transaction.atomic():
            Delivery.objects.create(message=message, resident=people[0], channel=Channel.EMAIL)
        message.refresh_from_db()
    assert first["sent"] == 5 and second["sent"] == 0
    assert sorted(m["to"][0] for m in smtp_sink.messages) == sorted(p.email for p in people)


def test_sms_through_brevo_with_receipts_and_stop(residence_a, residence_b, in_schema, brevo, daytime):
    with in_schema(residence_a):
        marcel = sms_resident("Marcel", phone="06 12 34 56 78")
        activity = ActivityFactory(title="Gym douce", starts_at=aware(2026, 12, 3, 10))
        message = _message(activity=activity, target_kind=TargetKind.ALL)
        services.message_send_request(message=message)  # the task is queued on commit; run its work here
        result = _send_all(message)
        delivery = Delivery.objects.get(message=message)
    assert result["sent"] == 1
    [sent] = brevo.requests
    assert sent["recipient"] == "33612345678" and sent["sender"] == "Tilleuls" and sent["type"] == "transactional"
    text, link = sent["content"].split("\nStop SMS : ")
    assert text == "Bonjour Marcel, Gym douce le jeudi 3 décembre a 10h00." and sent["unicodeEnabled"] is False  # é is GSM-7
    assert link.startswith(f"http://{residence_a.slug}.localhost") and "/messages/stop/" in link
    assert delivery.provider_id == str(sent["messageId"])

    hook = "/messages/webhooks/sms/statut/"
    receipt = json.dumps({"messageId": sent["messageId"], "msg_status": "delivered", "to": "33612345678"})
    on_a = client_on(residence_a)
    assert on_a.post(hook, receipt, content_type="application/json").status_code == 403  # unsigned
    assert on_a.post(hook, receipt, content_type="application/json",
                     HTTP_AUTHORIZATION=f"Bearer {webhook_token(residence_b.schema_name)}").status_code == 403
    response = on_a.post(hook, receipt, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {webhook_token(residence_a.schema_name)}")
    assert response.status_code == 200 and response.json() == {"updated": 1}
    with in_schema(residence_a):
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED
        message.refresh_from_db()
        assert message.status == MessageStatus.SENT

    # A late "sent" never moves a delivered SMS back.
    on_a.post(hook, json.dumps({"messageId": sent["messageId"], "msg_status": "sent"}),
              content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {webhook_token(residence_a.schema_name)}")
    with in_schema(residence_a):
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED

    # STOP from Marcel's phone, on the inbound webhook: no more SMS for him.
    stop = json.dumps({"from": "+33612345678", "text": " Stop "})
    response = client_on(residence_a).post("/messages/webhooks/sms/reponse/", stop, content_type="application/json",
                                           HTTP_AUTHORIZATION=f"Bearer {webhook_token(residence_a.schema_name)}")
    assert response.json() == {"opted_out": 1}
    with in_schema(residence_a):
        assert OptOut.objects.filter(resident=marcel, channel=Channel.SMS, source="stop").exists()
        later = _message(subject="Autre")
        services.deliveries_create(message=later)
        assert not Delivery.objects.filter(message=later).exists()


def test_a_bounced_sms_is_marked_bounced(residence_a, in_schema, brevo, daytime):
    with in_schema(residence_a):
        sms_resident("Marcel")
        message = _message()
        _send_all(message)
        [sent] = brevo.requests
        assert services.sms_receipt_apply(provider_id=str(sent["messageId"]), provider_status="hard_bounce") == 1
        assert Delivery.objects.get(message=message).status == DeliveryStatus.BOUNCED


def test_provider_errors_are_retried_with_backoff_then_sent(residence_a, in_schema, brevo, settings):
    settings.MESSAGING_RETRY_BASE_SECONDS = 60
    brevo.fail_next = 2
    with time_machine.travel("2026-12-01 14:00 +01:00", tick=False) as clock, in_schema(residence_a):
        sms_resident("Marcel")
        message = _message()
        services.deliveries_create(message=message)
        first = services.deliveries_send(ids=services.due_delivery_ids(message=message))
        row = Delivery.objects.get(message=message)
        assert first["retry"] == [row.pk] and first["retry_in"] == 60
        assert row.status == DeliveryStatus.QUEUED and row.attempts == 1 and "500" in row.error
        assert services.due_delivery_ids(message=message) == []  # not before the delay
        clock.shift(61)
        second = services.deliveries_send(ids=services.due_delivery_ids(message=message))
        assert second["retry_in"] == 120  # the delay doubles
        clock.shift(121)
        third = services.deliveries_send(ids=services.due_delivery_ids(message=message))
        row.refresh_from_db()
    assert third["sent"] == 1 and row.status == DeliveryStatus.SENT and row.attempts == 3
    assert len(brevo.requests) == 1


def test_no_sms_between_20h_and_9h(residence_a, in_schema, brevo, smtp_sink):
    with time_machine.travel("2026-12-01 21:30 +01:00", tick=False) as clock, in_schema(residence_a):
        sms_resident("Marcel")
        email_resident("Odette")
        message = _message()
        services.deliveries_create(message=message)
        services.deliveries_send(ids=list(Delivery.objects.values_list("pk", flat=True)))
        sms = Delivery.objects.get(message=message, channel=Channel.SMS)
        assert sms.status == DeliveryStatus.QUEUED and sms.not_before == aware(2026, 12, 2, 9, 0)
        assert len(smtp_sink.messages) == 1 and brevo.requests == []  # e-mail goes, SMS waits
        clock.move_to("2026-12-02 08:59 +01:00")
        assert services.due_delivery_ids() == []
        clock.move_to("2026-12-02 09:00 +01:00")
        services.deliveries_send(ids=services.due_delivery_ids())
        sms.refresh_from_db()
    assert sms.status == DeliveryStatus.SENT and len(brevo.requests) == 1


def test_call_list_is_ticked_off(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        jeanne = ResidentFactory(first_name="Jeanne", pseudonym="", contact_channel="phone", phone="01 23 45 67 89")
        message = _message()
        services.message_send_request(message=message)
        services.deliveries_create(message=message)
        row = Delivery.objects.get(message=message, resident=jeanne)
    client = client_on(residence_a, coordinator_a)
    page = client.get(f"/messages/{message.pk}/appels/").content.decode()
    assert "Jeanne" in page and "01 23 45 67 89" in page
    assert client.post(f"/messages/{message.pk}/appels/{row.pk}/", {"reached": "1"}).status_code == 302
    with in_schema(residence_a):
        row.refresh_from_db()
    assert row.called_at and row.status == DeliveryStatus.DELIVERED and row.called_by


def test_an_address_refused_by_the_mail_server_is_bounced_and_the_others_go(residence_a, in_schema, smtp_sink):
    with in_schema(residence_a):
        email_resident("Odette")
        email_resident("Inconnue", email="inconnue@exemple.fr")
        smtp_sink.reject.add("inconnue@exemple.fr")
        message = _message()
        result = _send_all(message)
        rows = dict(Delivery.objects.filter(message=message).values_list("resident__first_name", "status"))
        error = Delivery.objects.get(message=message, resident__first_name="Inconnue").error
    assert rows == {"Odette": DeliveryStatus.SENT, "Inconnue": DeliveryStatus.BOUNCED}
    assert result == {"sent": 1, "failed": 1, "retry": [], "retry_in": 0}
    assert "550" in error and "inconnue" not in error
    assert [m["to"] for m in smtp_sink.messages] == [["odette@exemple.fr"]]
