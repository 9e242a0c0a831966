"""Every page, for each persona, on a desktop and on a phone: axe-core finds no WCAG 2.1 A/AA
violation, no page is wider than a 320 px viewport (WCAG 1.4.10 reflow), and the Nu HTML checker
(vnu-jar) reports no error in the HTML we send.

Pages are enumerated from the URL confs (as tests/test_isolation_matrix.py walks them), so a page
another engineer adds is covered without touching this file: a route with a parameter needs a value
in `tests/route_values.py` (the test fails and names the parameter otherwise). Routes that answer
something else than an HTML page to a GET (API, files, POST-only actions) are skipped after the
first request says so. One live server, one browser context per persona and viewport, each page
loaded once per viewport: a few minutes for the whole platform.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

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

# Not pages: the API and its schema, Django's admin (walked by its own test below), feeds and files.
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

    from core.activities.factories import ACTIVITY_TITLES

    ids = residence_a_objects(residence_a, in_schema)
    with in_schema(residence_a):
        activity = Activity.objects.get(pk=ids["activity_id"])
        # The factory draws a title at random: take the catalogue's longest word, the worst case for reflow.
        activity.title = max(ACTIVITY_TITLES, key=lambda title: max(len(word) for word in title.split()))
        activity.save(update_fields=["title"])
        ids["token"] = activity.check_in_token
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


def check_here(page, findings: Findings, where: str, phone: bool) -> None:
    """axe-core on the page as shown; on a phone, the reflow at 320 px too."""
    for violation in _axe(page):
        findings.add(f"{where}: axe {violation['id']} ({violation['help']}) sur {violation['nodes']}")
    if phone:
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 844})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > REFLOW_WIDTH + 1:
            wide = page.evaluate(
                # A box past the edge, or text out of its box.
                "w => [...document.querySelectorAll('body *')].filter(e => (e.getBoundingClientRect().right > w"
                " || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')"
                " && !e.closest('.table-scroll, table'))"
                ".slice(0, 3).map(e => e.tagName + '.' + e.className)",
                REFLOW_WIDTH)
            findings.add(f"{where} (320 px): {width} px de large ({wide})")
        page.set_viewport_size(PHONE["viewport"])
    findings.checked += 1


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
            check_here(page, findings, f"{who} {label} {path}", phone=label == "téléphone")
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
                  "job_id": ids["job_id"], "token": ids["token"],
                  **{key: ids[key] for key in ("sheet_id", "resource_id", "version_id", "event_id")},
                  **landlord_call_objects(residence_a)}
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


# --- The residents' portal and the anonymous pages of a residence host -------------------------------------


@dataclass
class Step:
    """One page of a walk: go to `path` (or stay where the previous step left), then maybe `act` on it (a click
    that loads a page); the page must answer `status` and contain `expect`, then it is checked."""
    name: str
    path: str | None = None
    act: Callable | None = None
    status: int = OK
    expect: str = ""


def press(button: str, **fields: str) -> Callable:
    """Fill the fields (by label), then press the button."""
    def act(page):
        for label, value in fields.items():
            page.get_by_label(label).fill(value)
        page.get_by_role("button", name=button).click()
    return act


def check_steps(chromium, live, residence, steps_for: Callable, findings: Findings, who: str) -> None:
    """Walk `steps_for()` (a fresh walk per browser: magic links serve once) on a desktop and a phone."""
    for label, options in (("ordinateur", DESKTOP), ("téléphone", PHONE)):
        context = _context(chromium, bypass_csp=True, **options)
        page = context.new_page()
        for step in steps_for():
            where = f"{who} {label} {step.name}"
            response = page.goto(live.url(residence, step.path)) if step.path else None
            if step.act is not None:
                with page.expect_navigation() as navigation:
                    step.act(page)
                response = navigation.value
            if response is None or response.status != step.status:
                findings.add(f"{where}: HTTP {response.status if response else '?'} au lieu de {step.status}")
                continue
            html = response.text()
            if step.expect not in html:
                findings.add(f"{where}: « {step.expect} » absent de la page")
                continue
            findings.pages.setdefault(f"{who} {step.name}", html)
            check_here(page, findings, where, phone=label == "téléphone")
        context.close()


def _portal_seed(residence_a, ids: dict, in_schema) -> dict:
    """What the portal shows a resident (residence A's resident of tests/route_values.py): an upcoming
    registration and a cancelled one, an activity with places and a full one, a questionnaire to answer, one
    answered, one closed, a vote and one already cast; an open check-in; an unsubscribe link."""
    import datetime as dt

    from django.utils import timezone

    from core.activities.factories import ActivityFactory
    from core.activities.models import ActivityStatus
    from core.messaging.services import unsubscribe_token
    from core.people.factories import ResidentFactory
    from core.people.models import Resident
    from core.portal.services import activity_ref
    from core.voice.factories import ConsultationFactory, QuestionnaireFactory
    from core.voice.models import AnswerSource, BallotChannel, QuestionKind
    from core.voice.services import ballot_cast, question_add, section_add, submission_record
    from tests.voice.conftest import build_questionnaire

    now = timezone.now().replace(second=0, microsecond=0)
    with in_schema(residence_a):
        resident = Resident.objects.get(pk=ids["resident_id"])
        neighbour = ResidentFactory(first_name="Voisine")
        coming = ActivityFactory(title="Café des habitant·es", starts_at=now + dt.timedelta(days=2), capacity=12)
        coming.registrations.create(resident=resident)
        cancelled = ActivityFactory(title="Loto", starts_at=now + dt.timedelta(days=4), status=ActivityStatus.CANCELLED)
        cancelled.registrations.create(resident=resident)
        open_one = ActivityFactory(title="Atelier cuisine", starts_at=now + dt.timedelta(days=5), capacity=10)
        full = ActivityFactory(title="Sortie au musée", starts_at=now + dt.timedelta(days=7), capacity=1)
        full.registrations.create(resident=neighbour)
        checking_in = ActivityFactory(title="Gym douce", starts_at=now - dt.timedelta(minutes=30),
                                      check_in_token="open-check-in-token-of-a")
        checking_in.registrations.create(resident=resident)
        to_answer, _questions = build_questionnaire(title="Vos envies pour la résidence")
        answered = QuestionnaireFactory(title="Diagnostic déjà rempli")
        mood = question_add(section=section_add(questionnaire=answered, title="Votre quotidien"),
                            text="Vous sentez-vous bien ici ?", kind=QuestionKind.SINGLE, options=[("Oui", None), ("Non", None)])
        submission_record(questionnaire=answered, answers={mood.pk: str(mood.options.first().pk)},
                          source=AnswerSource.PORTAL, resident=resident)
        closed = QuestionnaireFactory(title="Diagnostic 2025", opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 2, 1))
        voted = ConsultationFactory(question="Quelle sortie cet été ?")
        ballot_cast(consultation=voted, resident=resident, option_ids=[voted.options.first().pk],
                    channel=BallotChannel.ONLINE)
        unsubscribe = unsubscribe_token(resident_id=resident.pk, channel="email")
    return {"resident": resident, "coming": activity_ref(coming.pk), "open": activity_ref(open_one.pk),
            "full": activity_ref(full.pk), "to_answer": to_answer.key, "answered": answered.key,
            "closed": closed.key, "vote": ids["consultation_key"], "voted": voted.key,
            "check_in": checking_in.check_in_token, "closed_check_in": ids["token"], "unsubscribe": unsubscribe}


def resident_walk(seed: dict, paths: list[str], residence, in_schema) -> Callable:
    from core.portal.services import magic_link_create

    def steps() -> list[Step]:
        with in_schema(residence):
            _, token = magic_link_create(resident=seed["resident"], created_by_id=1)
        open_ = f"/portail/agenda/{seed['open']}/"
        full = f"/portail/agenda/{seed['full']}/"
        return [
            Step("lien personnel", f"/portail/acces/{token}/", expect="Ouvrir mon espace"),
            Step("mon espace (ouvert par le lien)", act=press("Ouvrir mon espace"), expect="Bonjour"),
            *(Step(path, path) for path in paths),
            Step("inscrit·e à l'avance", f"/portail/agenda/{seed['coming']}/", expect="Je ne viens plus"),
            Step("animation avec des places", open_, expect="Je m'inscris"),
            Step("inscription faite", act=press("Je m'inscris"), expect="vous êtes inscrit·e"),
            Step("désinscription", open_, act=press("Je ne viens plus"), expect="plus inscrit·e"),
            Step("animation complète", full, expect="liste d'attente"),
            Step("liste d'attente", act=press("M'inscrire sur la liste d'attente"), expect="Si une place se libère"),
            Step("sur la liste d'attente", full, expect="Je me retire de la liste d'attente"),
            Step("retrait de la liste", act=press("Je me retire de la liste d'attente"), expect="plus inscrit·e"),
            Step("idée refusée", "/portail/idee/", act=press("Envoyer mon idée", **{"Mon idée": "  a "}),
                 expect="quelques mots"),
            Step("idée envoyée", act=press("Envoyer mon idée", **{"Mon idée": "Un atelier vélo"}), expect="Merci"),
            Step("rappel demandé", "/portail/rappels/", act=press("Oui, je veux un rappel"), expect="Bonjour"),
            Step("rappel", "/portail/rappels/", expect="Ne plus recevoir de rappel"),
            Step("rappel retiré", act=press("Ne plus recevoir de rappel"), expect="Bonjour"),
            Step("questionnaire", f"/portail/voix/questionnaires/{seed['to_answer']}/", expect="Vos besoins"),
            Step("questionnaire incomplet", act=press("Envoyer mes réponses"), expect="obligatoire"),
            Step("questionnaire déjà rempli", f"/portail/voix/questionnaires/{seed['answered']}/", expect="Merci"),
            Step("questionnaire clos", f"/portail/voix/questionnaires/{seed['closed']}/", status=410,
                 expect="pas ouvert"),
            Step("vote sans choix", f"/portail/voix/consultations/{seed['vote']}/", act=press("Voter"),
                 expect="obligatoire"),
            Step("vote déjà fait", f"/portail/voix/consultations/{seed['voted']}/", expect="Merci"),
            Step("espace quitté", "/portail/", act=press("Quitter mon espace"), expect="quitté votre espace"),
        ]
    return steps


def anonymous_walk(seed: dict, residence, in_schema) -> Callable:
    """The views of a residence host an anonymous visitor reaches (the allow-list of the isolation matrix); last,
    the short code of the hall poster opens a resident's space."""
    from core.portal.services import short_code_create

    def steps() -> list[Step]:
        with in_schema(residence):
            _, code = short_code_create(resident=seed["resident"], created_by_id=1)
        return [
            Step("connexion", "/connexion/", expect="Se connecter"),
            Step("connexion refusée", act=press("Se connecter", **{"Adresse e-mail": "personne@example.org",
                                                                   "Mot de passe": "pas-le-bon"}),
                 expect="Adresse e-mail"),
            Step("espace sans lien", "/portail/", status=403, expect="Accès réservé"),
            Step("avis sans lien", "/portail/voix/", status=403, expect="Accès réservé"),
            Step("lien expiré", "/portail/acces/lien-perime/", status=410, expect="plus valable"),
            Step("entrée par code", "/portail/entree/", expect="Entrer dans mon espace"),
            Step("code faux", act=press("Entrer", **{"Mon code (8 lettres ou chiffres)": "ABCD2345"}),
                 expect="pas valable"),
            Step("pointage", f"/pointage/{seed['check_in']}/", expect="Gym douce"),
            Step("pointage fermé", f"/pointage/{seed['closed_check_in']}/", status=403),
            Step("désabonnement", f"/messages/desabonnement/{seed['unsubscribe']}/", expect="me désabonner"),
            Step("désabonnement fait", act=press("Oui, me désabonner"), expect="C'est noté"),
            Step("désabonnement invalide", "/messages/desabonnement/pas-un-jeton/", status=404, expect="pas valable"),
            Step("entrée par un bon code", "/portail/entree/",
                 act=press("Entrer", **{"Mon code (8 lettres ou chiffres)": code}), expect="Bonjour"),
        ]
    return steps


def test_the_residents_portal_and_the_anonymous_pages_are_accessible_reflow_and_are_valid_html(
        chromium, live, residence_a, in_schema):
    from core.portal.services import magic_link_create

    ids = residence_a_objects(residence_a, in_schema)
    seed = _portal_seed(residence_a, ids, in_schema)
    with in_schema(residence_a):
        _, token = magic_link_create(resident=seed["resident"], created_by_id=1)
    client = client_on(residence_a)
    assert client.post(f"/portail/acces/{token}/").status_code == 302
    # Every page of the portal a resident GETs (a new portal page is covered without touching this file).
    paths = [path for path in html_pages(client, "apes_platform.urls_tenant", ids) if path.startswith("/portail/")]
    assert {"/portail/", "/portail/agenda/", "/portail/idee/", "/portail/mes-donnees/", "/portail/voix/"} <= set(paths)
    findings = Findings()
    check_steps(chromium, live, residence_a, resident_walk(seed, paths, residence_a, in_schema), findings, "habitant·e")
    check_steps(chromium, live, residence_a, anonymous_walk(seed, residence_a, in_schema), findings, "anonyme")
def admin_paths(client) -> list[str]:
    """Django's admin as the head office walks it: the index, each app's page, and for every registered
    model its list, its add form and the change form of its first row, when they answer an HTML page."""
    from django.contrib import admin
    from django.db import connection

    public = connection.schema_name
    candidates = ["/admin/"]
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        candidates.append(reverse("admin:app_list", args=[opts.app_label], urlconf="apes_platform.urls_public"))
        for view in ("changelist", "add"):
            candidates.append(reverse(f"{name}_{view}", urlconf="apes_platform.urls_public"))
        if public == "public":
            first = model._default_manager.order_by("pk").first()
            if first is not None:
                try:
                    candidates.append(reverse(f"{name}_change", args=[first.pk], urlconf="apes_platform.urls_public"))
                except NoReverseMatch:
                    pass
    paths = []
    for path in dict.fromkeys(candidates):
        response = client.get(path)
        if response.status_code == OK and response["Content-Type"].startswith("text/html") and (
                response.content.lstrip()[:15].lower() == b"<!doctype html>"):
            paths.append(path)
    return paths


def test_the_admin_pages_are_accessible_reflow_and_are_valid_html(chromium, live, residence_a, head_office, in_schema):
    """The admin stays the head office's support tool: its lists and forms meet the same bar as our pages."""
    _seed(residence_a, in_schema)
    from reporting.models import IndicatorValue, RefreshRun

    RefreshRun.objects.create(trigger=RefreshRun.Trigger.ADMIN, total=1, done=1)
    IndicatorValue.objects.create(residence=residence_a, indicator="activities_held", period_kind="month",
                                  period_start=dt.date(2026, 10, 1), value=4, count_basis=4)
    findings = Findings()
    client = client_on(None, head_office)
    paths = admin_paths(client)
    assert {"/admin/", "/admin/tenants/residence/", "/admin/tenants/residence/add/",
            f"/admin/tenants/residence/{residence_a.pk}/change/", "/admin/reporting/indicatorvalue/"} <= set(paths), paths
    for path in paths:
        findings.pages[f"siège {path}"] = client.get(path).content.decode()
    check_pages(chromium, live, None, head_office, paths, findings, "siège")
    findings.problems += nu_errors(findings.pages)
    assert not findings.problems, f"{len(findings.problems)} problèmes sur {findings.checked} pages :\n" + "\n".join(
        findings.problems)
