"""With SENTRY_DSN set, events carry the residence tag and no personal data (real SDK)."""
import json

import pytest
import sentry_sdk
from django.test import Client, override_settings
from sentry_sdk.transport import Transport

from apes_platform.sentry import init_sentry
from core.people.factories import ResidentFactory
from tests.conftest import PASSWORD, host_of


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    init_sentry(dsn="https://public@sentry.example.invalid/1", environment="test", transport=transport)
    yield transport
    sentry_sdk.get_client().flush()
    sentry_sdk.init(dsn=None)


@override_settings(ROOT_URLCONF="tests.platform.sentry_urls")
def test_error_event_has_residence_tag_and_no_personal_data(sentry_events, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ResidentFactory(first_name="Philomène", pseudonym="")
    client = Client(HTTP_HOST=host_of(residence_a), raise_request_exception=False)
    client.post("/connexion/", {"username": coordinator_a.email, "password": PASSWORD})

    response = client.get("/boom/?habitant=Philomène")
    assert response.status_code == 500
    sentry_sdk.get_client().flush()

    events = [item.payload.json for env in sentry_events.envelopes for item in env.items if item.type == "event"]
    assert len(events) == 1
    event = events[0]
    assert event["tags"]["residence"] == residence_a.schema_name
    raw = json.dumps(event, ensure_ascii=False)
    assert "Philomène" not in raw
    assert coordinator_a.email not in raw
    assert "sessionid" not in raw
    assert event["exception"]["values"][0]["type"] == "RuntimeError"
