"""schemathesis against the residence API and the reporting API, one run per role.

Every operation of the OpenAPI schema served on the host gets a bounded number of
generated requests, each sent again with control characters or formula-like text in every
text field (`HOSTILE_TEXTS`), through Django's WSGI handler (same database transaction as the test),
with the role's API token and the host's name. Checks: no server error, responses
conform to the schema; and a token of residence A never gets a 2xx on B's host.
"""
from __future__ import annotations

import contextlib
import itertools
import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from tests.conftest import host_of

MAX_EXAMPLES = 15
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance]
# Each generated request is sent again with every text field (string query parameters, strings of
# the body) set to one of these, in turn: control characters must be refused (400, the project's
# input rule), formula-like text accepted or refused but never a server error.
HOSTILE_TEXTS = ["x\x00y", '=HYPERLINK("http://evil.invalid/","x")', "\x01\x1f", "+33 1 02", "\x1b[2J", "-1+2",
                 "\x7f", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _with_text(value, text):
    if isinstance(value, str):
        return text
    if isinstance(value, dict):
        return {key: _with_text(item, text) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_text(item, text) for item in value]
    return value


def _has_text(value) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, dict):
        return any(_has_text(item) for item in value.values())
    return isinstance(value, list) and any(_has_text(item) for item in value)


def hostile_case(operation, case, text):
    """`case` with every text field set to `text`; None when the operation takes no text."""
    query = dict(case.query or {})
    replaced = False
    for parameter in operation.query:
        if parameter.definition.get("schema", {}).get("type") == "string":
            query[parameter.name] = text
            replaced = True
    body = case.body
    if isinstance(body, dict) and "json" not in (case.media_type or ""):
        # A form carries top-level fields only (nested values are sent as their Python repr).
        body = {key: text if isinstance(item, str) else item for key, item in body.items()}
        replaced = replaced or any(isinstance(item, str) for item in case.body.values())
    elif isinstance(body, (dict, list)):
        body = _with_text(body, text)
        replaced = replaced or _has_text(case.body)
    if not replaced:
        return None
    return operation.Case(method=case.method, path_parameters=case.path_parameters, headers=case.headers,
                          query=query, body=body, media_type=case.media_type)


@contextlib.contextmanager
def django_app():
    """Django's WSGI app, keeping the test's connection open between requests (as the test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def on_host(app, host: str, token: str):
    def wsgi(environ, start_response):
        environ["HTTP_HOST"] = host
        environ["SERVER_NAME"] = host
        environ["HTTP_AUTHORIZATION"] = f"Token {token}"
        return app(environ, start_response)
    return wsgi


def fuzz(residence, user, *, methods=("GET", "POST", "PUT", "PATCH", "DELETE"), foreign=None):
    """Run every operation of the host's schema; `foreign`: (residence, ...) where the token must fail."""
    token = Token.objects.get_or_create(user=user)[0].key
    with django_app() as app:
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", on_host(app, host_of(residence), token))
        other = on_host(app, host_of(foreign), token) if foreign is not None else None
        ran = []
        texts = itertools.cycle(HOSTILE_TEXTS)
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.method.upper() not in methods:
                continue
            ran.append(operation.label)

            @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy())
            def run(case):
                response = case.call()
                case.validate_response(response, checks=CHECKS)
                text = next(texts)
                hostile = hostile_case(operation, case, text)
                if hostile is not None:
                    answer = hostile.call()
                    assert answer.status_code < 500, (f"{text!r} in {case.method} {case.formatted_path}: "
                                                      f"{answer.status_code}")
                    if CONTROL.search(text):
                        assert answer.status_code == 400, (f"{text!r} in {case.method} {case.formatted_path} "
                                                           f"was not refused: {answer.status_code} "
                                                           f"query={hostile.query!r} body={hostile.body!r} "
                                                           f"media={hostile.media_type!r}")
                if other is not None:
                    elsewhere = case.call(app=other)
                    assert not 200 <= elsewhere.status_code < 300, (
                        f"token of {residence.slug} got {elsewhere.status_code} on {foreign.slug}: {case.method} "
                        f"{case.formatted_path}")

            run()
    return ran


def test_residence_api_as_coordinator_of_a_and_never_on_b(residence_a, residence_b, coordinator_a):
    ran = fuzz(residence_a, coordinator_a, foreign=residence_b)
    assert any("/api/residents/" in label for label in ran)


def test_residence_api_as_head_office(residence_a, head_office):
    assert fuzz(residence_a, head_office)


@pytest.mark.parametrize("persona", ["head_office", "viewer_l1"])
def test_reporting_api(request, persona):
    user = request.getfixturevalue(persona)
    # Reads only: creating residences (schemas) is covered by the provisioning tests.
    ran = fuzz(None, user, methods=("GET",))
    assert any("/api/reporting/values/" in label for label in ran)
