"""Booking rules, in the service and in the database: clashes, hours, capacity, safety rules."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.partners.factories import PartnerFactory
from core.safety.services import rules_acknowledge, rules_publish
from core.spaces.factories import BookingFactory, SpaceFactory
from core.spaces.models import Booking, BookingStatus
from core.spaces.services import booking_cancel, booking_create
from tests.conftest import aware

WEEKDAYS_9_TO_12_AND_14_TO_19 = [(d, dt.time(9), dt.time(12)) for d in range(5)] + [
    (d, dt.time(14), dt.time(19)) for d in range(5)]


@pytest.fixture
def room(residence_a, in_schema):
    with in_schema(residence_a):
        yield SpaceFactory(name="Salle commune", capacity=20, opening_hours=WEEKDAYS_9_TO_12_AND_14_TO_19)


def book(room, start, end, **extra):
    return booking_create(space=room, title=extra.pop("title", "Atelier couture"), starts_at=start, ends_at=end,
                          **extra)


def messages_of(exc) -> dict:
    return {field: " ".join(msgs) for field, msgs in exc.value.message_dict.items()}


def test_a_clash_is_refused_naming_the_booking_in_place(room):
    # Tuesday 17 November 2026.
    book(room, aware(2026, 11, 17, 14), aware(2026, 11, 17, 16), title="Atelier couture")
    with pytest.raises(ValidationError) as exc:
        book(room, aware(2026, 11, 17, 15), aware(2026, 11, 17, 17), title="Loto")
    message = messages_of(exc)["starts_at"]
    assert "« Atelier couture » le mardi 17 novembre 2026 de 14:00 à 16:00" in message
    assert Booking.objects.filter(title="Loto").count() == 0


def test_back_to_back_bookings_do_not_clash(room):
    book(room, aware(2026, 11, 17, 14), aware(2026, 11, 17, 16))
    book(room, aware(2026, 11, 17, 16), aware(2026, 11, 17, 18))
    assert Booking.objects.count() == 2


def test_a_cancelled_booking_frees_its_slot(room):
    first = book(room, aware(2026, 11, 17, 14), aware(2026, 11, 17, 16))
    booking_cancel(booking=first, cancelled_by="Coordination")
    book(room, aware(2026, 11, 17, 14), aware(2026, 11, 17, 16), title="Loto")
    assert Booking.objects.get(pk=first.pk).status == BookingStatus.CANCELLED
    with pytest.raises(ValidationError, match="déjà annulée"):
        booking_cancel(booking=first)


def test_the_database_refuses_an_overlap_written_around_the_service(room):
    """Two bookings of one space: refused by the one occupancy constraint (the booking-only one is gone),
    whether the second is inserted, moved by a bulk update, or a cancelled one is confirmed again."""
    BookingFactory(space=room, starts_at=aware(2026, 11, 17, 14), ends_at=aware(2026, 11, 17, 16))
    with pytest.raises(IntegrityError, match="space_occupancy_no_overlap"), transaction.atomic():
        BookingFactory(space=room, starts_at=aware(2026, 11, 17, 15), ends_at=aware(2026, 11, 17, 18))
    # Another space, or a cancelled booking, does not clash.
    BookingFactory(space=SpaceFactory(), starts_at=aware(2026, 11, 17, 15), ends_at=aware(2026, 11, 17, 18))
    cancelled = BookingFactory(space=room, starts_at=aware(2026, 11, 17, 15), ends_at=aware(2026, 11, 17, 18),
                               status=BookingStatus.CANCELLED)
    with pytest.raises(IntegrityError, match="space_occupancy_no_overlap"), transaction.atomic():
        Booking.objects.filter(pk=cancelled.pk).update(status=BookingStatus.CONFIRMED)
    later = BookingFactory(space=room, starts_at=aware(2026, 11, 17, 16), ends_at=aware(2026, 11, 17, 18))
    with pytest.raises(IntegrityError, match="space_occupancy_no_overlap"), transaction.atomic():
        Booking.objects.filter(pk=later.pk).update(starts_at=aware(2026, 11, 17, 15))
    assert [b.status for b in Booking.objects.filter(space=room).order_by("id")] == [
        BookingStatus.CONFIRMED, BookingStatus.CANCELLED, BookingStatus.CONFIRMED]


def test_end_before_start_is_refused_on_the_end_field(room):
    with pytest.raises(ValidationError) as exc:
        book(room, aware(2026, 11, 17, 16), aware(2026, 11, 17, 14))
    assert messages_of(exc) == {"ends_at": "La fin doit être postérieure au début."}


@pytest.mark.parametrize("start, end", [
    (aware(2026, 11, 17, 11), aware(2026, 11, 17, 13)),   # runs into the lunch break
    (aware(2026, 11, 17, 18), aware(2026, 11, 17, 20)),   # runs past closing
    (aware(2026, 11, 17, 10), aware(2026, 11, 17, 15)),   # spans two ranges
])
def test_outside_opening_hours_is_refused_with_the_days_hours(room, start, end):
    with pytest.raises(ValidationError) as exc:
        book(room, start, end)
    assert messages_of(exc)["starts_at"] == (
        "En dehors des horaires d'ouverture : « Salle commune » est ouvert le mardi de 09:00 à 12:00 "
        "et de 14:00 à 19:00.")


def test_a_closed_day_is_named(room):
    with pytest.raises(ValidationError) as exc:
        book(room, aware(2026, 11, 22, 10), aware(2026, 11, 22, 11))  # a Sunday
    assert messages_of(exc)["starts_at"] == "« Salle commune » est fermé le dimanche."


def test_more_people_than_the_capacity_is_refused(room):
    with pytest.raises(ValidationError) as exc:
        book(room, aware(2026, 11, 17, 9), aware(2026, 11, 17, 11), party_size=21)
    assert messages_of(exc) == {"party_size": "« Salle commune » accueille au plus 20 personnes : 21 demandées."}
    book(room, aware(2026, 11, 17, 9), aware(2026, 11, 17, 11), party_size=20)


def test_a_partner_must_acknowledge_the_current_rules_first(room):
    partner = PartnerFactory(name="Siel Bleu")
    slot = dict(starts_at=aware(2026, 11, 17, 9), ends_at=aware(2026, 11, 17, 11), booker_kind="partner",
                partner=partner, workshop_theme="fall_prevention")
    with pytest.raises(ValidationError) as exc:
        booking_create(space=room, title="Prévention des chutes", **slot)
    assert "Aucune règle de sécurité n'est publiée pour « Salle commune »" in messages_of(exc)["partner"]

    v1 = rules_publish(space=room, max_occupancy=20, forbidden="Flamme nue")
    rules_acknowledge(rules=v1, partner=partner, acknowledged_by="Julie Martin")
    booking_create(space=room, title="Prévention des chutes", **slot)

    # A new version of the rules: the acknowledgement of v1 no longer counts.
    v2 = rules_publish(space=room, max_occupancy=15, forbidden="Flamme nue, bougies")
    assert v2.version == 2
    slot.update(starts_at=aware(2026, 11, 24, 9), ends_at=aware(2026, 11, 24, 11))
    with pytest.raises(ValidationError) as exc:
        booking_create(space=room, title="Prévention des chutes", **slot)
    assert messages_of(exc)["partner"] == (
        "Siel Bleu n'a pas pris connaissance des règles de sécurité en vigueur de « Salle commune » (version 2) : "
        "faites-les accepter avant de réserver.")
    with pytest.raises(ValidationError, match="ne sont plus en vigueur"):
        rules_acknowledge(rules=v1, partner=partner, acknowledged_by="Julie Martin")
    ack = rules_acknowledge(rules=v2, partner=partner, acknowledged_by="Julie Martin")
    assert ack.rules.forbidden == "Flamme nue, bougies" and ack.acknowledged_at is not None
    booking_create(space=room, title="Prévention des chutes", **slot)


def test_the_booker_is_named(room):
    with pytest.raises(ValidationError) as exc:
        book(room, aware(2026, 11, 17, 9), aware(2026, 11, 17, 11), booker_kind="partner")
    assert "partner" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        book(room, aware(2026, 11, 17, 9), aware(2026, 11, 17, 11), booker_kind="resident")
    assert "resident" in exc.value.message_dict


def test_a_booking_on_the_dst_change_day_uses_paris_hours(residence_a, in_schema):
    with in_schema(residence_a):
        garden = SpaceFactory(name="Jardin", opening_hours=[(6, dt.time(10), dt.time(18))])
        # Sunday 25 October 2026: clocks go back at 03:00, so 10:00–18:00 Paris is still 8 hours.
        booking = booking_create(space=garden, title="Fête du jardin", starts_at=aware(2026, 10, 25, 10),
                                 ends_at=aware(2026, 10, 25, 18))
        assert booking.hours == 8
