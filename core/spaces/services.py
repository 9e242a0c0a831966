"""Writes of spaces, bookings and the coworking log. Each one validates, then saves atomically."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.spaces.models import (
    BookerKind,
    Booking,
    BookingStatus,
    DeskSignIn,
    OpeningHours,
    Space,
    SpaceKind,
)

OVERLAP_CONSTRAINT = "booking_no_overlap"
HoursRange = tuple[int, dt.time, dt.time]  # (weekday 0 = Monday, opens, closes)


def _fmt_time(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _fmt_day(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "l j F Y")


def booking_slot_label(booking: Booking) -> str:
    """« Atelier couture » le mardi 17 novembre 2026 de 14:00 à 16:00: how a clash is named."""
    start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    return _("« %(title)s » le %(day)s de %(start)s à %(end)s") % {
        "title": booking.title, "day": _fmt_day(start), "start": _fmt_time(start.time()),
        "end": _fmt_time(end.time()),
    }


@transaction.atomic
def space_create(*, name: str, capacity: int, kind: str = SpaceKind.COMMON_ROOM, description: str = "",
                 is_active: bool = True, opening_hours: list[HoursRange] | None = None) -> Space:
    space = Space(name=name.strip(), kind=kind, capacity=capacity, description=description.strip(),
                  is_active=is_active)
    space.full_clean()
    space.save()
    opening_hours_set(space=space, ranges=opening_hours or [])
    return space


@transaction.atomic
def space_update(*, space: Space, name: str, kind: str, capacity: int, description: str = "",
                 is_active: bool = True, opening_hours: list[HoursRange] | None = None) -> Space:
    space.name, space.kind, space.capacity = name.strip(), kind, capacity
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


def _opening_error(space: Space, start: dt.datetime, end: dt.datetime) -> str | None:
    """None if [start, end) lies inside one opening range of its (Paris) day, else the reason."""
    hours = list(space.opening_hours.all())
    if not hours:
        return _("Aucun horaire d'ouverture n'est défini pour « %(space)s » : renseignez-les avant de réserver.") % {
            "space": space.name}
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    day_ranges = [h for h in hours if h.weekday == local_start.weekday()]
    if local_end.date() == local_start.date() and any(
        h.opens_at <= local_start.time() and local_end.time() <= h.closes_at for h in day_ranges
    ):
        return None
    day = formats.date_format(local_start, "l")
    if not day_ranges:
        return _("« %(space)s » est fermé le %(day)s.") % {"space": space.name, "day": day}
    ranges = _(" et ").join(
        _("de %(opens)s à %(closes)s") % {"opens": _fmt_time(h.opens_at), "closes": _fmt_time(h.closes_at)}
        for h in day_ranges
    )
    return _("En dehors des horaires d'ouverture : « %(space)s » est ouvert le %(day)s %(ranges)s.") % {
        "space": space.name, "day": day, "ranges": ranges}


def clashing_booking(*, space: Space, starts_at: dt.datetime, ends_at: dt.datetime,
                     exclude_id: int | None = None) -> Booking | None:
    qs = Booking.objects.filter(space=space, status=BookingStatus.CONFIRMED, starts_at__lt=ends_at,
                                ends_at__gt=starts_at)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.order_by("starts_at", "id").first()


def _clash_message(booking: Booking) -> str:
    return _("Créneau déjà réservé : %(slot)s occupe déjà « %(space)s ». Choisissez un autre horaire ou un autre "
             "espace.") % {"slot": booking_slot_label(booking), "space": booking.space.name}


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
) -> Booking:
    """Book a space. Refused, naming the field: end not after start, outside the space's opening
    hours, more people than its capacity, a partner who has not acknowledged the space's current
    safety rules, or an overlap with a live booking of the same space (checked by the database's
    exclusion constraint, so two simultaneous requests cannot both win)."""
    from core.safety.selectors import rules_acknowledgement_problem

    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
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
        problem = _opening_error(space, starts_at, ends_at)
        if problem:
            refuse("starts_at", problem)
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
    # The overlap rule is the database's (exclusion constraint): one source of truth, no race.
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") != OVERLAP_CONSTRAINT:
            raise
        clash = clashing_booking(space=space, starts_at=starts_at, ends_at=ends_at)
        message = _clash_message(clash) if clash else _("Cet espace est déjà réservé sur ce créneau.")
        raise ValidationError({"starts_at": [message]}) from exc
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
