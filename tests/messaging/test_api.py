"""/api/messages/ and /api/message-templates/: create, list, send, deliveries; another residence's ids are 404;
lists are constant in queries; both are in the OpenAPI schema."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.messaging import services
from core.messaging.factories import MessageTemplateFactory
from core.messaging.models import Delivery
from tests.conftest import client_on
from tests.messaging.helpers import email_resident

pytestmark = pytest.mark.django_db


def _post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def test_create_send_and_follow_a_message(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        odette = email_resident("Odette")
    client = client_on(residence_a, coordinator_a)
    bad = _post(client, "/api/messages/", {"subject": "Salut", "body": "Votre {sante}"})
    assert bad.status_code == 400 and "{sante}" in bad.json()["body"][0]
    bad = _post(client, "/api/messages/", {"subject": "Salut", "body": "Bonjour", "target_kind": "registered"})
    assert bad.status_code == 400 and "activity" in bad.json()
    created = _post(client, "/api/messages/", {"subject": "Fête", "body": "Bonjour {prenom} !",
                                               "target_kind": "chosen", "chosen_residents": [odette.pk]})
    assert created.status_code == 201, created.content
    message_id = created.json()["id"]
    sent = client.post(f"/api/messages/{message_id}/send/")
    assert sent.status_code == 202 and sent.json()["status"] == "sending"
    assert client.post(f"/api/messages/{message_id}/send/").status_code == 400  # once
    with in_schema(residence_a):
        services.deliveries_create(message=services.Message.objects.get(pk=message_id))
    rows = client.get(f"/api/messages/{message_id}/deliveries/").json()["results"]
    assert [(r["resident"], r["channel"], r["status"]) for r in rows] == [(odette.pk, "email", "queued")]


def test_templates_api_refuses_unknown_variables(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    assert _post(client, "/api/message-templates/", {"name": "X", "subject": "{x}", "body": "b"}).status_code == 400
    ok = _post(client, "/api/message-templates/", {"name": "Rappel", "subject": "Rappel {animation}",
                                                   "body": "Bonjour {prenom}"})
    assert ok.status_code == 201
    assert client.get("/api/message-templates/").json()["results"][0]["name"] == "Rappel"


def test_another_residences_messages_are_404(residence_a, residence_b, in_schema, coordinator_b, head_office):
    with in_schema(residence_a):
        message = services.message_save(subject="De A", body="texte de A")
        template = MessageTemplateFactory(name="Modèle de A")
        Delivery.objects.create(message=message, resident=email_resident("Odette"), channel="email")
    for client in (client_on(residence_b, coordinator_b), client_on(residence_b, head_office)):
        assert client.get(f"/api/messages/{message.pk}/").status_code == 404
        assert client.post(f"/api/messages/{message.pk}/send/").status_code == 404
        assert client.get(f"/api/messages/{message.pk}/deliveries/").status_code == 404
        assert client.get(f"/api/message-templates/{template.pk}/").status_code == 404
        assert "De A" not in client.get("/api/messages/").content.decode()
        assert "Modèle de A" not in client.get("/api/message-templates/").content.decode()
    # The coordinator of B on A's host: refused before any view.
    assert client_on(residence_a, coordinator_b).get("/api/messages/").status_code == 404
    assert client_on(None, head_office).get("/api/messages/").status_code == 404  # not on the bare domain


def test_lists_are_constant_in_queries(residence_a, in_schema, coordinator_a):
    client = client_on(residence_a, coordinator_a)

    def add(n):
        with in_schema(residence_a):
            for i in range(n):
                message = services.message_save(subject=f"M{i}", body="Bonjour")
                Delivery.objects.create(message=message, resident=email_resident(f"P{i}{n}"), channel="email")

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    add(1)
    few = {path: count(path) for path in ("/api/messages/", "/messages/")}
    add(15)
    assert {path: count(path) for path in few} == few


def test_openapi_describes_messages(residence_a, coordinator_a):
    schema = client_on(residence_a, coordinator_a).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("/api/messages/", "/api/messages/{id}/send/", "/api/messages/{id}/deliveries/",
                 "/api/message-templates/", "/api/message-templates/{id}/"):
        assert path in schema["paths"], path
