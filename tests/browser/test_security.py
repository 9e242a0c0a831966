"""In a real browser: the second factor step of `log_in`, and pages that the strict CSP does not break."""
from tests.browser.conftest import log_in


def test_head_office_logs_in_with_the_code_and_no_csp_violation(live, page, head_office):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, live, None, head_office)
    assert page.url.startswith(live.url(None, "/pilotage/"))
    page.goto(live.url(None, "/connexion/double-authentification/"))
    assert page.locator(".qr-code svg").is_visible()
    assert violations == []


def test_coordinator_pages_raise_no_csp_violation(live, page, residence_a, coordinator_a):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, live, residence_a, coordinator_a)
    for path in ("/", "/activites/", "/habitants/", "/liens-habitants/"):
        page.goto(live.url(residence_a, path))
    assert violations == []
