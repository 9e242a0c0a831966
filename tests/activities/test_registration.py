"""Registration in one place: search-as-you-type and register without reload (HTMX), a whole series
at once, a waiting list when full; attendance only from an hour before the start."""
import datetime as dt
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.models import Attendance, Registration, WaitlistEntry
from core.activities.services import (
    activity_create,
    attendance_mark,
    attendance_set,
    registration_create,
    series_registration_create,
)
from core.people.factories import ResidentFactory
from tests.conftest import client_on

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_search_as_you_type_returns_only_the_found_block(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory(title="Gym douce")
        ResidentFactory(first_name="Ginette", pseudonym="")
        ResidentFactory(first_name="Marcel", pseudonym="")
    client = client_on(residence_a, coordinator_a)
    html = client.get(f"/activites/{activity.pk}/", {"q": "gin", "partial": "register-found"}, **HTMX).content.decode()
    assert html.startswith('<div id="register-found">') and "<html" not in html
    assert "Inscrire Ginette" in html and "Marcel" not in html


def test_registering_under_htmx_answers_the_block_without_a_reload(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory(title="Gym douce", capacity=10)
        ginette = ResidentFactory(first_name="Ginette", pseudonym="")
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/activites/{activity.pk}/inscriptions/ajouter/", {"resident": ginette.pk, "q": "gin"},
                           **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith('<section id="registrations"')
    assert f'role="status">{ginette.display_name} est inscrit·e.</p>' in html
    assert "(1 / 10)" in html
    with in_schema(residence_a):
        assert Registration.objects.filter(activity=activity, resident=ginette).exists()


def test_register_for_every_upcoming_session_of_a_series(residence_a, coordinator_a, in_schema):
    now = timezone.now()
    with in_schema(residence_a):
        first = activity_create(title="Café", kind="collective_moment", starts_at=now - dt.timedelta(days=14),
                                ends_at=now - dt.timedelta(days=14) + dt.timedelta(hours=2), place="Salle",
                                frequency="weekly", occurrence_count=6, capacity=1)
        sessions = list(first.series.occurrences.order_by("starts_at"))
        upcoming = [s for s in sessions if s.ends_at > now]
        ginette, marcel = ResidentFactory(first_name="Ginette"), ResidentFactory(first_name="Marcel")
        RegistrationFactory(activity=upcoming[1], resident=marcel)  # that session is full
    client = client_on(residence_a, coordinator_a)
    html = client.post(f"/activites/{upcoming[0].pk}/inscriptions/ajouter/", {"resident": ginette.pk, "series": "1"},
                       **HTMX).content.decode()
    html = unescape(html)
    assert f"{ginette.display_name} est inscrit·e à {len(upcoming) - 1} séances à venir de la série." in html
    assert "Liste d'attente pour 1 séances complètes." in html
    with in_schema(residence_a):
        registered = set(Registration.objects.filter(resident=ginette).values_list("activity_id", flat=True))
        assert registered == {s.pk for s in upcoming} - {upcoming[1].pk}  # past sessions untouched
        assert list(WaitlistEntry.objects.filter(resident=ginette).values_list("activity_id", flat=True)) == [
            upcoming[1].pk]
        # Twice: nothing new, said so.
        again = series_registration_create(activity=upcoming[0], resident=ginette)
        assert not again.registered and len(again.already) == len(upcoming)


def test_a_one_off_session_is_not_a_series(residence_a, in_schema):
    with in_schema(residence_a):
        activity, resident = ActivityFactory(), ResidentFactory()
        with pytest.raises(ValidationError, match="ne fait pas partie d'une série"):
            series_registration_create(activity=activity, resident=resident)


def test_full_is_refused_without_the_waiting_list_and_waits_with_it(residence_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory(capacity=1)
        a, b = ResidentFactory(), ResidentFactory()
        registration_create(activity=activity, resident=a)
        with pytest.raises(ValidationError, match="Complet"):
            registration_create(activity=activity, resident=b)
        assert isinstance(registration_create(activity=activity, resident=b, waitlist=True), WaitlistEntry)
        with pytest.raises(ValidationError, match="déjà sur la liste d'attente"):
            registration_create(activity=activity, resident=b, waitlist=True)


def test_attendance_opens_one_hour_before_the_start(residence_a, in_schema):
    now = timezone.now()
    with in_schema(residence_a):
        later = ActivityFactory(starts_at=now + dt.timedelta(hours=3), ends_at=now + dt.timedelta(hours=5))
        soon = ActivityFactory(starts_at=now + dt.timedelta(minutes=50), ends_at=now + dt.timedelta(hours=2))
        resident = ResidentFactory()
        with pytest.raises(ValidationError, match="Trop tôt pour noter les présences"):
            attendance_mark(activity=later, resident_id=resident.pk, present=True)
        with pytest.raises(ValidationError, match="Trop tôt"):
            attendance_set(activity=later, resident_ids=[resident.pk])
        assert not Attendance.objects.filter(activity=later).exists()
        assert attendance_mark(activity=soon, resident_id=resident.pk, present=True) is True
