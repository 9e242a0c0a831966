"""Reads of spaces, bookings and the coworking log. They run on the current residence schema only."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.spaces.models import BookerKind, Booking, BookingStatus, DeskSignIn, OpeningHours, Space


def access_space_by_id(*, actor, id) -> Space:  # noqa: A002
    """A space of the current residence, or 404: ids of another schema never resolve.
    The actor must be allowed in the residence."""
    return access_by_id(Space.objects.all(), id, actor=actor, message=_("Espace introuvable"))


def access_booking_by_id(*, actor, id) -> Booking:  # noqa: A002
    """A Booking of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(booking_list(status=""), id, actor=actor, message=_("Réservation introuvable"))


def access_sign_in_by_id(*, actor, id) -> DeskSignIn:  # noqa: A002
    """A DeskSignIn of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(DeskSignIn.objects.all(), id, actor=actor, message=_("Passage introuvable"))


def space_list(*, search: str = "", kind: str = "", active_only: bool = False) -> QuerySet[Space]:
    qs = Space.objects.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at"))
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name", "id")


def booking_list(
    *,
    search: str = "",
    space: Space | None = None,
    booker_kind: str = "",
    status: str = BookingStatus.CONFIRMED,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    partner=None,
) -> QuerySet[Booking]:
    """Bookings, with what a row shows joined in (space, partner, resident, activity)."""
    qs = Booking.objects.select_related("space", "partner", "resident", "activity")
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(partner__name__icontains=search)
                       | Q(space__name__icontains=search) | Q(note__icontains=search))
    if space is not None:
        qs = qs.filter(space=space)
    if booker_kind:
        qs = qs.filter(booker_kind=booker_kind)
    if status:
        qs = qs.filter(status=status)
    if partner is not None:
        qs = qs.filter(partner=partner)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(ends_at__gt=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(starts_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs.order_by("starts_at", "id")


def booking_search(*, status: str = "", **criteria) -> QuerySet[Booking]:
    """The booking list as the filter form asks for it: no status means live bookings, "all" every one."""
    return booking_list(status="" if status == "all" else (status or BookingStatus.CONFIRMED), **criteria)


def bookings_between(*, start: dt.datetime, end: dt.datetime) -> QuerySet[Booking]:
    """Live bookings overlapping [start, end), by start time, with space, partner, resident and
    activity joined: one query however many rows (for the coordinator's home page)."""
    return (
        Booking.objects.filter(status=BookingStatus.CONFIRMED, starts_at__lt=end, ends_at__gt=start)
        .select_related("space", "partner", "resident", "activity")
        .order_by("starts_at", "space__name", "id")
    )


@dataclass(frozen=True)
class PlanningSlot:
    """One thing occupying a space in the planning: a booking or an activity session."""

    kind: str  # "booking" or "activity"
    object_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    who: str  # booker or organiser
    css: str  # slot-coordinator, slot-partner, slot-resident, slot-activity


def occupancies_between(*, start: dt.datetime, end: dt.datetime) -> list[PlanningSlot]:
    """Bookings and activity sessions occupying a space during [start, end), in time order: one query
    on the shared occupancy table whatever the rows."""
    from core.spaces.models import SpaceOccupancy

    rows = (
        SpaceOccupancy.objects.filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("booking__partner", "booking__resident", "activity__organiser_partner",
                        "activity__organiser_resident")
        .order_by("starts_at", "space_id", "id")
    )
    slots = []
    for row in rows:
        if row.booking_id:
            b = row.booking
            slots.append((row.space_id, PlanningSlot("booking", b.pk, b.title, b.starts_at, b.ends_at,
                                                     b.booker_label, f"slot-{b.booker_kind}")))
        else:
            a = row.activity
            slots.append((row.space_id, PlanningSlot("activity", a.pk, a.title, a.starts_at, a.ends_at,
                                                     a.organiser_label, "slot-activity")))
    return slots


@dataclass
class PlanningDay:
    date: dt.date
    cells: list[tuple[Space, list[PlanningSlot]]] = field(default_factory=list)  # (space, what occupies it)


@dataclass
class WeekPlanning:
    monday: dt.date
    spaces: list[Space]
    days: list[PlanningDay]

    @property
    def previous_monday(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next_monday(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


def week_planning(*, day: dt.date) -> WeekPlanning:
    """The week (Monday to Sunday, Paris time) holding `day`: one row per day, one cell per active
    space, showing bookings and activity sessions alike. Two queries, whatever the number of spaces,
    bookings and sessions."""
    monday = day - dt.timedelta(days=day.weekday())
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min, tzinfo=tz)
    spaces = list(Space.objects.filter(is_active=True).order_by("name", "id"))
    column = {space.pk: i for i, space in enumerate(spaces)}
    cells: dict[dt.date, list[list[PlanningSlot]]] = defaultdict(lambda: [[] for _ in spaces])
    for space_id, slot in occupancies_between(start=start, end=end):
        if space_id not in column:
            continue
        # A booking running past midnight shows on each day it touches.
        first = max(timezone.localtime(slot.starts_at).date(), monday)
        last = min(timezone.localtime(slot.ends_at - dt.timedelta(microseconds=1)).date(),
                   monday + dt.timedelta(days=6))
        current = first
        while current <= last:
            cells[current][column[space_id]].append(slot)
            current += dt.timedelta(days=1)
    days = []
    for i in range(7):
        date = monday + dt.timedelta(days=i)
        days.append(PlanningDay(date=date, cells=list(zip(spaces, cells[date]))))
    return WeekPlanning(monday=monday, spaces=spaces, days=days)


def desk_sign_in_list(
    *,
    search: str = "",
    desk: Space | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    present_only: bool = False,
) -> QuerySet[DeskSignIn]:
    qs = DeskSignIn.objects.select_related("desk", "resident")
    if search:
        qs = qs.filter(Q(visitor_name__icontains=search) | Q(resident__first_name__icontains=search)
                       | Q(resident__pseudonym__icontains=search))
    if desk is not None:
        qs = qs.filter(desk=desk)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(arrived_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(arrived_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    if present_only:
        qs = qs.filter(left_at__isnull=True)
    return qs.order_by("-arrived_at", "-id")


# --- Indicator reads -----------------------------------------------------------------------------

def _hours(delta: dt.timedelta) -> Decimal:
    return Decimal(delta.total_seconds()) / Decimal(3600)


def partner_workshop_hours_between(*, start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    """Hours of live partner bookings that start in [start, end), and how many bookings."""
    rows = Booking.objects.filter(status=BookingStatus.CONFIRMED, booker_kind=BookerKind.PARTNER,
                                  starts_at__gte=start, starts_at__lt=end).values_list("starts_at", "ends_at")
    total = sum((_hours(e - s) for s, e in rows), Decimal(0))
    return total, len(rows)


def booked_hours_between(*, start: dt.datetime, end: dt.datetime) -> Decimal:
    """Hours of live bookings of active spaces, clipped to [start, end)."""
    rows = Booking.objects.filter(status=BookingStatus.CONFIRMED, space__is_active=True, starts_at__lt=end,
                                  ends_at__gt=start).values_list("starts_at", "ends_at")
    return sum((_hours(min(e, end) - max(s, start)) for s, e in rows), Decimal(0))


def opening_hours_between(*, start: dt.datetime, end: dt.datetime) -> Decimal:
    """Opening hours of active spaces over the Paris days of [start, end), from their weekly hours."""
    per_weekday: dict[int, Decimal] = defaultdict(Decimal)
    for weekday, opens, closes in OpeningHours.objects.filter(space__is_active=True).values_list(
        "weekday", "opens_at", "closes_at"
    ):
        per_weekday[weekday] += _hours(dt.datetime.combine(dt.date.min, closes) - dt.datetime.combine(dt.date.min, opens))
    day, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    total = Decimal(0)
    while day < last:
        total += per_weekday[day.weekday()]
        day += dt.timedelta(days=1)
    return total
