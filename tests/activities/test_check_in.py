"""The QR check-in page: no account, this residence's host only, around the session's time only."""
import datetime as dt

import time_machine

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.models import AttendanceSource
from core.activities.services import activity_cancel
from core.people.factories import ResidentFactory
from tests.conftest import aware, client_on

START = aware(2026, 10, 10, 15)


def _session(residence, in_schema, **fields):
    with in_schema(residence):
        activity = ActivityFactory(starts_at=START, ends_at=START + dt.timedelta(hours=2), **fields)
        ginette = ResidentFactory(first_name="Ginette", pseudonym="")
        RegistrationFactory(activity=activity, resident=ginette)
        marcel = ResidentFactory(first_name="Marcel", pseudonym="")
    return activity, ginette, marcel


@time_machine.travel(START - dt.timedelta(minutes=10), tick=False)
def test_anonymous_phone_taps_a_name_and_it_is_recorded(residence_a, in_schema):
    activity, ginette, marcel = _session(residence_a, in_schema)
    phone = client_on(residence_a)  # no account
    page = phone.get(f"/pointage/{activity.check_in_token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ginette" in html and "Marcel" not in html  # others only after typing three letters
    assert "Marcel" in phone.get(f"/pointage/{activity.check_in_token}/?q=Mar").content.decode()

    # The tap sends the search that found Marcel (hidden field of his button).
    done = phone.post(f"/pointage/{activity.check_in_token}/", {"resident": marcel.pk, "q": "Mar"},
                      HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and "Marcel" in done.content.decode()
    phone.post(f"/pointage/{activity.check_in_token}/", {"resident": marcel.pk, "q": "Mar"})  # a second tap changes nothing
    with in_schema(residence_a):
        rows = list(activity.attendances.values_list("resident_id", "source"))
    assert rows == [(marcel.pk, AttendanceSource.CHECK_IN)]


def test_check_in_is_closed_outside_the_window_and_when_cancelled(residence_a, in_schema):
    activity, ginette, _ = _session(residence_a, in_schema)
    phone = client_on(residence_a)
    url = f"/pointage/{activity.check_in_token}/"
    for moment in (START - dt.timedelta(minutes=61), START + dt.timedelta(hours=8, minutes=1)):
        with time_machine.travel(moment, tick=False):
            assert phone.get(url).status_code == 403
            assert phone.post(url, {"resident": ginette.pk}).status_code == 403
    with time_machine.travel(START + dt.timedelta(hours=7, minutes=59), tick=False):
        assert phone.get(url).status_code == 200
        with in_schema(residence_a):
            activity_cancel(activity=activity, reason="Pluie")
        refused = phone.get(url)
        assert refused.status_code == 403 and "annulée" in refused.content.decode()
    with in_schema(residence_a):
        assert not activity.attendances.exists()


@time_machine.travel(START, tick=False)
def test_token_of_a_on_b_is_not_found_and_reveals_nothing(residence_a, residence_b, in_schema, coordinator_b):
    activity, ginette, _ = _session(residence_a, in_schema)
    _session(residence_b, in_schema)
    for client in (client_on(residence_b), client_on(residence_b, coordinator_b)):
        response = client.get(f"/pointage/{activity.check_in_token}/")
        assert response.status_code == 404 and "Ginette" not in response.content.decode()
        assert client.post(f"/pointage/{activity.check_in_token}/", {"resident": ginette.pk}).status_code == 404
    assert client_on(residence_a).get("/pointage/not-a-real-token/").status_code == 404


@time_machine.travel(START, tick=False)
def test_check_in_never_shows_or_records_another_residences_people(residence_a, residence_b, in_schema):
    activity_a, _, _ = _session(residence_a, in_schema)
    with in_schema(residence_b):
        outsider = ResidentFactory(id=700_001, first_name="Mamadou", pseudonym="")
    phone = client_on(residence_a)
    assert "Mamadou" not in phone.get(f"/pointage/{activity_a.check_in_token}/?q=Mam").content.decode()
    assert phone.post(f"/pointage/{activity_a.check_in_token}/", {"resident": outsider.pk}).status_code == 404
    with in_schema(residence_a):
        assert not activity_a.attendances.exists()


def test_anonymous_visitor_gets_nothing_else_than_check_in(residence_a, in_schema):
    activity, _, _ = _session(residence_a, in_schema)
    phone = client_on(residence_a)
    assert phone.get(f"/activites/{activity.pk}/").status_code == 302  # to the login page
    assert phone.get("/pointage/").status_code == 404
