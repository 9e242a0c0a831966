"""Screenshots of the main screens for docs/screenshots/ (not part of the suite: run it by path).

    DATABASE_URL=… bash infra/dev.sh test tests/browser/screenshots.py -q
"""
import datetime as dt
from pathlib import Path

from django.utils import timezone
from django_tenants.utils import schema_context

from tests.browser.conftest import PHONE, _context, log_in

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_screenshots(chromium, live, residence_a, coordinator_a, head_office):
    from core.activities.services import activity_create
    from core.people.factories import ResidentFactory
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
                page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=label == "ordinateur")
            if label == "telephone" and who == coordinator_a:
                page.goto(live.url(residence_a, "/"))
                page.get_by_role("button", name="Menu").click()
                page.screenshot(path=str(OUT / "coordination-menu-telephone.png"))
            context.close()
