"""Reads of activities. They run on the current residence schema only."""
import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from core.activities.models import Activity, Attendance


def activity_list(*, search: str = "", kind: str = "") -> QuerySet[Activity]:
    # Meta.ordering is dropped in GROUP BY queries: order explicitly.
    qs = Activity.objects.annotate(attendee_count=Count("attendances")).order_by("-starts_at", "-id")
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(facilitator__icontains=search) | Q(place__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def access_activity_by_id(activity_id: int) -> Activity:
    """Fetch an activity of the current residence, or 404: ids of another schema never resolve."""
    try:
        return Activity.objects.get(pk=activity_id)
    except (Activity.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Animation introuvable") from exc


def attendee_ids(*, activity: Activity) -> set[int]:
    return set(activity.attendances.values_list("resident_id", flat=True))


def activity_count_between(*, start: dt.datetime, end: dt.datetime) -> int:
    return Activity.objects.filter(starts_at__gte=start, starts_at__lt=end).count()


def distinct_attendee_count_between(*, start: dt.datetime, end: dt.datetime) -> int:
    return (
        Attendance.objects.filter(activity__starts_at__gte=start, activity__starts_at__lt=end)
        .values("resident_id")
        .distinct()
        .count()
    )
