"""The one occupancy rule of a space, for bookings and activity sessions alike.

The database decides (exclusion constraint `space_occupancy_no_overlap` on `SpaceOccupancy`, whose
rows triggers keep in step with bookings and sessions); this module only turns its refusal into a
French message naming what already holds the space, and checks opening hours for both kinds.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.spaces.models import OCCUPANCY_CONSTRAINT, OutsideHoursPolicy, Space, SpaceOccupancy



def _fmt_time(value: dt.time) -> str:
    return value.strftime("%H:%M")


def slot_label(*, title: str, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """« Atelier couture » le mardi 17 novembre 2026 de 14:00 à 16:00."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return _("« %(title)s » le %(day)s de %(start)s à %(end)s") % {
        "title": title, "day": formats.date_format(start, "l j F Y"), "start": _fmt_time(start.time()),
        "end": _fmt_time(end.time()),
    }


def occupancy_label(occupancy: SpaceOccupancy) -> str:
    """How a clash is named: the animation or the booking holding the space."""
    if occupancy.activity_id:
        what = _("l'animation %(slot)s")
        title = occupancy.activity.title
    else:
        what = _("la réservation %(slot)s")
        title = occupancy.booking.title
    return what % {"slot": slot_label(title=title, starts_at=occupancy.starts_at, ends_at=occupancy.ends_at)}


def occupancy_clash(*, space: Space | int, starts_at: dt.datetime, ends_at: dt.datetime,
                    exclude_booking_id: int | None = None,
                    exclude_activity_id: int | None = None) -> SpaceOccupancy | None:
    """The first thing (booking or session) occupying `space` during [starts_at, ends_at), if any."""
    space_id = space.pk if isinstance(space, Space) else space
    qs = SpaceOccupancy.objects.filter(space_id=space_id, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude_booking_id:
        qs = qs.exclude(booking_id=exclude_booking_id)
    if exclude_activity_id:
        qs = qs.exclude(activity_id=exclude_activity_id)
    return qs.select_related("booking", "activity", "space").order_by("starts_at", "id").first()


def clash_message(occupancy: SpaceOccupancy | None) -> str:
    if occupancy is None:
        return _("Cet espace est déjà occupé sur ce créneau.")
    return _("Créneau déjà occupé : %(what)s occupe déjà « %(space)s ». Choisissez un autre horaire ou un autre "
             "espace.") % {"what": occupancy_label(occupancy), "space": occupancy.space.name}


def is_overlap_error(exc: IntegrityError) -> bool:
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") == OCCUPANCY_CONSTRAINT


@contextmanager
def refused_when_occupied(*, field: str, find_clash):
    """Run a write in a savepoint; an occupancy refusal by the database becomes a ValidationError on
    `field` naming the other booking or session (`find_clash()` returns it)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if not is_overlap_error(exc):
            raise
        raise ValidationError({field: [clash_message(find_clash())]}) from exc


def opening_hours_problem(space: Space, start: dt.datetime, end: dt.datetime) -> str | None:
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


CONFIRM_FIELD = "confirm_outside_hours"
OUTSIDE_HOURS_CODE = "outside_hours"


def check_opening_hours(*, space: Space, slots: list[tuple[dt.datetime, dt.datetime]], confirmed: bool,
                        field: str = "starts_at", hours_required: bool = True) -> dict[str, list[ValidationError]]:
    """Opening hours for bookings and sessions alike: refused, or (space set to « avertir ») refused
    until the coordinator confirms. Returns errors keyed by field (empty when all is well).
    A booking needs the space's hours entered (`hours_required`); an activity in a space whose hours
    were never entered is not checked against them (its overlap rule still applies)."""
    if not hours_required and not space.opening_hours.exists():
        return {}
    problems = [p for p in (opening_hours_problem(space, s, e) for s, e in slots) if p]
    if not problems:
        return {}
    message = problems[0]
    if len(problems) > 1:
        message = _("%(first)s (et %(n)d autres séances hors des horaires)") % {
            "first": message, "n": len(problems) - 1}
    if space.outside_hours == OutsideHoursPolicy.WARN:
        if confirmed:
            return {}
        return {field: [ValidationError(
            _("%(problem)s Cochez « Confirmer malgré les horaires » pour enregistrer quand même.")
            % {"problem": message}, code=OUTSIDE_HOURS_CODE)]}
    return {field: [ValidationError(message, code="closed")]}
