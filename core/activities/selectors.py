"""Reads of activities. They run on the current residence schema only."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.activities.models import (Activity, ActivitySeries, ActivityStatus, Attendance, OrganiserKind, Registration,
                                    WaitlistEntry)
from core.activities.recurrence import PARIS
from core.people.models import Resident

# The check-in page opens this long before the start and closes this long after the end.
CHECK_IN_OPENS_BEFORE = dt.timedelta(hours=1)
CHECK_IN_CLOSES_AFTER = dt.timedelta(hours=6)


def activity_list(
    *, search: str = "", kind: str = "", audience: str = "", status: str = "", date_from: dt.date | None = None,
    date_to: dt.date | None = None, series_id: int | None = None,
) -> QuerySet[Activity]:
    """Sessions with their attendance and registration counts; dates are Paris days, both inclusive."""
    # Meta.ordering is dropped in GROUP BY queries: order explicitly. Two counts over two joins would
    # multiply each other: count distinct rows.
    qs = (
        Activity.objects.select_related("space", "organiser_resident", "organiser_partner")
        .annotate(attendee_count=Count("attendances", distinct=True),
                  registration_count=Count("registrations", distinct=True))
        .order_by("-starts_at", "-id")
    )
    if search:
        qs = qs.filter(
            Q(title__icontains=search) | Q(facilitator__icontains=search) | Q(place__icontains=search)
            | Q(space__name__icontains=search) | Q(organiser_partner__name__icontains=search)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if audience:
        qs = qs.filter(audience=audience)
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(starts_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=PARIS))
    if date_to:
        qs = qs.filter(starts_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=PARIS))
    if series_id:
        qs = qs.filter(series_id=series_id)
    return qs


def access_activity_by_id(*, actor, id) -> Activity:  # noqa: A002
    """Fetch an activity of the current residence, or 404: ids of another schema never resolve.
    The actor must be allowed in the residence."""
    return access_by_id(
        Activity.objects.select_related("space", "organiser_resident", "organiser_partner", "series"),
        id, actor=actor, message=_("Animation introuvable"))


def access_series_by_id(*, actor, id) -> ActivitySeries:  # noqa: A002
    """A ActivitySeries of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(ActivitySeries.objects.all(), id, actor=actor, message=_("Série introuvable"))


def access_activity_by_check_in_token(token: str, *, at: dt.datetime | None = None) -> tuple[Activity, bool]:
    """The session whose QR code carries `token`, in this residence only (404 otherwise), and whether
    check-in is open now: from an hour before the start to six hours after the end, never when cancelled."""
    try:
        activity = Activity.objects.select_related("space").get(check_in_token=token)
    except Activity.DoesNotExist as exc:
        raise Http404(_("Pointage introuvable")) from exc
    at = at or timezone.now()
    is_open = (
        activity.status != ActivityStatus.CANCELLED
        and activity.starts_at - CHECK_IN_OPENS_BEFORE <= at <= activity.ends_at + CHECK_IN_CLOSES_AFTER
    )
    return activity, is_open


def series_list() -> QuerySet[ActivitySeries]:
    return ActivitySeries.objects.annotate(session_count=Count("occurrences")).order_by("-first_starts_at", "-id")


def series_next_session(*, series: ActivitySeries, after: dt.datetime | None = None) -> Activity | None:
    return series.occurrences.filter(starts_at__gte=after or timezone.now()).order_by("starts_at").first()


def attendee_ids(*, activity: Activity) -> set[int]:
    return set(activity.attendances.values_list("resident_id", flat=True))


def registered_residents(*, activity: Activity) -> list[Resident]:
    return [r.resident for r in activity.registrations.select_related("resident").order_by(
        "resident__first_name", "resident__id")]


def registered_ids(*, activity: Activity) -> set[int]:
    return set(activity.registrations.values_list("resident_id", flat=True))


# The order of the waiting list: the first to wait takes the first place that frees
# (`services.registration_delete` promotes in this order).
WAITING_ORDER = ("created_at", "id")


def waiting_list(*, activity: Activity) -> list[WaitlistEntry]:
    """Who waits for a place at `activity`, first in line first, each with `position` (1, 2…)."""
    entries = list(activity.waitlist.select_related("resident").order_by(*WAITING_ORDER))
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    return entries


def waiting_position(*, entry: WaitlistEntry) -> int:
    """Where `entry` stands on its session's waiting list (1: next to get a place)."""
    return WaitlistEntry.objects.filter(activity_id=entry.activity_id).filter(
        Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, id__lte=entry.id)).count()


def session_people(*, activity: Activity) -> QuerySet[Resident]:
    """The people expected at `activity` and those already there: registered first, then present but
    not registered, by name; each with `is_registered` and `is_present`. Never the whole residence."""
    registrations = Registration.objects.filter(activity=activity)
    attendances = Attendance.objects.filter(activity=activity)
    return (
        # A union of ids, so PostgreSQL reads the session's rows by index, not the whole residence.
        Resident.objects.filter(pk__in=registrations.values("resident_id").union(attendances.values("resident_id")))
        .annotate(is_registered=Exists(registrations.filter(resident=OuterRef("pk"))),
                  is_present=Exists(attendances.filter(resident=OuterRef("pk"))))
        .order_by("-is_registered", "first_name", "last_name_initial", "id")
    )


def _held_between(start: dt.datetime, end: dt.datetime) -> QuerySet[Activity]:
    """Sessions that started in [start, end) and were not cancelled."""
    return Activity.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(status=ActivityStatus.CANCELLED)


def held_session_counts(*, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Counts over the sessions held in [start, end), in one query: `held`, `resident_led` (proposed
    by residents or organised by a resident), `intergenerational`, `anonymous` (people counted
    without a name)."""
    return _held_between(start, end).aggregate(
        held=Count("pk"),
        resident_led=Count("pk", filter=Q(proposed_by_residents=True) | Q(organiser_kind=OrganiserKind.RESIDENT)),
        intergenerational=Count("pk", filter=Q(is_intergenerational=True)),
        anonymous=Coalesce(Sum(F("anonymous_children") + F("anonymous_neighbours") + F("anonymous_guests")), 0),
    )


def attendance_counts(*, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Over the sessions held in [start, end): `named` attendances and distinct `people` present."""
    return Attendance.objects.filter(activity__in=_held_between(start, end)).aggregate(
        named=Count("pk"), people=Count("resident_id", distinct=True),
    )


def registrations_attended_between(*, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
    """(registrations, registrations whose resident was marked present) over the sessions held."""
    present = Attendance.objects.filter(activity_id=OuterRef("activity_id"), resident_id=OuterRef("resident_id"))
    counts = Registration.objects.filter(activity__in=_held_between(start, end)).aggregate(
        registrations=Count("pk"), attended=Count("pk", filter=Exists(present)),
    )
    return counts["registrations"], counts["attended"]
