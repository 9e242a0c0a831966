"""On a phone: log a drop-in visit with a follow-up, then find the follow-up on the home page."""
from django_tenants.utils import schema_context

from core.people.factories import ResidentFactory
from tests.browser.conftest import log_in


def test_coordinator_logs_a_visit_on_a_phone_and_sees_the_follow_up_at_home(live, phone_page, residence_a,
                                                                             coordinator_a):
    with schema_context(residence_a.schema_name):
        ResidentFactory(first_name="Ginette", pseudonym="", last_name_initial="M")
    page = phone_page
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/permanences/passage/"))

    page.get_by_label("Chercher un·e habitant·e").fill("gin")
    page.get_by_label("Ginette M.").check()  # appears through HTMX as you type
    page.get_by_label("aide administrative").check()
    page.get_by_label("Note (facultative)").fill("Dossier APL à renouveler")
    page.get_by_label("Une suite est à donner").check()
    page.get_by_role("button", name="Enregistrer le passage").click()
    page.wait_for_load_state()
    assert "Passage noté (Ginette M., aide administrative). Suite à donner ajoutée." in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.goto(live.url(residence_a, "/"))
    panel = page.locator("section", has=page.locator("#follow-ups-title"))
    assert "Ginette M." in panel.inner_text() and "Dossier APL à renouveler" in panel.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
