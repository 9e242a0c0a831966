"""Security headers on every page; no inline script or style in any template."""
import pathlib
import re

from tests.conftest import client_on

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_pages_carry_a_strict_csp_and_the_usual_headers(residence_a, coordinator_a):
    response = client_on(residence_a, coordinator_a).get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_https_adds_hsts(residence_a, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client_on(residence_a).get("/connexion/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_no_template_has_inline_script_style_or_handlers():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    offenders = []
    for folder in ("platform", "tenants", "reporting", "core"):
        for template in (ROOT / folder).rglob("templates/**/*.html"):
            text = template.read_text()
            if text.startswith("{# pdf-only:"):
                continue  # rendered by WeasyPrint into a PDF, never served to a browser
            for number, line in enumerate(text.splitlines(), 1):
                if inline.search(line):
                    offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
