"""The e-mail provider's events (Brevo's transactional webhooks), posted over real HTTP to the live server,
and the short opt-out link every SMS carries."""
import json

import pytest
import requests
from django.db import connection
from django_tenants.utils import schema_context

from core.messaging import services
from core.messaging.models import Channel, Delivery, DeliveryStatus, OptOut
from core.messaging.sms import webhook_token
from tests.browser.conftest import _empty_residence_tables
from tests.conftest import RESIDENCE_A, RESIDENCE_B, client_on, ensure_residence
from tests.messaging.helpers import email_resident, sms_resident

HOOK = "/messages/webhooks/email/statut/"


@pytest.fixture
def live(live_server, transactional_db):
    """The live server with residences A and B; committed rows, emptied after the test."""
    a, b = ensure_residence(RESIDENCE_A), ensure_residence(RESIDENCE_B)
    port = live_server.url.rsplit(":", 1)[1]

    class Live:
        residence_a, residence_b = a, b

        def post(self, residence, payload, *, token=None):
            """A real HTTP POST to the residence's host, as Brevo sends it (bearer token, JSON body)."""
            headers = {"Host": f"{residence.slug}.localhost:{port}", "Content-Type": "application/json"}
            if token is not None:
                headers["Authorization"] = f"Bearer {token}"
            return requests.post(f"http://127.0.0.1:{port}{HOOK}", data=json.dumps(payload), headers=headers,
                                 timeout=30)

    yield Live()
    connection.set_schema_to_public()
    _empty_residence_tables()


def brevo_event(event, *, mail, **extra):
    """A transactional e-mail event as Brevo documents it (developers.brevo.com/docs/transactional-webhooks)."""
    return {"event": event, "email": mail["To"], "id": 123456, "date": "2026-12-01 15:02:11",
            "ts": 1764597731, "message-id": mail["Message-ID"], "ts_event": 1764597731,
            "subject": mail["Subject"], "X-Mailin-custom": mail["X-Mailin-custom"], "sending_ip": "185.41.28.109",
            "ts_epoch": 1764597731000, "template_id": None, "tags": [], **extra}


def _sent_mails(residence, smtp_sink, people):
    with schema_context(residence.schema_name):
        message = services.message_save(subject="Fête des voisins", body="Bonjour {prenom}, venez !")
        services.deliveries_create(message=message)
        services.deliveries_send(ids=services.due_delivery_ids(message=message))
    by_address = {m["to"][0]: m["mail"] for m in smtp_sink.messages}
    return message, [by_address[p.email] for p in people]


def _row(residence, message, person):
    with schema_context(residence.schema_name):
        return Delivery.objects.get(message=message, resident=person)


def test_delivered_and_hard_bounce_mark_the_row_and_a_hard_bounce_stops_email(live, smtp_sink):
    a, b = live.residence_a, live.residence_b
    with schema_context(a.schema_name):
        odette, rene = email_resident("Odette"), email_resident("René", email="rene@exemple.fr")
    message, (to_odette, to_rene) = _sent_mails(a, smtp_sink, [odette, rene])
    assert to_odette["X-Mailin-custom"].startswith(f"{a.schema_name}:")
    token = webhook_token(a.schema_name)

    # Unauthenticated, or with B's token, or A's token on B's host: refused, nothing changes.
    assert live.post(a, brevo_event("delivered", mail=to_odette)).status_code == 403
    assert live.post(a, brevo_event("delivered", mail=to_odette), token=webhook_token(b.schema_name)).status_code == 403
    assert live.post(b, brevo_event("hard_bounce", mail=to_odette), token=token).status_code == 403
    assert live.post(b, brevo_event("hard_bounce", mail=to_odette),
                     token=webhook_token(b.schema_name)).json() == {"updated": 0, "opted_out": 0}
    assert _row(a, message, odette).status == DeliveryStatus.SENT

    answer = live.post(a, brevo_event("delivered", mail=to_odette), token=token)
    assert answer.status_code == 200 and answer.json() == {"updated": 1, "opted_out": 0}
    assert _row(a, message, odette).status == DeliveryStatus.DELIVERED

    bounce = brevo_event("hard_bounce", mail=to_rene, reason="550 5.1.1 <rene@exemple.fr>: user unknown")
    assert live.post(a, bounce, token=token).json() == {"updated": 1, "opted_out": 1}
    # Brevo retries a webhook it thinks failed: the same event again changes nothing.
    assert live.post(a, bounce, token=token).json() == {"updated": 0, "opted_out": 0}
    row = _row(a, message, rene)
    assert row.status == DeliveryStatus.BOUNCED and "rene@" not in row.error
    with schema_context(a.schema_name):
        assert OptOut.objects.get(resident=rene, channel=Channel.EMAIL).source == "bounce"
        assert not OptOut.objects.filter(resident=odette).exists()
        # Next message: René's address is not used again; he goes to the call list, Odette gets her e-mail.
        later = services.message_save(subject="Autre", body="Texte")
        services.deliveries_create(message=later)
        channels = dict(Delivery.objects.filter(message=later).values_list("resident__first_name", "channel"))
    assert channels == {"Odette": Channel.EMAIL, "René": Channel.CALL}


def test_soft_bounce_blocked_spam_and_unsubscribed(live, smtp_sink):
    a = live.residence_a
    with schema_context(a.schema_name):
        people = [email_resident(name) for name in ("Alice", "Bruno", "Chloe", "Denis")]
    message, mails = _sent_mails(a, smtp_sink, people)
    token = webhook_token(a.schema_name)
    alice, bruno, chloe, denis = people

    # A soft bounce is a failure that a later delivery still overrides; it stops nothing.
    assert live.post(a, brevo_event("soft_bounce", mail=mails[0], reason="mailbox full"),
                     token=token).json() == {"updated": 1, "opted_out": 0}
    assert _row(a, message, alice).status == DeliveryStatus.FAILED
    assert live.post(a, brevo_event("delivered", mail=mails[0]), token=token).json()["updated"] == 1
    assert _row(a, message, alice).status == DeliveryStatus.DELIVERED
    # A late "request" (sent) never moves a delivered row back.
    assert live.post(a, brevo_event("request", mail=mails[0]), token=token).json()["updated"] == 0

    # Blocked by the provider: failed, e-mail not stopped (it may be the sender's side).
    assert live.post(a, brevo_event("blocked", mail=mails[1]), token=token).json() == {"updated": 1, "opted_out": 0}
    assert _row(a, message, bruno).status == DeliveryStatus.FAILED

    # A spam complaint: it arrived, and the person does not want e-mail any more (no row at all next time).
    assert live.post(a, brevo_event("spam", mail=mails[2]), token=token).json() == {"updated": 1, "opted_out": 1}
    assert _row(a, message, chloe).status == DeliveryStatus.DELIVERED

    # Unsubscribed through the provider: no status change, e-mail stops. Brevo may batch events in a list.
    answer = live.post(a, [brevo_event("unsubscribed", mail=mails[3]), brevo_event("opened", mail=mails[3])],
                       token=token)
    assert answer.json() == {"updated": 0, "opted_out": 1}
    with schema_context(a.schema_name):
        sources = dict(OptOut.objects.values_list("resident__first_name", "source"))
        later = services.message_save(subject="Autre", body="Texte")
        services.deliveries_create(message=later)
        channels = dict(Delivery.objects.filter(message=later).values_list("resident__first_name", "channel"))
    assert sources == {"Chloe": "spam", "Denis": "link"}
    assert channels == {"Alice": Channel.EMAIL, "Bruno": Channel.EMAIL}


def test_an_event_found_by_its_message_id_only(live, smtp_sink):
    """Without our custom header (an API send), the Message-ID names the row."""
    a = live.residence_a
    with schema_context(a.schema_name):
        odette = email_resident("Odette")
    message, [mail] = _sent_mails(a, smtp_sink, [odette])
    event = brevo_event("hard_bounce", mail=mail)
    event.pop("X-Mailin-custom")
    assert live.post(a, event, token=webhook_token(a.schema_name)).json() == {"updated": 1, "opted_out": 1}
    assert _row(a, message, odette).status == DeliveryStatus.BOUNCED


def test_a_malformed_event_is_refused_or_ignored(live):
    a = live.residence_a
    token = webhook_token(a.schema_name)
    assert live.post(a, ["not an object"], token=token).status_code == 400
    assert live.post(a, {"event": "hard_bounce", "X-Mailin-custom": f"{a.schema_name}:999999"},
                     token=token).json() == {"updated": 0, "opted_out": 0}


def test_an_address_refused_at_once_by_the_mail_server_also_stops_email(residence_a, in_schema, smtp_sink):
    """The same rule as the provider's hard bounce: the SMTP server's 550 stops e-mail to that person."""
    with in_schema(residence_a):
        gone = email_resident("Parti", email="parti@exemple.fr")
        smtp_sink.reject.add("parti@exemple.fr")
        message = services.message_save(subject="Bonjour", body="Texte")
        services.deliveries_create(message=message)
        services.deliveries_send(ids=services.due_delivery_ids(message=message))
        assert Delivery.objects.get(message=message).status == DeliveryStatus.BOUNCED
        assert OptOut.objects.get(resident=gone, channel=Channel.EMAIL).source == "bounce"
        # The person's own wish, later, replaces the bounce: no row at all, not even the call list.
        services.opt_out(resident=gone, channel=Channel.EMAIL, source="link")
        assert OptOut.objects.get(resident=gone, channel=Channel.EMAIL).source == "link"


# --- The SMS opt-out link ---------------------------------------------------------------------------

def test_every_sms_carries_a_short_opt_out_link_that_stops_sms_after_confirmation(
        residence_a, residence_b, in_schema, brevo, daytime):
    with in_schema(residence_a):
        marcel = sms_resident("Marcel")
        message = services.message_save(subject="Gym", body="Long texte", sms_body="Gym douce demain 10h.")
        services.deliveries_create(message=message)
        services.deliveries_send(ids=services.due_delivery_ids(message=message))
    [sent] = brevo.requests
    text, link = sent["content"].split("\nStop SMS : ")
    assert text == "Gym douce demain 10h."
    assert link.startswith(f"http://{residence_a.slug}.localhost") and len(link.split("/messages/stop/")[1]) < 20
    path = "/" + link.split("localhost", 1)[1].split("/", 1)[1]

    # The same link on B's host names nobody there; a made-up code neither.
    assert client_on(residence_b).post(path).status_code == 404
    assert client_on(residence_a).get("/messages/stop/1-aaaaaaaaaa/").status_code == 404
    # Opening the link (or a phone's link preview) changes nothing: a confirmation page.
    visitor = client_on(residence_a)
    page = visitor.get(path)
    assert page.status_code == 200 and "Oui, me désabonner" in page.content.decode()
    with in_schema(residence_a):
        assert not OptOut.objects.exists()
    done = visitor.post(path)
    assert done.status_code == 200 and "Vous ne recevrez plus de messages de la résidence par SMS" in done.content.decode()
    assert visitor.post(path).status_code == 200  # twice: the same single opt-out
    with in_schema(residence_a):
        assert list(OptOut.objects.values_list("resident_id", "channel", "source")) == [(marcel.pk, "sms", "link")]
        later = services.message_save(subject="Autre", body="Texte")
        services.deliveries_create(message=later)
        assert not Delivery.objects.filter(message=later).exists()
