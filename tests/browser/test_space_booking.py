"""In the browser: a clash on a space is refused in French, naming the first booking, and nothing is saved."""
import re

from core.spaces.factories import SpaceFactory
from core.spaces.models import Booking
from tests.browser.conftest import log_in


def _book(page, live, residence, *, space, title, start, end):
    page.goto(live.url(residence, "/espaces/reservations/nouvelle/"))
    page.get_by_label(re.compile(r"^Espace\s*:?$")).select_option(label=space)
    page.get_by_label(re.compile(r"^Intitulé\s*:?$")).fill(title)
    page.get_by_label(re.compile(r"^Début\s*:?$")).fill(start)
    page.get_by_label(re.compile(r"^Fin\s*:?$")).fill(end)
    page.get_by_label("Nombre de personnes").fill("8")
    page.get_by_role("button", name="Réserver").click()
    page.wait_for_load_state()


def test_a_clashing_booking_shows_the_french_error_naming_the_first(live, page, residence_a, coordinator_a,
                                                                     in_schema):
    with in_schema(residence_a):
        SpaceFactory(name="Salle commune", capacity=30)
    log_in(page, live, residence_a, coordinator_a)

    _book(page, live, residence_a, space="Salle commune", title="Atelier couture", start="2026-11-17T14:00",
          end="2026-11-17T16:00")
    assert "Réservation « Atelier couture » enregistrée." in page.content()

    _book(page, live, residence_a, space="Salle commune", title="Loto des voisins", start="2026-11-17T15:00",
          end="2026-11-17T17:00")
    alert = page.get_by_role("alert")
    assert "« Atelier couture » le mardi 17 novembre 2026 de 14:00 à 16:00" in alert.inner_text()
    # The form keeps what was typed, so the coordinator only changes the hours.
    assert page.get_by_label(re.compile(r"^Intitulé\s*:?$")).input_value() == "Loto des voisins"
    with in_schema(residence_a):
        assert list(Booking.objects.values_list("title", flat=True)) == ["Atelier couture"]


def test_the_week_planning_fits_a_phone(live, phone_page, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        for name in ("Salle commune", "Jardin partagé", "Bureau", "Poste coworking 1", "Poste coworking 2"):
            SpaceFactory(name=name)
    log_in(phone_page, live, residence_a, coordinator_a)
    phone_page.goto(live.url(residence_a, "/espaces/planning/?semaine=2026-11-16"))
    assert "Planning du 16 novembre au 22 novembre 2026" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone_page.get_by_role("link", name="Semaine suivante →").click()
    phone_page.wait_for_url("**/espaces/planning/?semaine=2026-11-23")
    assert "Planning du 23 novembre au 29 novembre 2026" in phone_page.content()
