"""The coordinator's tick screen at the door: the people expected and already there, others found by name.

Personas: the coordinator of Les Tilleuls (residence A) ticking a session of A.
"""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.models import Attendance, Registration
from core.activities.views import ATTENDANCE_PAGE_SIZE
from core.people.factories import ResidentFactory
from core.people.selectors import SEARCH_MAX_RESULTS
from tests.conftest import client_on


def tick_ids(html: str, *, within: str = "") -> list[int]:
    """Residents with a tick button, in page order (optionally inside the element whose id is `within`)."""
    if within:
        html = html.split(f'id="{within}"', 1)[1].split("</ul>", 1)[0]
    return [int(pk) for pk in re.findall(r'data-resident="(\d+)"', html)]


def checkbox_ids(html: str) -> set[int]:
    form = html.split('class="attendance"', 1)[1].split("</form>", 1)[0]
    return {int(pk) for pk in re.findall(r'type="checkbox" name="residents" value="(\d+)"', form)}


def hidden_ids(html: str) -> set[int]:
    form = html.split('class="attendance"', 1)[1].split("</form>", 1)[0]
    return {int(pk) for pk in re.findall(r'type="hidden" name="residents" value="(\d+)"', form)}


@pytest.fixture
def session(residence_a, in_schema):
    """A session of A: Zoé and Aristide registered, Léon present without registering, and
    Zazie, Zazou and Bertrand who live there but are not expected."""
    with in_schema(residence_a):
        activity = ActivityFactory(title="Goûter des voisins")
        people = {name: ResidentFactory(first_name=name, pseudonym="")
                  for name in ("Zoé", "Aristide", "Léon", "Zazie", "Zazou", "Bertrand")}
        RegistrationFactory(activity=activity, resident=people["Zoé"])
        RegistrationFactory(activity=activity, resident=people["Aristide"])
        activity.attendances.create(resident=people["Léon"])
    return activity, people


def test_screen_lists_the_registered_then_the_present_and_nobody_else(session, residence_a, coordinator_a):
    activity, people = session
    page = client_on(residence_a, coordinator_a).get(f"/activites/{activity.pk}/presences/").content.decode()
    # Registered first (by name), then present but not registered; nobody else of the residence.
    assert tick_ids(page, within="tick-list") == [people["Aristide"].pk, people["Zoé"].pk, people["Léon"].pk]
    assert tick_ids(page) == tick_ids(page, within="tick-list")
    assert checkbox_ids(page) == {people[n].pk for n in ("Aristide", "Zoé", "Léon")}
    assert hidden_ids(page) == set()
    assert f'data-resident="{people["Léon"].pk}"' in page.split('aria-pressed="true"', 1)[1][:200]
    assert "inscrit·e" in page


def test_search_finds_other_residents_from_two_letters(session, residence_a, coordinator_a):
    activity, people = session
    client = client_on(residence_a, coordinator_a)
    url = f"/activites/{activity.pk}/presences/"
    one_letter = client.get(url, {"q": "z"}).content.decode()
    assert tick_ids(one_letter, within="tick-list") == tick_ids(one_letter)  # nobody found
    assert "Tapez au moins 2 lettres." in one_letter

    page = client.get(url, {"q": "za"}).content.decode()
    # Zoé is on the list already: the search shows the others only, and the fallback form lists them.
    assert sorted(tick_ids(page, within="attendance-found")) == sorted([people["Zazie"].pk, people["Zazou"].pk])
    assert "2 personnes trouvées." in page
    assert checkbox_ids(page) == {people[n].pk for n in ("Aristide", "Zoé", "Léon", "Zazie", "Zazou")}
    assert people["Bertrand"].pk not in tick_ids(page)

    nobody = client.get(url, {"q": "Xavière"}).content.decode()
    assert "Personne d'autre ne correspond à « Xavière »." in nobody


def test_search_as_you_type_answers_with_the_results_only(session, residence_a, coordinator_a):
    activity, people = session
    client = client_on(residence_a, coordinator_a)
    response = client.get(f"/activites/{activity.pk}/presences/", {"q": "zaz"},
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET="attendance-found")
    html = response.content.decode()
    assert "<html" not in html and "Enregistrer les présences" not in html
    assert sorted(tick_ids(html)) == sorted([people["Zazie"].pk, people["Zazou"].pk])
    assert 'name="found" value="1"' in html
    # The status line is a live region of the page: it is updated out of band.
    assert 'id="attendance-found-status" data-hx-swap-oob="innerHTML">2 personnes trouvées.' in html


def test_search_shows_at_most_20_and_asks_to_narrow_it(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
        ResidentFactory.create_batch(21, first_name="Martine", pseudonym="")
    client = client_on(residence_a, coordinator_a)
    url = f"/activites/{activity.pk}/presences/"
    page = client.get(url, {"q": "martin"}).content.decode()
    assert len(tick_ids(page)) == 20
    assert "Plus de 20 personnes correspondent : affinez la recherche." in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(url, {"q": "martin"}).content.decode()
    assert "More than 20 people match: refine the search." in english and "First name or nickname" in english
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

    # A 22nd Martine registers: she is on the list, the 21 others are still more than 20...
    with in_schema(residence_a):
        expected = RegistrationFactory(activity=activity, resident__first_name="Martine").resident
    assert "affinez la recherche" in client.get(url, {"q": "martin"}).content.decode()
    # ...and once one of the others is there too, exactly 20 others match: no hint.
    with in_schema(residence_a):
        Attendance.objects.create(activity=activity, resident_id=tick_ids(page, within="attendance-found")[0])
    page = client.get(url, {"q": "martin"}).content.decode()
    found = tick_ids(page, within="attendance-found")
    assert len(found) == 20 and expected.pk not in found and "affinez" not in page
    assert "20 personnes trouvées." in page


def test_a_person_found_and_tapped_is_present_and_joins_the_list(session, residence_a, coordinator_a, in_schema):
    activity, people = session
    client = client_on(residence_a, coordinator_a)
    zazie = people["Zazie"]
    response = client.post(f"/activites/{activity.pk}/presences/basculer/",
                           {"resident": zazie.pk, "present": "1", "found": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{zazie.display_name} est noté·e présent·e et rejoint la liste." in html
    # Her button joins the list of people there, out of band, ticked.
    appended = html.split('hx-swap-oob="beforeend:#tick-list"', 1)[1]
    assert f'aria-pressed="true" data-resident="{zazie.pk}"' in appended and 'name="found"' not in appended
    with in_schema(residence_a):
        assert Attendance.objects.get(activity=activity, resident=zazie).source == "screen"
    page = client.get(f"/activites/{activity.pk}/presences/").content.decode()
    assert zazie.pk in tick_ids(page, within="tick-list")

    # Without JS: the same form posts, then the page shows her on the list.
    zazou = people["Zazou"]
    response = client.post(f"/activites/{activity.pk}/presences/basculer/",
                           {"resident": zazou.pk, "present": "1", "found": "1"})
    assert response.status_code == 302 and response["Location"] == f"/activites/{activity.pk}/presences/"
    page = client.get(response["Location"]).content.decode()
    assert tick_ids(page, within="tick-list")[-2:] == [zazie.pk, zazou.pk]


def test_a_tap_keeps_the_registered_mark_on_the_button(session, residence_a, coordinator_a):
    activity, people = session
    response = client_on(residence_a, coordinator_a).post(
        f"/activites/{activity.pk}/presences/basculer/", {"resident": people["Zoé"].pk, "present": "1"},
        HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'aria-pressed="true"' in html and "inscrit·e" in html


def test_tick_all_form_keeps_the_people_it_does_not_show(session, residence_a, coordinator_a, in_schema):
    activity, people = session
    with in_schema(residence_a):
        # More people there than one page: the last ones by name are not shown.
        extra = ResidentFactory.create_batch(ATTENDANCE_PAGE_SIZE, first_name="Zygmunt", pseudonym="")
        Attendance.objects.bulk_create([Attendance(activity=activity, resident=r) for r in extra])
    client = client_on(residence_a, coordinator_a)
    url = f"/activites/{activity.pk}/presences/"
    page = client.get(url).content.decode()
    shown = tick_ids(page, within="tick-list")
    assert len(shown) == ATTENDANCE_PAGE_SIZE and "Page 1 sur 2" in page
    not_shown = {r.pk for r in extra} - set(shown)
    assert len(not_shown) == 3 and hidden_ids(page) == not_shown
    assert "3 autres personnes présentes, non affichées ici, restent notées présentes." in page

    # Untick Léon and tick Zazie (found by the search): the people not shown stay present.
    page = client.get(url, {"q": "zazi"}).content.decode()
    assert hidden_ids(page) == not_shown and people["Zazie"].pk in checkbox_ids(page)
    ticked = (checkbox_ids(page) - {people["Léon"].pk, people["Aristide"].pk, people["Zoé"].pk}) | hidden_ids(page)
    client.post(url, {"residents": sorted(ticked)})
    with in_schema(residence_a):
        assert set(activity.attendances.values_list("resident_id", flat=True)) == (
            {r.pk for r in extra} | {people["Zazie"].pk})

    page_2 = client.get(url, {"page": 2}).content.decode()
    assert len(tick_ids(page_2, within="tick-list")) == 3  # Zazie joined page 1: 3 Zygmunt left


def test_opening_the_tick_all_form_reloads_it(session, residence_a, coordinator_a, in_schema):
    """With JS, the form is fetched again when opened: it holds the taps made since the page loaded."""
    activity, people = session
    client = client_on(residence_a, coordinator_a)
    client.post(f"/activites/{activity.pk}/presences/basculer/",
                {"resident": people["Zazie"].pk, "present": "1", "found": "1"}, HTTP_HX_REQUEST="true")
    html = client.get(f"/activites/{activity.pk}/presences/", {"q": "berT"},
                      HTTP_HX_REQUEST="true", HTTP_HX_TARGET="attendance-fallback").content.decode()
    assert html.lstrip().startswith("<form") and "<html" not in html
    assert checkbox_ids(html) == {people[n].pk for n in ("Aristide", "Zoé", "Léon", "Zazie", "Bertrand")}
    assert f'value="{people["Zazie"].pk}" checked' in html


def test_registrations_without_capacity_are_paged_and_found_by_search(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory(capacity=None)
        crowd = ResidentFactory.create_batch(ATTENDANCE_PAGE_SIZE + 5, first_name="Yolande", pseudonym="")
        Registration.objects.bulk_create([Registration(activity=activity, resident=r) for r in crowd])
        last = ResidentFactory(first_name="Yvette", pseudonym="")
        Registration.objects.create(activity=activity, resident=last)
    client = client_on(residence_a, coordinator_a)
    url = f"/activites/{activity.pk}/presences/"
    page_1 = client.get(url).content.decode()
    assert len(tick_ids(page_1)) == ATTENDANCE_PAGE_SIZE and last.pk not in tick_ids(page_1)
    # Registered on page 2, yet found from page 1, with the registered mark.
    found = client.get(url, {"q": "yvet"}).content.decode()
    assert tick_ids(found, within="attendance-found") == [last.pk]
    page_2 = client.get(url, {"page": 2, "q": "yvet"}).content.decode()
    assert tick_ids(page_2, within="tick-list")[-1] == last.pk and tick_ids(page_2).count(last.pk) == 1


def test_screen_query_count_does_not_grow_with_residents(residence_a, coordinator_a, in_schema):
    """3 then 300 residents, with registrations and attendances: the same queries, with or without a search."""
    with in_schema(residence_a):
        activity = ActivityFactory(capacity=None)
    client = client_on(residence_a, coordinator_a)
    url = f"/activites/{activity.pk}/presences/"

    def people(n):
        with in_schema(residence_a):
            residents = ResidentFactory.create_batch(n, first_name="Marianne", pseudonym="")
            Registration.objects.bulk_create([Registration(activity=activity, resident=r) for r in residents[::3]])
            Attendance.objects.bulk_create([Attendance(activity=activity, resident=r) for r in residents[1::3]])

    def counts() -> list[int]:
        result = []
        for params, headers in (({}, {}), ({"q": "mari"}, {}),
                                ({"q": "mari"}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "attendance-found"})):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, params, **headers)
            assert response.status_code == 200
            # The work is bounded too: one page of the expected people, at most 20 found.
            assert len(tick_ids(response.content.decode())) <= ATTENDANCE_PAGE_SIZE + SEARCH_MAX_RESULTS
            result.append(len(ctx))
        return result

    people(3)
    few = counts()
    people(297)
    with in_schema(residence_a):
        assert activity.registrations.count() == 100 and activity.attendances.count() == 100
    many = counts()
    assert many == few, (few, many)
