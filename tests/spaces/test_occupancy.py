"""One occupancy rule for a space: bookings and activity sessions never overlap, in the services
(refused with a message naming the other) and in the database (exclusion constraint on the shared
occupancy table, kept by triggers); opening hours checked for both, per the space's setting."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.activities.factories import ActivityFactory
from core.activities.models import Activity
from core.activities.services import activity_cancel, activity_create, activity_update, series_update
from core.spaces.factories import BookingFactory, SpaceFactory
from core.spaces.models import Booking, OutsideHoursPolicy, SpaceOccupancy
from core.spaces.services import booking_cancel, booking_create
from tests.conftest import aware

HOURS = [(d, dt.time(9), dt.time(18)) for d in range(6)]  # Monday to Saturday 09:00–18:00


@pytest.fixture
def room(residence_a, in_schema):
    with in_schema(residence_a):
        yield SpaceFactory(name="Salle commune", capacity=30, opening_hours=HOURS)


def book(room, start, end, **extra):
    return booking_create(space=room, title=extra.pop("title", "Anniversaire"), starts_at=start, ends_at=end,
                          **extra)


def session(room, start, end, **extra):
    return activity_create(title=extra.pop("title", "Café des habitant·es"), kind="collective_moment",
                           starts_at=start, ends_at=end, space=room, place="", **extra)


def messages_of(exc) -> dict:
    return {field: " ".join(msgs) for field, msgs in exc.value.message_dict.items()}


# Tuesday 17 November 2026.
def test_a_booking_over_a_session_is_refused_naming_the_session(room):
    session(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 12))
    with pytest.raises(ValidationError) as exc:
        book(room, aware(2026, 11, 17, 11), aware(2026, 11, 17, 13))
    assert messages_of(exc)["starts_at"] == (
        "Créneau déjà occupé : l'animation « Café des habitant·es » le mardi 17 novembre 2026 de 10:00 à 12:00 "
        "occupe déjà « Salle commune ». Choisissez un autre horaire ou un autre espace.")
    assert not Booking.objects.exists()


def test_a_session_over_a_booking_is_refused_naming_the_booking(room):
    book(room, aware(2026, 11, 17, 14), aware(2026, 11, 17, 17), title="Atelier couture")
    with pytest.raises(ValidationError) as exc:
        session(room, aware(2026, 11, 17, 16), aware(2026, 11, 17, 18))
    assert "la réservation « Atelier couture » le mardi 17 novembre 2026 de 14:00 à 17:00" in (
        messages_of(exc)["starts_at"])
    assert not Activity.objects.exists()


def test_a_series_over_one_booking_is_refused_whole_naming_the_clash(room):
    book(room, aware(2026, 11, 24, 10), aware(2026, 11, 24, 11), title="Réunion du bailleur")
    with pytest.raises(ValidationError) as exc:
        session(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 12), frequency="weekly", occurrence_count=4)
    assert "« Réunion du bailleur » le mardi 24 novembre 2026" in messages_of(exc)["starts_at"]
    assert not Activity.objects.exists()


def test_back_to_back_and_other_places_do_not_clash(room):
    session(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 12))
    book(room, aware(2026, 11, 17, 12), aware(2026, 11, 17, 14))
    book(SpaceFactory(opening_hours=HOURS), aware(2026, 11, 17, 10), aware(2026, 11, 17, 12))
    activity_create(title="Sortie", kind="outing", starts_at=aware(2026, 11, 17, 10), ends_at=aware(2026, 11, 17, 12),
                    place="Musée")
    assert SpaceOccupancy.objects.filter(space=room).count() == 2


def test_cancelling_frees_the_slot_for_the_other_kind(room):
    cafe = session(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 12))
    activity_cancel(activity=cafe, reason="Animatrice absente")
    booking = book(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 12))
    booking_cancel(booking=booking)
    session(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 12), title="Loto")
    assert SpaceOccupancy.objects.get(space=room).activity.title == "Loto"


def test_moving_a_session_onto_a_booking_is_refused_and_moving_it_within_its_own_slot_is_not(room):
    cafe = session(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 12))
    book(room, aware(2026, 11, 17, 14), aware(2026, 11, 17, 16), title="Atelier couture")
    activity_update(activity=cafe, starts_at=aware(2026, 11, 17, 10, 30), ends_at=aware(2026, 11, 17, 12, 30))
    with pytest.raises(ValidationError, match="Atelier couture"):
        activity_update(activity=cafe, starts_at=aware(2026, 11, 17, 13), ends_at=aware(2026, 11, 17, 15))
    cafe.refresh_from_db()
    assert cafe.occupancy.starts_at == aware(2026, 11, 17, 10, 30)


def test_moving_a_series_onto_a_booking_is_refused(room):
    first = session(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 11), frequency="weekly", occurrence_count=3)
    book(room, aware(2026, 12, 1, 15), aware(2026, 12, 1, 16), title="Atelier couture")
    with pytest.raises(ValidationError) as exc:
        series_update(series=first.series, start_time=dt.time(15), duration=dt.timedelta(hours=1),
                      from_at=aware(2026, 11, 1, 0))
    assert "Atelier couture" in messages_of(exc)["start_time"]


def test_the_database_refuses_a_session_over_a_booking_and_a_booking_over_a_session(room):
    """Whatever writes the rows (factory, import, admin, bulk update), the triggers and the exclusion
    constraint refuse the overlap."""
    BookingFactory(space=room, starts_at=aware(2026, 11, 17, 14), ends_at=aware(2026, 11, 17, 16))
    with pytest.raises(IntegrityError, match="space_occupancy_no_overlap"), transaction.atomic():
        ActivityFactory(space=room, place="", starts_at=aware(2026, 11, 17, 15), ends_at=aware(2026, 11, 17, 17))
    ActivityFactory(space=room, place="", starts_at=aware(2026, 11, 17, 10), ends_at=aware(2026, 11, 17, 12))
    with pytest.raises(IntegrityError, match="space_occupancy_no_overlap"), transaction.atomic():
        BookingFactory(space=room, starts_at=aware(2026, 11, 17, 11), ends_at=aware(2026, 11, 17, 13))
    # A bulk update moving a session onto the booking is refused too.
    with pytest.raises(IntegrityError, match="space_occupancy_no_overlap"), transaction.atomic():
        Activity.objects.update(starts_at=aware(2026, 11, 17, 13), ends_at=aware(2026, 11, 17, 15))
    assert SpaceOccupancy.objects.filter(space=room).count() == 2


def test_the_occupancy_follows_cancellation_and_deletion_in_the_database(room):
    activity = ActivityFactory(space=room, place="", starts_at=aware(2026, 11, 17, 10), ends_at=aware(2026, 11, 17, 12))
    Activity.objects.filter(pk=activity.pk).update(status="cancelled", cancellation_reason="Pluie")
    assert not SpaceOccupancy.objects.exists()
    booking = BookingFactory(space=room, starts_at=aware(2026, 11, 17, 10), ends_at=aware(2026, 11, 17, 12))
    assert SpaceOccupancy.objects.get().booking_id == booking.pk
    booking.delete()
    assert not SpaceOccupancy.objects.exists()


def test_a_session_outside_opening_hours_is_refused(room):
    with pytest.raises(ValidationError) as exc:
        session(room, aware(2026, 11, 17, 17, 30), aware(2026, 11, 17, 19))
    assert messages_of(exc)["starts_at"] == (
        "En dehors des horaires d'ouverture : « Salle commune » est ouvert le mardi de 09:00 à 18:00.")


@pytest.mark.parametrize("create", [session, book])
def test_a_space_set_to_warn_asks_the_coordinator_to_confirm(room, create):
    room.outside_hours = OutsideHoursPolicy.WARN
    room.save()
    with pytest.raises(ValidationError) as exc:
        create(room, aware(2026, 11, 17, 17, 30), aware(2026, 11, 17, 19))
    assert exc.value.error_dict["starts_at"][0].code == "outside_hours"
    assert "Confirmer malgré les horaires" in messages_of(exc)["starts_at"]
    create(room, aware(2026, 11, 17, 17, 30), aware(2026, 11, 17, 19), confirm_outside_hours=True)
    assert SpaceOccupancy.objects.filter(space=room).count() == 1


def test_the_planning_and_the_agenda_show_bookings_and_sessions(room, residence_a, coordinator_a):
    from tests.conftest import client_on

    session(room, aware(2026, 11, 17, 10), aware(2026, 11, 17, 12), title="Café des habitant·es")
    book(room, aware(2026, 11, 17, 14), aware(2026, 11, 17, 16), title="Atelier couture")
    client = client_on(residence_a, coordinator_a)
    planning = client.get("/espaces/planning/?semaine=2026-11-17").content.decode()
    assert "Café des habitant·es" in planning and "Atelier couture" in planning
    agenda = client.get("/agenda/?vue=semaine&date=2026-11-17").content.decode()
    assert "Café des habitant·es" in agenda and "Atelier couture" in agenda


def test_the_space_screen_sets_the_outside_hours_policy(residence_a, coordinator_a, in_schema):
    from core.spaces.models import Space
    from tests.conftest import client_on

    client = client_on(residence_a, coordinator_a)
    response = client.post("/espaces/nouveau/", {"name": "Jardin", "kind": "garden", "capacity": 10,
                                                 "is_active": "on", "outside_hours": "warn",
                                                 "hours_0": "09:00-18:00"})
    assert response.status_code == 302
    with in_schema(residence_a):
        assert Space.objects.get(name="Jardin").outside_hours == OutsideHoursPolicy.WARN
