"""The app shell's navigation (apes_platform/navigation.py): grouped menus per persona, every entry
resolving, language choice without an « OK » box, residence switcher for multi-residence coordinators."""
import re

import pytest
from django.urls import NoReverseMatch, reverse

from apes_platform.navigation import HEAD_OFFICE, LANDLORD, RESIDENCE, all_entries
from tenants.models import ResidenceMembership
from tests.conftest import client_on

RESIDENCE_GROUPS = ["Accueil", "Agenda", "Habitant·es", "Animations", "Permanences", "Espaces &amp; sécurité",
                    "Partenaires", "Budget", "Évaluation &amp; rapports", "Données personnelles", "Réseau"]


def main_nav(html: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [label.strip() for label in re.findall(r"<a [^>]*>([^<]+)</a>", nav)]


@pytest.mark.parametrize("menu, urlconf", [(RESIDENCE, "apes_platform.urls_tenant"),
                                           (HEAD_OFFICE, "apes_platform.urls_public"),
                                           (LANDLORD, "apes_platform.urls_public")])
def test_every_entry_resolves_in_its_hosts_url_conf(menu, urlconf):
    for key, entry in all_entries():
        if key != menu:
            continue
        try:
            reverse(entry.url_name, urlconf=urlconf)
        except NoReverseMatch:
            pytest.fail(f"{menu}: {entry.url_name} does not resolve")


def test_coordinator_menu_is_grouped_by_their_work_and_marks_the_current_group(residence_a, coordinator_a):
    html = client_on(residence_a, coordinator_a).get("/espaces/reservations/").content.decode()
    assert main_nav(html) == RESIDENCE_GROUPS
    assert re.search(r'aria-current="true" class="current">Espaces &amp; sécurité<', html)
    section = re.search(r'<nav class="section-nav" aria-label="Espaces &amp; sécurité">(.*?)</nav>', html, re.S).group(1)
    assert 'href="/espaces/reservations/" aria-current="page">Réservations<' in section
    assert "/admin/" not in html


def test_language_is_chosen_in_the_menu_without_an_ok_button(residence_a, coordinator_a):
    html = client_on(residence_a, coordinator_a).get("/").content.decode()
    assert ">OK<" not in html and "<select id=\"language-select\"" not in html
    assert re.search(r'<button type="submit" name="language" value="en" lang="en"[^>]*>English</button>', html)


def test_head_office_and_landlord_get_their_own_menus(head_office, viewer_l1):
    html = client_on(None, head_office).get("/pilotage/").content.decode()
    assert main_nav(html) == ["Comparer les résidences", "Tendances", "Vue bailleur", "Rapports bailleur",
                              "Financements", "Budgets", "Réseau", "Appels bailleurs"]
    # Admin is reachable by staff beside the account links, never in the main menu.
    head_office.is_staff = True
    head_office.save()
    html = client_on(None, head_office).get("/pilotage/").content.decode()
    assert "Administration" not in main_nav(html)
    assert re.search(r'<div class="account">.*href="/admin/">Administration</a>', html, re.S)
    html = client_on(None, viewer_l1).get("/pilotage/bailleur/").content.decode()
    assert main_nav(html) == ["Mes résidences", "Tendances", "Rapports", "Financements", "Budgets", "Réseau", "Appels bailleurs"]


def test_a_coordinator_of_two_residences_gets_a_switcher(residence_a, residence_b, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    assert 'class="switcher"' not in client.get("/").content.decode()
    ResidenceMembership.objects.create(user=coordinator_a, residence=residence_b)
    html = client.get("/").content.decode()
    switcher = re.search(r'<nav class="switcher"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert residence_a.name in switcher and residence_b.name in switcher
    assert f"//{residence_b.slug}." in switcher
    assert re.search(r'aria-current="page">' + re.escape(residence_a.name), switcher)
