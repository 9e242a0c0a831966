"""Screenshots of the main screens for docs/screenshots/ (not part of the suite: run it by path). The gallery
is docs/screenshots/README.md; the « avant » images were made by a copy of this script at commit 8743e66.

    DATABASE_URL=… bash infra/dev.sh test tests/browser/screenshots.py -q
"""
import datetime as dt
from pathlib import Path

from django.utils import timezone
from django_tenants.utils import schema_context

from core.people.factories import ResidentFactory
from tests.browser.conftest import PHONE, _context, log_in

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_screenshots(chromium, live, residence_a, coordinator_a, head_office):
    from core.activities.services import activity_create
    from core.spaces.factories import SpaceFactory
    from core.spaces.services import booking_create

    OUT.mkdir(parents=True, exist_ok=True)
    now = timezone.localtime()
    monday = (now - dt.timedelta(days=now.weekday())).replace(hour=10, minute=0, second=0, microsecond=0)
    with schema_context(residence_a.schema_name):
        room = SpaceFactory(name="Salle commune")
        for first_name in ("Ginette", "Gisèle", "Marcel", "Zoé"):
            ResidentFactory(first_name=first_name, pseudonym="")
        cafe = activity_create(title="Café des habitant·es", kind="collective_moment", starts_at=monday + dt.timedelta(days=1),
                               ends_at=monday + dt.timedelta(days=1, hours=2), space=room, place="", frequency="weekly",
                               occurrence_count=6, capacity=2)
        booking_create(space=room, title="Atelier couture", starts_at=monday + dt.timedelta(days=2, hours=4),
                       ends_at=monday + dt.timedelta(days=2, hours=6), party_size=8)
    shots = [
        ("coordination-accueil", residence_a, coordinator_a, "/", None),
        ("coordination-planning", residence_a, coordinator_a, "/espaces/planning/", None),
        ("coordination-seance-inscriptions", residence_a, coordinator_a, f"/activites/{cafe.pk}/?q=gi", None),
        ("coordination-reservation-refusee", residence_a, coordinator_a, "/espaces/reservations/nouvelle/", "submit"),
        ("siege-tendances", None, head_office, "/pilotage/tendances/", None),
    ]
    for label, options in (("ordinateur", {"viewport": {"width": 1280, "height": 900}}), ("telephone", PHONE)):
        for who in (coordinator_a, head_office):
            context = _context(chromium, **options)
            page = context.new_page()
            residence = residence_a if who == coordinator_a else None
            log_in(page, live, residence, who)
            for name, res, user, path, action in shots:
                if user != who:
                    continue
                page.goto(live.url(res, path))
                if action == "submit":
                    page.get_by_role("button", name="Réserver").click()
                    page.wait_for_load_state()
                page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=label == "ordinateur", scale="css")
            if label == "telephone" and who == coordinator_a:
                page.goto(live.url(residence_a, "/"))
                page.get_by_role("button", name="Menu").click()
                page.screenshot(path=str(OUT / "coordination-menu-telephone.png"), scale="css")
            context.close()


def test_portal_screenshots(chromium, live, residence_a, in_schema):
    """The residents' portal on a phone (and its home on a desktop), opened by a magic link."""
    from core.activities.factories import ActivityFactory
    from core.portal.services import activity_ref, magic_link_create
    from tests.voice.conftest import build_questionnaire

    OUT.mkdir(parents=True, exist_ok=True)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with in_schema(residence_a):
        resident = ResidentFactory(first_name="Ginette", pseudonym="")
        cafe = ActivityFactory(title="Café des habitant·es", starts_at=now + dt.timedelta(days=2), capacity=12)
        cafe.registrations.create(resident=resident)
        cooking = ActivityFactory(title="Atelier cuisine", starts_at=now + dt.timedelta(days=5), capacity=10)
        ActivityFactory(title="Sortie au musée", starts_at=now + dt.timedelta(days=7), capacity=1)
        questionnaire, _questions = build_questionnaire(title="Vos envies pour la résidence")
    shots = [("portail-accueil", "/portail/"), ("portail-agenda", "/portail/agenda/"),
             ("portail-inscription", f"/portail/agenda/{activity_ref(cooking.pk)}/"),
             ("portail-questionnaire", f"/portail/voix/questionnaires/{questionnaire.key}/")]
    for label, options in (("ordinateur", {"viewport": {"width": 1280, "height": 900}}), ("telephone", PHONE)):
        context = _context(chromium, **options)
        page = context.new_page()
        with in_schema(residence_a):
            _, token = magic_link_create(resident=resident, created_by_id=1)
        page.goto(live.url(residence_a, f"/portail/acces/{token}/"))
        page.get_by_role("button", name="Ouvrir mon espace").click()
        page.wait_for_load_state()
        for name, path in shots:
            if label == "ordinateur" and name != "portail-accueil":
                continue
            page.goto(live.url(residence_a, path))
            page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=True, scale="css")
        context.close()
