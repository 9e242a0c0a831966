"""The browser harness itself: a coordinator logs in on a phone and reaches the residence home."""
from tests.browser.conftest import log_in


def test_coordinator_logs_in_on_a_phone_and_sees_the_residence(live, phone_page, residence_a, coordinator_a):
    log_in(phone_page, live, residence_a, coordinator_a)
    assert phone_page.url == live.url(residence_a, "/")
    assert residence_a.name in phone_page.content()
    # The page fits the phone: no horizontal scrolling.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
