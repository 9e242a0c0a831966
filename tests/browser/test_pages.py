"""Every page, for each persona, on a desktop and on a phone: axe-core finds no WCAG 2.1 A/AA
violation, no page is wider than a 320 px viewport (WCAG 1.4.10 reflow), and the Nu HTML checker
(vnu-jar) reports no error in the HTML we send.

Pages are enumerated from the URL confs (as tests/test_isolation_matrix.py walks them), so a page
another engineer adds is covered without touching this file: a route with a parameter needs a value
in `SAMPLE_IDS` below (the test fails and names the parameter otherwise). Routes that answer
something else than an HTML page to a GET (API, files, POST-only actions) are skipped after the
first request says so. One live server, one browser context per persona and viewport, each page
loaded once per viewport: a few minutes for the whole platform.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import get_resolver

from tests.browser.conftest import PHONE, _context, log_in
from tests.conftest import client_on
from tests.route_values import landlord_call_objects, residence_a_objects
from tests.test_isolation_matrix import concrete, walk

ASSETS = Path(__file__).resolve().parents[2] / "infra" / "assets" / "node_modules"
AXE = ASSETS / "axe-core" / "axe.min.js"
VNU = ASSETS / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
REFLOW_WIDTH = 320

# Not pages: the API and its schema, Django's admin forms (checked: its index only), feeds and files.
SKIPPED = re.compile(r"^/(api/|admin/.+|i18n/|sante/|deconnexion/)|\.(ics|pdf|json|csv|xlsx)$|/telecharger/$|/modele/")
# Pages reached by a persona that are not theirs to see (a 404/403 is their answer, not a page).
OK = 200


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # name → HTML as sent (for the Nu checker)
    checked: int = 0

    def add(self, message: str) -> None:
        self.problems.append(message)


def _seed(residence_a, in_schema) -> dict:
    """One row of everything a page may show, in residence A (tests/route_values.py); their ids fill the
    routes. The check-in page gets the token of an activity that is open (the matrix's one is long past)."""
    from core.activities.models import Activity

    ids = residence_a_objects(residence_a, in_schema)
    with in_schema(residence_a):
        ids["token"] = Activity.objects.get(pk=ids["activity_id"]).check_in_token
    return ids


def html_pages(client, urlconf: str, ids: dict) -> list[str]:
    """The paths of `urlconf` that answer this persona's GET with an HTML page."""
    paths = []
    for route in sorted(set(walk(get_resolver(urlconf).url_patterns))):
        path = concrete(route, ids)
        if path is None or SKIPPED.search(path):
            continue
        response = client.get(path)
        if response.status_code == OK and response["Content-Type"].startswith("text/html") and (
                response.content[:15].lower() == b"<!doctype html>"):  # not the fragments HTMX swaps in
            paths.append(path)
    return paths


def _axe(page) -> list[dict]:
    page.evaluate(AXE.read_text())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
        WCAG_TAGS,
    )


def check_pages(chromium, live, residence, user, paths: list[str], findings: Findings, who: str) -> None:
    for label, options in (("ordinateur", DESKTOP), ("téléphone", PHONE)):
        context = _context(chromium, bypass_csp=True, **options)  # axe is injected into the page
        page = context.new_page()
        log_in(page, live, residence, user)
        for path in paths:
            response = page.goto(live.url(residence, path))
            if response is None or response.status != OK:
                findings.add(f"{who} {label} {path}: HTTP {response.status if response else '?'}")
                continue
            for violation in _axe(page):
                findings.add(f"{who} {label} {path}: axe {violation['id']} ({violation['help']}) "
                             f"sur {violation['nodes']}")
            if label == "téléphone":
                page.set_viewport_size({"width": REFLOW_WIDTH, "height": 844})
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > REFLOW_WIDTH + 1:
                    wide = page.evaluate(
                        "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w"
                        " && !e.closest('.table-scroll, table')).slice(0, 3).map(e => e.tagName + '.' + e.className)",
                        REFLOW_WIDTH)
                    findings.add(f"{who} 320 px {path}: {width} px de large ({wide})")
                page.set_viewport_size(PHONE["viewport"])
            findings.checked += 1
        context.close()


def nu_errors(pages: dict[str, str]) -> list[str]:
    """The Nu HTML checker's errors on the HTML we sent (not the DOM after scripts)."""
    if not shutil.which("java"):
        pytest.fail("Java est requis pour le vérificateur Nu (vnu-jar)")
    with tempfile.TemporaryDirectory() as folder:
        for i, (name, html) in enumerate(pages.items()):
            Path(folder, f"{i:03d}.html").write_text(html)
        names = {f"{i:03d}.html": name for i, name in enumerate(pages)}
        result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
                                 folder], capture_output=True, text=True, timeout=300)
        messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = []
    for m in messages:
        name = names.get(Path(m.get("url", "")).name, m.get("url"))
        if m.get("type") != "error":
            continue
        errors.append(f"Nu {name} l.{m.get('lastLine')}: {m['message']}")
    return errors


def test_every_page_is_accessible_reflows_and_is_valid_html(
        chromium, live, residence_a, coordinator_a, head_office, viewer_l1, in_schema):
    ids = _seed(residence_a, in_schema)
    public_ids = {"pk": residence_a.pk, "residence_id": residence_a.pk, "landlord_id": residence_a.landlord_id,
                  "job_id": ids["job_id"], **landlord_call_objects(residence_a)}
    findings = Findings()
    personas = [
        ("coordination", residence_a, coordinator_a, "apes_platform.urls_tenant", ids),
        ("siège", None, head_office, "apes_platform.urls_public", public_ids),
        ("bailleur", None, viewer_l1, "apes_platform.urls_public", public_ids),
    ]
    for who, residence, user, urlconf, values in personas:
        client = client_on(residence, user)
        paths = html_pages(client, urlconf, values)
        assert len(paths) > 3, (who, paths)
        for path in paths:
            findings.pages[f"{who} {path}"] = client.get(path).content.decode()
        check_pages(chromium, live, residence, user, paths, findings, who)
    # The log-in page, as anyone first sees it.
    findings.pages["anonyme /connexion/"] = client_on(residence_a).get("/connexion/").content.decode()
    findings.problems += nu_errors(findings.pages)
    assert not findings.problems, f"{len(findings.problems)} problèmes sur {findings.checked} pages :\n" + "\n".join(
        findings.problems)
