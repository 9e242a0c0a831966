"""The resident portal lists the resident's own upcoming registrations, read only, and nobody else's."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.services import activity_cancel
from core.people.factories import ResidentFactory
from core.portal.services import magic_link_create
from tests.conftest import client_on

pytestmark = pytest.mark.django_db


def _in(days: int, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def _session(residence, resident, in_schema):
    with in_schema(residence):
        _, token = magic_link_create(resident=resident, created_by_id=1)
    client = client_on(residence)
    assert client.post(f"/portail/acces/{token}/").status_code == 302
    return client


def _section(page: str) -> str:
    return page.split('id="registrations-title"')[1].split("</section>")[0]


def test_resident_sees_own_upcoming_registrations_only(residence_a, residence_b, in_schema):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
        marcel = ResidentFactory(first_name="Marcel", pseudonym="")
        tricot = ActivityFactory(title="Atelier tricot", starts_at=_in(3), ends_at=_in(3, 16))
        gym = ActivityFactory(title="Gym douce", starts_at=_in(5), ends_at=_in(5, 16))
        past = ActivityFactory(title="Sortie passée", starts_at=_in(-3), ends_at=_in(-3, 16))
        salsa = ActivityFactory(title="Cours de salsa", starts_at=_in(4), ends_at=_in(4, 16))
        for activity in (tricot, gym, past):
            RegistrationFactory(activity=activity, resident=odette)
        RegistrationFactory(activity=salsa, resident=marcel)
        RegistrationFactory(activity=tricot, resident=marcel)
        activity_cancel(activity=gym, reason="Intervenante malade")
    with in_schema(residence_b):
        stranger = ResidentFactory(first_name="Odette", pseudonym="")  # same first name, other residence
        RegistrationFactory(activity=ActivityFactory(title="Chorale de B", starts_at=_in(2), ends_at=_in(2, 16)),
                            resident=stranger)

    client = _session(residence_a, odette, in_schema)
    section = _section(client.get("/portail/").content.decode())
    assert "Atelier tricot" in section and "Gym douce" in section
    assert section.index("Atelier tricot") < section.index("Gym douce")  # soonest first
    assert "annulée" in section.split("Gym douce")[1].split("</tr>")[0]
    assert "Sortie passée" not in section
    assert "Cours de salsa" not in section and "Marcel" not in section and "Chorale de B" not in section
    # Read only: no form, no button to sign up or withdraw in the section.
    assert "<form" not in section and "<button" not in section

    marcel_section = _section(_session(residence_a, marcel, in_schema).get("/portail/").content.decode())
    assert "Cours de salsa" in marcel_section and "Atelier tricot" in marcel_section
    assert "Gym douce" not in marcel_section

    # The session of A's resident does not open anything on B's host.
    other_host = client_on(residence_b)
    other_host.cookies = client.cookies
    response = other_host.get("/portail/")
    assert response.status_code == 403 and "Chorale de B" not in response.content.decode()


def test_portal_home_query_count_does_not_grow_with_registrations(residence_a, in_schema):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
    client = _session(residence_a, odette, in_schema)

    def add(n: int):
        with in_schema(residence_a):
            for i in range(n):
                activity = ActivityFactory(starts_at=_in(1 + i), ends_at=_in(1 + i, 16))
                RegistrationFactory(activity=activity, resident=odette)
                past = ActivityFactory(starts_at=_in(-1 - i), ends_at=_in(-1 - i, 16))
                past.attendances.create(resident=odette)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/portail/").status_code == 200
        return len(ctx)

    add(1)
    few = count()
    add(20)
    assert count() == few
