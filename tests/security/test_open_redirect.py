"""Open redirect: every view that takes a `next` follows only a path on its own host.

The views: the anonymous head count of a session, closing a drop-in follow-up, log-in, the
second factor (verification and enrolment) and the language switch (Django's own check). A static check keeps
any new `next` going through `apes_platform.redirects.safe_next`.
"""
from __future__ import annotations

import pathlib
import re

import pytest
from django.test import Client

from core.activities.factories import ActivityFactory
from core.dropins.factories import FollowUpFactory
from tests.conftest import PASSWORD, client_on, host_of, totp_code

HOSTILE = ["https://evil.invalid/", "//evil.invalid/", "/\\evil.invalid/", "https:evil.invalid",
           "http://tilleuls-test.localhost.evil.invalid/", "/\t/evil.invalid/", " //evil.invalid/"]


def assert_stays_home(response, where, next_url):
    assert response.status_code == 302, (where, next_url, response.status_code)
    location = response["Location"]
    assert "evil" not in location, (where, next_url, location)
    assert location.startswith("/") and not location.startswith(("//", "/\\")), (where, next_url, location)


@pytest.mark.parametrize("next_url", HOSTILE)
def test_anonymous_head_count_never_leaves_the_site(next_url, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/activites/{activity.pk}/comptage/",
                           {"children": 1, "neighbours": 0, "guests": 0, "next": next_url})
    assert_stays_home(response, "comptage", next_url)
    assert response["Location"] == f"/activites/{activity.pk}/"


def test_anonymous_head_count_goes_back_to_a_page_of_the_site(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/activites/{activity.pk}/comptage/",
                           {"children": 1, "neighbours": 0, "guests": 0, "next": f"/activites/{activity.pk}/pointer/"})
    assert response["Location"] == f"/activites/{activity.pk}/pointer/"


@pytest.mark.parametrize("next_url", HOSTILE)
def test_closing_a_follow_up_never_leaves_the_site(next_url, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        follow_up = FollowUpFactory()
    response = client_on(residence_a, coordinator_a).post(
        f"/permanences/suites/{follow_up.pk}/clore/", {"outcome": "Rappelée", "next": next_url})
    assert_stays_home(response, "clore", next_url)


@pytest.mark.parametrize("next_url", HOSTILE)
def test_log_in_never_leaves_the_site(next_url, residence_a, coordinator_a):
    browser = Client(HTTP_HOST=host_of(residence_a))
    response = browser.post("/connexion/",
                            {"username": coordinator_a.email, "password": PASSWORD, "next": next_url})
    assert_stays_home(response, "connexion", next_url)


@pytest.mark.parametrize("next_url", HOSTILE)
def test_second_factor_never_leaves_the_site(next_url, head_office):
    browser = Client(HTTP_HOST=host_of(None))
    assert browser.post("/connexion/", {"username": head_office.email, "password": PASSWORD}).status_code == 302
    response = browser.post("/connexion/verification/", {"code": totp_code(head_office), "next": next_url})
    assert_stays_home(response, "verification", next_url)
    # Already verified: the page sends the user on, still at home.
    assert_stays_home(browser.get("/connexion/verification/", {"next": next_url}), "verification (again)", next_url)


@pytest.mark.parametrize("next_url", HOSTILE[:3])
def test_enrolling_a_second_factor_never_leaves_the_site(next_url, residence_a, coordinator_a):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    browser = client_on(residence_a, coordinator_a)
    assert browser.get("/connexion/double-authentification/", {"next": next_url}).status_code == 200
    device = TOTPDevice.objects.get(user=coordinator_a, confirmed=False)
    code = str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(device.digits)
    response = browser.post("/connexion/double-authentification/", {"code": code, "next": next_url})
    assert_stays_home(response, "double-authentification", next_url)


@pytest.mark.parametrize("next_url", HOSTILE)
def test_language_switch_never_leaves_the_site(next_url, residence_a):
    response = client_on(residence_a).post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert_stays_home(response, "setlang", next_url)


def test_every_next_goes_through_the_one_helper():
    """A new view reading `next` by hand would skip the rule: only apes_platform/redirects.py may."""
    root = pathlib.Path(__file__).resolve().parents[2]
    reads = re.compile(r"""(GET|POST)\.get\(\s*["']next["']""")
    offenders = [
        str(path.relative_to(root)) for folder in ("core", "reporting", "tenants", "platform")
        for path in (root / folder).rglob("*.py")
        if path.name != "redirects.py" and reads.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
