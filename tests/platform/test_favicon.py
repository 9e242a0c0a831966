"""The site's icon answers on the bare domain and on every residence host, to anyone, with no query."""
import pytest

from tests.conftest import PASSWORD, client_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("where", ["bare domain", "residence host"])
def test_favicon_is_our_svg_icon_for_anonymous_visitors(where, residence_a, django_assert_max_num_queries):
    client = client_on(residence_a if where == "residence host" else None)
    with django_assert_max_num_queries(2):  # the residence host lookup, nothing more
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg") and b"Particip'Actives" in response.content
    assert "max-age=86400" in response["Cache-Control"]


def test_favicon_answers_a_head_office_user_who_owes_the_second_factor(head_office):
    client = client_on(None)
    assert client.post("/connexion/", {"username": head_office.email, "password": PASSWORD}).status_code == 302
    assert client.get("/pilotage/")["Location"].startswith("/connexion/verification/")  # the code is still owed
    assert client.get("/favicon.ico").status_code == 200


def test_pages_point_browsers_at_the_icon(residence_a):
    response = client_on(residence_a).get("/connexion/")
    assert b'rel="icon"' in response.content and b"favicon.svg" in response.content
