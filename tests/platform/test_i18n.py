"""French first, English on request."""
from tests.conftest import client_on


def test_french_even_for_an_english_browser_then_english_on_request(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    page = client.get("/activites/nouvelle/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Nouvelle animation" in page

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/activites/nouvelle/").content.decode()
    assert "New activity" in page
    assert '<html lang="en">' in page
