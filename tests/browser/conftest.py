"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The live server is a real thread serving the test database, so these tests are
transactional: rows are committed. Residence schemas survive the public flush,
so their tables are emptied after each test to keep tests independent.
"""
from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.conftest import PASSWORD, RESIDENCE_A, RESIDENCE_B, ensure_residence, owes_second_factor, totp_code
from tenants.services import schema_name_for_slug

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        yield browser
        browser.close()


def _empty_residence_tables():
    for spec in (RESIDENCE_A, RESIDENCE_B):
        schema = schema_name_for_slug(spec.slug)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename <> 'django_migrations'",
                [schema],
            )
            tables = [f'"{schema}"."{name}"' for (name,) in cursor.fetchall()]
            if tables:
                cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


@pytest.fixture
def live(live_server, transactional_db):
    """The live server, with residences A and B present; returns a helper to build URLs."""
    ensure_residence(RESIDENCE_A)
    ensure_residence(RESIDENCE_B)
    port = live_server.url.rsplit(":", 1)[1]

    class Live:
        def url(self, residence=None, path="/"):
            host = f"{residence.slug}.localhost" if residence is not None else "localhost"
            return f"http://{host}:{port}{path}"

    yield Live()
    connection.set_schema_to_public()
    _empty_residence_tables()


def _context(chromium, **options):
    context = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris", **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(chromium):
    """A desktop browser tab."""
    context = _context(chromium, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(chromium):
    """A phone-sized tab with touch (390×844)."""
    context = _context(chromium, **PHONE)
    yield context.new_page()
    context.close()


def log_in(page, live, residence, user):
    """Log in through the real form of the residence's (or the public) host."""
    page.goto(live.url(residence, "/connexion/"))
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    if owes_second_factor(user, residence):
        page.get_by_label("Code de vérification").fill(totp_code(user))
        page.get_by_role("button", name="Valider").click()
        page.wait_for_load_state()
