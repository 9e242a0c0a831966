"""Writes of spaces, bookings and the coworking log. Each one validates, then saves atomically."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.spaces.occupancy import check_opening_hours, occupancy_clash, refused_when_occupied, slot_label
from core.spaces.models import (
    BookerKind,
    Booking,
    BookingStatus,
    DeskSignIn,
    OpeningHours,
    OutsideHoursPolicy,
    Space,
    SpaceKind,
)

HoursRange = tuple[int, dt.time, dt.time]  # (weekday 0 = Monday, opens, closes)


def _fmt_time(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _fmt_day(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "l j F Y")


def booking_slot_label(booking: Booking) -> str:
    """« Atelier couture » le mardi 17 novembre 2026 de 14:00 à 16:00: how a clash is named."""
    return slot_label(title=booking.title, starts_at=booking.starts_at, ends_at=booking.ends_at)


@transaction.atomic
def space_create(*, name: str, capacity: int, kind: str = SpaceKind.COMMON_ROOM, description: str = "",
                 is_active: bool = True, opening_hours: list[HoursRange] | None = None,
                 outside_hours: str = OutsideHoursPolicy.REFUSE) -> Space:
    space = Space(name=name.strip(), kind=kind, capacity=capacity, description=description.strip(),
                  is_active=is_active, outside_hours=outside_hours)
    space.full_clean()
    space.save()
    opening_hours_set(space=space, ranges=opening_hours or [])
    return space


@transaction.atomic
def space_update(*, space: Space, name: str, kind: str, capacity: int, description: str = "",
                 is_active: bool = True, opening_hours: list[HoursRange] | None = None,
                 outside_hours: str | None = None) -> Space:
    space.name, space.kind, space.capacity = name.strip(), kind, capacity
    if outside_hours is not None:
        space.outside_hours = outside_hours
    space.description, space.is_active = description.strip(), is_active
    space.full_clean()
    space.save()
    if opening_hours is not None:
        opening_hours_set(space=space, ranges=opening_hours)
    return space


@transaction.atomic
def opening_hours_set(*, space: Space, ranges: list[HoursRange]) -> list[OpeningHours]:
    """Replace the opening hours of `space`. Ranges of one day may not overlap."""
    by_day: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for weekday, opens, closes in ranges:
        if closes <= opens:
            raise ValidationError({"opening_hours": _(
                "Horaire %(opens)s–%(closes)s : la fermeture doit être postérieure à l'ouverture."
            ) % {"opens": _fmt_time(opens), "closes": _fmt_time(closes)}})
        by_day.setdefault(weekday, []).append((opens, closes))
    for weekday, day_ranges in by_day.items():
        day_ranges.sort()
        for (_o1, c1), (o2, _c2) in zip(day_ranges, day_ranges[1:]):
            if o2 < c1:
                raise ValidationError({"opening_hours": _(
                    "Deux plages d'ouverture se chevauchent le même jour (%(day)s)."
                ) % {"day": formats.date_format(dt.date(2024, 1, 1) + dt.timedelta(days=weekday), "l")}})
    space.opening_hours.all().delete()
    rows = [OpeningHours(space=space, weekday=w, opens_at=o, closes_at=c) for w, o, c in sorted(ranges)]
    return OpeningHours.objects.bulk_create(rows)


@transaction.atomic
def booking_create(
    *,
    space: Space,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    party_size: int = 1,
    booker_kind: str = BookerKind.COORDINATOR,
    activity=None,
    partner=None,
    workshop_theme: str = "",
    resident=None,
    note: str = "",
    booked_by: str = "",
    confirm_outside_hours: bool = False,
) -> Booking:
    """Book a space. Refused, naming the field: end not after start, outside the space's opening
    hours (or, for a space set to « avertir », until `confirm_outside_hours`), more people than its
    capacity, a partner who has not acknowledged the space's current safety rules, or an overlap with
    a live booking or an activity session in the same space (checked by the database's exclusion
    constraint on the shared occupancy table, so two simultaneous requests cannot both win)."""
    from core.safety.selectors import rules_acknowledgement_problem

    errors: dict[str, list] = {}

    def refuse(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    if not space.is_active:
        refuse("space", _("« %(space)s » n'est plus en service.") % {"space": space.name})
    if ends_at <= starts_at:
        refuse("ends_at", _("La fin doit être postérieure au début."))
    if party_size is None or party_size < 1:
        refuse("party_size", _("Indiquez au moins une personne."))
    elif party_size > space.capacity:
        refuse("party_size", _("« %(space)s » accueille au plus %(capacity)d personnes : %(asked)d demandées.") % {
            "space": space.name, "capacity": space.capacity, "asked": party_size})
    if booker_kind == BookerKind.PARTNER:
        if partner is None:
            refuse("partner", _("Choisissez le partenaire qui anime l'atelier."))
        else:
            problem = rules_acknowledgement_problem(space=space, partner=partner)
            if problem:
                refuse("partner", problem)
    elif booker_kind == BookerKind.RESIDENT and resident is None:
        refuse("resident", _("Choisissez l'habitant·e qui réserve."))
    if ends_at > starts_at and "space" not in errors:
        for field, problems in check_opening_hours(space=space, slots=[(starts_at, ends_at)],
                                                   confirmed=confirm_outside_hours).items():
            for problem in problems:
                refuse(field, problem)
    if errors:
        raise ValidationError(errors)

    booking = Booking(
        space=space, title=title.strip(), starts_at=starts_at, ends_at=ends_at, party_size=party_size,
        booker_kind=booker_kind, activity=activity,
        partner=partner if booker_kind == BookerKind.PARTNER else None,
        workshop_theme=workshop_theme if booker_kind == BookerKind.PARTNER else "",
        resident=resident if booker_kind == BookerKind.RESIDENT else None,
        note=note.strip(), booked_by=booked_by,
    )
    # The overlap rule is the database's (exclusion constraints): one source of truth, no race.
    booking.full_clean(validate_constraints=False)
    with refused_when_occupied(field="starts_at", find_clash=lambda: occupancy_clash(
            space=space, starts_at=starts_at, ends_at=ends_at)):
        booking.save()
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, cancelled_by: str = "") -> Booking:
    """Cancel a live booking; its slot becomes free. Cancelling twice is refused."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError({"status": _("Cette réservation est déjà annulée.")})
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = cancelled_by
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    return booking


@transaction.atomic
def desk_sign_in(*, desk: Space, resident=None, visitor_name: str = "",
                 arrived_at: dt.datetime | None = None) -> DeskSignIn:
    """Record an arrival at a coworking desk: a resident, or a visitor by name."""
    visitor_name = visitor_name.strip()
    errors: dict[str, str] = {}
    if desk.kind != SpaceKind.COWORKING_DESK:
        errors["desk"] = _("« %(space)s » n'est pas un poste de coworking.") % {"space": desk.name}
    if resident is None and not visitor_name:
        errors["visitor_name"] = _("Choisissez un·e habitant·e ou saisissez le nom du visiteur ou de la visiteuse.")
    if resident is not None and visitor_name:
        errors["visitor_name"] = _("Choisissez un·e habitant·e ou un nom de visiteur, pas les deux.")
    if errors:
        raise ValidationError(errors)
    sign_in = DeskSignIn(desk=desk, resident=resident, visitor_name=visitor_name,
                         arrived_at=arrived_at or timezone.now())
    sign_in.full_clean()
    sign_in.save()
    return sign_in


@transaction.atomic
def desk_sign_out(*, sign_in: DeskSignIn, left_at: dt.datetime | None = None) -> DeskSignIn:
    if sign_in.left_at is not None:
        raise ValidationError({"left_at": _("Le départ est déjà noté.")})
    sign_in.left_at = left_at or timezone.now()
    if sign_in.left_at <= sign_in.arrived_at:
        raise ValidationError({"left_at": _("Le départ doit être postérieur à l'arrivée.")})
    sign_in.save(update_fields=["left_at"])
    return sign_in


# The title a resident's booking keeps once the resident is erased (the title is required).
ERASED_BOOKING_TITLE = "Réservation d'un·e habitant·e"


@transaction.atomic
def resident_bookings_erase(*, resident) -> int:
    """Erasure hook of the privacy app: the resident's bookings keep their space and hours (occupancy
    indicators) but lose their free text, which may name the person or the occasion."""
    return Booking.objects.filter(resident=resident).update(title=ERASED_BOOKING_TITLE, note="")
