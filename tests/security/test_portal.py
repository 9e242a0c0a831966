"""Residents' magic links: single use, expiry, hashed token, bound to their residence's host."""
import datetime as dt

import pytest
from django.utils import timezone

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from core.portal.models import MagicLink
from core.portal.services import magic_link_create, token_hash
from tests.conftest import client_on


@pytest.fixture
def resident_a(residence_a, in_schema):
    with in_schema(residence_a):
        resident = ResidentFactory(first_name="Odette", pseudonym="")
        other = ResidentFactory(first_name="Marcel", pseudonym="")
        mine = ActivityFactory(title="Atelier tricot")
        theirs = ActivityFactory(title="Cours de salsa")
        mine.attendances.create(resident=resident)
        theirs.attendances.create(resident=other)
    return resident


def issue(residence, resident, in_schema, **kwargs):
    with in_schema(residence):
        return magic_link_create(resident=resident, created_by_id=1, **kwargs)


def test_coordinator_issues_a_link_shown_once_and_stored_hashed(residence_a, coordinator_a, resident_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    assert resident_a.display_name in client.get("/liens-habitants/").content.decode()
    response = client.post(f"/liens-habitants/{resident_a.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    token = page.split("/portail/acces/")[1].split("/")[0]
    assert "<svg" in page  # QR code to scan
    with in_schema(residence_a):
        link = MagicLink.objects.get(resident=resident_a)
    assert link.token_hash == token_hash(token) and token not in link.token_hash
    assert link.created_by_id == coordinator_a.pk


def test_resident_sees_own_record_and_attendances_only(residence_a, resident_a, in_schema):
    _, token = issue(residence_a, resident_a, in_schema)
    client = client_on(residence_a)
    assert client.get(f"/portail/acces/{token}/").status_code == 200  # a click is asked: previewers do not spend it
    response = client.post(f"/portail/acces/{token}/")
    assert response.status_code == 302 and response["Location"] == "/portail/"
    page = client.get("/portail/").content.decode()
    assert "Odette" in page and "Atelier tricot" in page
    assert "Marcel" not in page and "Cours de salsa" not in page
    # Nothing else on the host: the coordinator's pages and the API stay closed.
    assert client.get("/habitants/").status_code == 302
    assert client.get("/liens-habitants/").status_code == 302
    assert client.get("/api/residents/").status_code in (401, 403)


def test_link_is_single_use(residence_a, resident_a, in_schema):
    _, token = issue(residence_a, resident_a, in_schema)
    assert client_on(residence_a).post(f"/portail/acces/{token}/").status_code == 302
    second = client_on(residence_a).post(f"/portail/acces/{token}/")
    assert second.status_code == 410
    assert "n'est plus valable" in second.content.decode()


def test_link_expires(residence_a, resident_a, in_schema):
    link, token = issue(residence_a, resident_a, in_schema)
    with in_schema(residence_a):
        MagicLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client_on(residence_a).post(f"/portail/acces/{token}/").status_code == 410


def test_new_link_revokes_the_previous_one(residence_a, resident_a, in_schema):
    _, first = issue(residence_a, resident_a, in_schema)
    _, second = issue(residence_a, resident_a, in_schema)
    assert client_on(residence_a).post(f"/portail/acces/{first}/").status_code == 410
    assert client_on(residence_a).post(f"/portail/acces/{second}/").status_code == 302


def test_link_of_a_is_unknown_on_b(residence_a, residence_b, resident_a, in_schema):
    _, token = issue(residence_a, resident_a, in_schema)
    assert client_on(residence_b).post(f"/portail/acces/{token}/").status_code == 410
    # ...and was not spent by the attempt.
    assert client_on(residence_a).post(f"/portail/acces/{token}/").status_code == 302


def test_resident_session_replayed_on_b_is_nothing(residence_a, residence_b, resident_a, in_schema):
    _, token = issue(residence_a, resident_a, in_schema)
    client_a = client_on(residence_a)
    client_a.post(f"/portail/acces/{token}/")
    client_b = client_on(residence_b)
    client_b.cookies = client_a.cookies  # the cookie copied by hand
    response = client_b.get("/portail/")
    assert response.status_code == 403
    assert "Odette" not in response.content.decode()


def test_resident_session_ends_when_leaving(residence_a, resident_a, in_schema):
    _, token = issue(residence_a, resident_a, in_schema)
    client = client_on(residence_a)
    client.post(f"/portail/acces/{token}/")
    client.post("/portail/quitter/")
    assert client.get("/portail/").status_code == 403


def test_opening_a_link_logs_a_coordinator_out(residence_a, coordinator_a, resident_a, in_schema):
    _, token = issue(residence_a, resident_a, in_schema)
    client = client_on(residence_a, coordinator_a)
    client.post(f"/portail/acces/{token}/")
    assert client.get("/habitants/").status_code == 302


def test_outsiders_cannot_issue_links(residence_a, residence_b, coordinator_b, resident_a):
    client = client_on(residence_b, coordinator_b)
    assert client.post(f"/liens-habitants/{resident_a.pk}/").status_code == 404
    assert client_on(residence_a).post(f"/liens-habitants/{resident_a.pk}/").status_code == 302


def test_link_pages_query_counts_do_not_grow(residence_a, coordinator_a, in_schema, django_assert_num_queries):
    client = client_on(residence_a, coordinator_a)
    with in_schema(residence_a):
        ResidentFactory.create_batch(3)
    client.get("/liens-habitants/")
    with django_assert_num_queries(7):
        client.get("/liens-habitants/")
    with in_schema(residence_a):
        ResidentFactory.create_batch(30)
    with django_assert_num_queries(7):
        client.get("/liens-habitants/")
