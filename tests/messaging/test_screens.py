"""The coordinator's screens: compose from a template, preview per channel, confirm and send, follow."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.activities.factories import ActivityFactory
from core.messaging import services
from core.messaging.factories import MessageTemplateFactory
from core.messaging.models import Delivery, Message, MessageStatus
from tests.conftest import aware, client_on
from tests.messaging.helpers import email_resident, sms_resident

pytestmark = pytest.mark.django_db


def test_compose_preview_and_send(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        email_resident("Odette")
        sms_resident("Marcel")
        activity = ActivityFactory(title="Atelier tricot", starts_at=aware(2027, 1, 14, 14, 30), place="Salle commune")
        template = MessageTemplateFactory()
    client = client_on(residence_a, coordinator_a)
    form = client.get(f"/messages/nouveau/?modele={template.pk}").content.decode()
    assert "Invitation : {animation}" in form and 'hx-get="/messages/sms-compteur/"' in form
    refused = client.post("/messages/nouveau/", {"subject": "Salut", "body": "Votre {sante}", "target_kind": "all"})
    assert refused.status_code == 200 and "{sante}" in refused.content.decode()
    response = client.post("/messages/nouveau/", {
        "template": template.pk, "subject": template.subject, "body": template.body, "sms_body": template.sms_body,
        "activity": activity.pk, "target_kind": "all"})
    assert response.status_code == 302
    with in_schema(residence_a):
        message = Message.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Invitation : Atelier tricot" in page  # e-mail preview, variables filled for a real recipient
    assert "jeudi 14 janvier a 14h30, Salle commune." in page  # SMS preview
    assert "1 personnes par e-mail et 1 par SMS" in page
    confirm = client.get(f"/messages/{message.pk}/envoyer/").content.decode()
    assert "1 e-mails et 1 SMS partiront" in confirm
    assert client.post(f"/messages/{message.pk}/envoyer/").status_code == 302
    with in_schema(residence_a):
        message.refresh_from_db()
        assert message.status == MessageStatus.SENDING
        services.deliveries_create(message=message)
    page = client.get(f"/messages/{message.pk}/").content.decode()
    assert "0 sur 2 traités" in page and 'hx-trigger="every 2s"' in page
    assert client.get(f"/messages/{message.pk}/modifier/").status_code == 302  # no edit once sent


def test_message_detail_is_constant_in_queries(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        message = services.message_save(subject="Fête", body="Bonjour {prenom}")
        services.message_send_request(message=message)
    client = client_on(residence_a, coordinator_a)

    def add(n):
        with in_schema(residence_a):
            for i in range(n):
                Delivery.objects.create(message=message, resident=email_resident(f"P{n}x{i}"), channel="email")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/messages/{message.pk}/").status_code == 200
        return len(ctx)

    add(1)
    few = count()
    add(20)
    assert count() == few
