"""Sentry events carry no resident's name, whether it came in the body, the query or a SQL query."""
import json

import pytest
import sentry_sdk
from django.test import Client, override_settings

from core.people.factories import ResidentFactory
from tests.conftest import PASSWORD, host_of
from tests.platform.test_sentry import sentry_events  # noqa: F401 (fixture: real SDK, capturing transport)


def _events(transport):
    sentry_sdk.get_client().flush()
    return [item.payload.json for env in transport.envelopes for item in env.items if item.type == "event"]


@override_settings(ROOT_URLCONF="tests.privacy.sentry_urls")
@pytest.mark.django_db
def test_name_in_body_query_and_sql_never_reaches_sentry(sentry_events, residence_a, coordinator_a, in_schema):  # noqa: F811
    with in_schema(residence_a):
        ResidentFactory(first_name="Anastasie", pseudonym="")
    client = Client(HTTP_HOST=host_of(residence_a), raise_request_exception=False)
    client.post("/connexion/", {"username": coordinator_a.email, "password": PASSWORD})

    response = client.post("/recherche-en-panne/?habitant=Anastasie", {"prenom": "Anastasie", "note": "vit seule"})
    assert response.status_code == 500
    events = _events(sentry_events)
    assert len(events) == 1
    raw = json.dumps(events[0], ensure_ascii=False)
    assert events[0]["tags"]["residence"] == residence_a.schema_name
    for secret in ("Anastasie", "vit seule", coordinator_a.email, PASSWORD):
        assert secret not in raw, secret
