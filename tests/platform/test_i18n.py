"""French first, English on request; every area's pages read in English once it is chosen."""
import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from apes_platform.navigation import HEAD_OFFICE, MENUS, RESIDENCE
from core.people.factories import ResidentFactory
from core.portal.services import magic_link_create
from tests.conftest import PASSWORD, client_on, host_of, owes_second_factor, totp_code


def test_french_even_for_an_english_browser_then_english_on_request(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    page = client.get("/activites/nouvelle/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Nouvelle animation" in page

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/activites/nouvelle/").content.decode()
    assert "New activity" in page
    assert '<html lang="en">' in page


# --- One page per area in English: English text, and no French label in the menus ----------------

def _english_client(residence, user=None) -> Client:
    """A browser that picks English on the sign-in page, then signs in (as `client_on` does)."""
    client = Client(HTTP_HOST=host_of(residence))
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    if user is not None:
        assert client.post("/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
        if owes_second_factor(user, residence):
            assert client.post("/connexion/verification/", {"code": totp_code(user)}).status_code == 302
    return client


def _menu_labels(menu: str, language: str) -> set[str]:
    with translation.override(language):
        return {str(label) for group in MENUS[menu] for label in (group.label, *(e.label for e in group.entries))}


def _assert_english(page: str, menu: str | None, english: list[str], french: list[str]):
    assert '<html lang="en">' in page
    assert "Skip to content" in page and "Aller au contenu" not in page
    if menu is not None:
        english_labels, french_labels = _menu_labels(menu, "en"), _menu_labels(menu, "fr")
        header = page.split("<header", 1)[1].split("</header>", 1)[0]
        for label in french_labels - english_labels:
            assert escape(label) not in page, f"French menu label {label!r} on an English page"
        assert any(escape(label) in header for label in english_labels - french_labels)
    for text in english:
        assert text in page, text
    for text in french:
        assert text not in page, text


RESIDENCE_MENU = ["Home", "Calendar", "Residents", "Activities", "Drop-in sessions", "Spaces &amp; safety",
                  "Partners", "Evaluation &amp; reports", "Personal data"]


@pytest.mark.parametrize(("url", "english", "french"), [
    ("/", ["Hello, welcome to Les Tilleuls", "Protect your account: enable two-factor authentication"],
     ["Bonjour, bienvenue", "Protégez votre compte"]),
    ("/activites/", ["<h1>Activities</h1>", "New activity", "collective moment"],
     ["Nouvelle animation", "temps collectif"]),
    ("/budget/", ["Budget years", "Create the financial year", "Residents' decisions"],
     ["Exercices budgétaires", "Créer l'exercice"]),
    ("/financements/appels/", ["Calls for projects", "New call for projects", "application in progress"],
     ["Nouvel appel à projets", "candidature en cours"]),
], ids=["home", "activities", "budget", "funding"])
def test_a_coordinators_pages_in_english(residence_a, coordinator_a, url, english, french):
    response = _english_client(residence_a, coordinator_a).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    _assert_english(page, RESIDENCE, RESIDENCE_MENU + english, french)


def test_the_head_office_dashboard_in_english(head_office):
    page = _english_client(None, head_office).get("/pilotage/").content.decode()
    _assert_english(page, HEAD_OFFICE, ["Compare residences", "Trends", "Landlord view", "Landlord reports",
                                        "Budget execution rate", "Homes"],
                    ["Comparer les résidences", "Tendances", "Taux d&#x27;exécution du budget", "Logements"])


def test_the_resident_portal_in_english(residence_a, in_schema):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
        _, token = magic_link_create(resident=odette, created_by_id=1)
    client = _english_client(residence_a)
    assert client.post(f"/portail/acces/{token}/").status_code == 302
    page = client.get("/portail/").content.decode()
    _assert_english(page, None, ["Hello Odette", "Your upcoming registrations", "Leave my space", "Language"],
                    ["Bonjour", "Vos inscriptions à venir", "Quitter mon espace", "Langue"])
