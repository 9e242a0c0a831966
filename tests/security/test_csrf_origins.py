"""CSRF between sibling residences: only the request's own origin is trusted.

With `CSRF_TRUSTED_ORIGINS = https://*.<domain>`, a page of residence A could post, with a
valid token pair, into residence B: the origin check let every sibling pass. Now a POST whose
Origin (or, without one, Referer) is another residence or the bare domain gets 403.
"""
from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from core.partners.models import Partner
from tests.conftest import PASSWORD, host_of


def browser_on(residence) -> tuple[Client, str]:
    """A browser with CSRF checks on, over HTTPS, holding the CSRF cookie of `residence`'s host."""
    browser = Client(HTTP_HOST=host_of(residence), enforce_csrf_checks=True)
    assert browser.get("/connexion/", secure=True).status_code == 200
    return browser, browser.cookies[settings.CSRF_COOKIE_NAME].value


def log_in(browser, token, user, **origin):
    return browser.post("/connexion/", {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
                        secure=True, **origin)


def test_no_wildcard_origin_is_trusted():
    assert not any("*" in origin for origin in settings.CSRF_TRUSTED_ORIGINS)


@pytest.mark.parametrize("header", ["HTTP_ORIGIN", "HTTP_REFERER"])
def test_a_post_from_a_sibling_residence_is_refused(header, residence_a, residence_b, coordinator_b):
    browser, token = browser_on(residence_b)
    for foreign in (f"https://{host_of(residence_a)}", f"https://{host_of(None)}"):
        value = foreign if header == "HTTP_ORIGIN" else foreign + "/connexion/"
        refused = log_in(browser, token, coordinator_b, **{header: value})
        assert refused.status_code == 403, (foreign, refused.status_code)
    own = f"https://{host_of(residence_b)}"
    accepted = log_in(browser, token, coordinator_b, **{header: own if header == "HTTP_ORIGIN" else own + "/connexion/"})
    assert accepted.status_code == 302


def test_a_logged_in_coordinator_cannot_be_made_to_post_from_a_sibling(residence_a, residence_b, coordinator_b,
                                                                       in_schema):
    browser, token = browser_on(residence_b)
    assert log_in(browser, token, coordinator_b, HTTP_ORIGIN=f"https://{host_of(residence_b)}").status_code == 302
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value  # rotated at log-in
    data = {"name": "Partenaire forcé", "kind": "association", "csrfmiddlewaretoken": token}
    refused = browser.post("/partenaires/nouveau/", data, secure=True, HTTP_ORIGIN=f"https://{host_of(residence_a)}")
    assert refused.status_code == 403
    with in_schema(residence_b):
        assert not Partner.objects.exists()
    accepted = browser.post("/partenaires/nouveau/", data, secure=True, HTTP_ORIGIN=f"https://{host_of(residence_b)}")
    assert accepted.status_code == 302
    with in_schema(residence_b):
        assert Partner.objects.filter(name="Partenaire forcé").exists()
