"""Activities in a real browser: a recurring activity through the form, attendance ticked on a phone."""
import datetime as dt

from django_tenants.utils import schema_context

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.models import Activity
from core.people.factories import ResidentFactory
from tests.browser.conftest import log_in


def test_coordinator_creates_a_recurring_activity_and_sees_its_sessions(live, page, residence_a, coordinator_a):
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/activites/nouvelle/"))
    page.get_by_label("Intitulé").fill("Café des habitant·es")
    page.get_by_label("Type").select_option("collective_moment")
    page.locator("#id_starts_at").fill("2026-10-06T10:00")
    page.locator("#id_ends_at").fill("2026-10-06T12:00")
    page.get_by_label("Autre lieu").fill("Square Louise Michel")
    # The end-of-series fields appear only for a repeated activity.
    assert page.get_by_label("ou nombre de séances").is_hidden()
    page.get_by_label("Répétition").select_option("weekly")
    page.get_by_label("ou nombre de séances").fill("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer l'animation").click()

    assert "Café des habitant·es" in page.locator("h1").inner_text()
    sessions = page.locator("ol.sessions li")
    assert sessions.count() == 4
    assert "27 oct. 10:00" in sessions.nth(3).inner_text()  # this year: no year shown
    with schema_context(residence_a.schema_name):
        assert Activity.objects.filter(series__isnull=False).count() == 4


def test_coordinator_ticks_attendance_on_a_phone(live, phone_page, residence_a, coordinator_a):
    with schema_context(residence_a.schema_name):
        activity = ActivityFactory(title="Goûter des voisins", starts_at=dt.datetime.now(dt.timezone.utc))
        ginette = ResidentFactory(first_name="Ginette", pseudonym="", last_name_initial="B")
        RegistrationFactory(activity=activity, resident=ginette)
        marcel = ResidentFactory(first_name="Marcel", pseudonym="", last_name_initial="D")
        ResidentFactory(first_name="Marceline", pseudonym="", last_name_initial="T")
    log_in(phone_page, live, residence_a, coordinator_a)
    phone_page.goto(live.url(residence_a, f"/activites/{activity.pk}/presences/"))
    # The registered person is listed; the other residents are not.
    assert phone_page.locator("#tick-list button.tick-button").count() == 1
    button = phone_page.get_by_role("button", name="Ginette B.")
    assert button.get_attribute("aria-pressed") == "false"
    button.tap()
    phone_page.locator('button[data-resident="%d"][aria-pressed="true"]' % ginette.pk).wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Marcel came without registering: found by typing, then one tap, and he joins the list.
    search = phone_page.get_by_label("Prénom ou pseudonyme")
    search.press_sequentially("m")
    assert phone_page.locator("#attendance-found button").count() == 0
    # The answer to « marc » is awaited as such: on a loaded machine the answer to « m » may still be on its way.
    with phone_page.expect_response(lambda response: "q=marc" in response.url, timeout=30_000):
        search.press_sequentially("arc")
    status = phone_page.locator("#attendance-found-status")
    status.filter(has_text="2 personnes trouvées.").wait_for(timeout=20_000)
    assert status.get_attribute("role") == "status"
    phone_page.locator("#attendance-found").get_by_role("button", name="Marcel D.").tap()
    phone_page.locator('#tick-list button[data-resident="%d"][aria-pressed="true"]' % marcel.pk).wait_for()
    assert "Marcel D. est noté·e présent·e" in phone_page.locator("#attendance-found").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The "tick all" form, opened now, is reloaded: it holds the two taps made since the page loaded.
    phone_page.get_by_text("Tout cocher d'un coup (liste)").tap()
    phone_page.locator('#attendance-fallback input[value="%d"]:checked' % marcel.pk).wait_for()
    assert phone_page.locator('#attendance-fallback input[value="%d"]' % ginette.pk).is_checked()

    phone_page.get_by_label("Enfants").fill("7")
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Enregistrer le comptage").tap()
    with schema_context(residence_a.schema_name):
        activity.refresh_from_db()
        assert set(activity.attendances.values_list("resident_id", flat=True)) == {ginette.pk, marcel.pk}
        assert activity.anonymous_children == 7
    phone_page.reload()
    for person in (ginette, marcel):
        assert phone_page.locator('#tick-list button[data-resident="%d"]' % person.pk).get_attribute(
            "aria-pressed") == "true"
    assert phone_page.locator("#tick-list button.tick-button").count() == 2


def test_a_tick_by_keyboard_keeps_the_focus_and_never_takes_it_from_another_field(live, page, residence_a, coordinator_a):
    """The button replaced after a tick gets the focus back (keyboard users keep their place), unless the
    coordinator has moved on to another field before the swap settled: then the typing stays there."""
    with schema_context(residence_a.schema_name):
        activity = ActivityFactory(title="Goûter des voisins", starts_at=dt.datetime.now(dt.timezone.utc))
        ginette = ResidentFactory(first_name="Ginette", pseudonym="", last_name_initial="B")
        RegistrationFactory(activity=activity, resident=ginette)
        suzanne = ResidentFactory(first_name="Suzanne", pseudonym="", last_name_initial="L")
        RegistrationFactory(activity=activity, resident=suzanne)
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, f"/activites/{activity.pk}/presences/"))
    page.get_by_role("button", name="Ginette B.").focus()
    page.keyboard.press("Enter")
    page.locator('button[data-resident="%d"][aria-pressed="true"]' % ginette.pk).wait_for()
    page.wait_for_function("document.activeElement.dataset.focusKey === 'tick-%d'" % ginette.pk)

    page.evaluate("htmx.config.defaultSettleDelay = 1500")  # a slow phone: the swap settles late
    page.get_by_role("button", name="Suzanne L.").focus()
    page.keyboard.press("Enter")
    page.locator('button[data-resident="%d"][aria-pressed="true"]' % suzanne.pk).wait_for()
    children = page.get_by_label("Enfants")
    children.focus()
    page.wait_for_timeout(2000)  # the settle has run by now
    page.keyboard.type("7")
    assert page.evaluate("document.activeElement.name") == children.get_attribute("name")
    assert "7" in children.input_value()  # the key went to the field, not to a button
