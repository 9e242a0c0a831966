"""Reads of drop-in hours. They run on the current residence schema only."""
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.dropins.models import DropInSlot, DropInVisit, FollowUp, Recurrence


@dataclass(frozen=True)
class SlotOccurrence:
    """One dated drop-in session, expanded from a (possibly weekly) slot."""

    slot: DropInSlot
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime


def slot_list(*, search: str = "", recurrence: str = "", current_only: bool = False,
              today: dt.date | None = None) -> QuerySet[DropInSlot]:
    qs = DropInSlot.objects.order_by("first_date", "start_time", "id")
    if search:
        qs = qs.filter(Q(place__icontains=search) | Q(note__icontains=search))
    if recurrence:
        qs = qs.filter(recurrence=recurrence)
    if current_only and today is not None:
        qs = qs.filter(Q(recurrence=Recurrence.ONCE, first_date__gte=today)
                       | Q(recurrence=Recurrence.WEEKLY) & (Q(last_date__isnull=True) | Q(last_date__gte=today)))
    return qs


def access_slot_by_id(*, actor, id) -> DropInSlot:  # noqa: A002
    """A DropInSlot of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(DropInSlot.objects.all(), id, actor=actor, message=_("Créneau introuvable"))


def slot_occurrences_between(*, start: dt.date, end: dt.date) -> list[SlotOccurrence]:
    """Every session in [start, end) (dates, end exclusive), in time order; one query whatever the span."""
    tz = ZoneInfo(settings.TIME_ZONE)
    slots = DropInSlot.objects.filter(first_date__lt=end).filter(
        Q(recurrence=Recurrence.ONCE, first_date__gte=start)
        | Q(recurrence=Recurrence.WEEKLY) & (Q(last_date__isnull=True) | Q(last_date__gte=start))
    )
    occurrences = []
    for slot in slots:
        if slot.recurrence == Recurrence.ONCE:
            dates = [slot.first_date]
        else:
            # First weekly date on or after `start`.
            skip = max(0, (start - slot.first_date).days + 6) // 7
            day = slot.first_date + dt.timedelta(weeks=skip)
            stop = min(end, slot.last_date + dt.timedelta(days=1)) if slot.last_date else end
            dates = []
            while day < stop:
                dates.append(day)
                day += dt.timedelta(weeks=1)
        for day in dates:
            occurrences.append(SlotOccurrence(
                slot=slot, date=day,
                starts_at=dt.datetime.combine(day, slot.start_time, tzinfo=tz),
                ends_at=dt.datetime.combine(day, slot.end_time, tzinfo=tz),
            ))
    return sorted(occurrences, key=lambda o: (o.starts_at, o.slot.pk))


def visit_list(*, search: str = "", topic: str = "", follow_up: str = "", date_from: dt.date | None = None,
               date_to: dt.date | None = None, anonymous: str = "") -> QuerySet[DropInVisit]:
    """Visits, newest first. `follow_up`: "open", "closed", "none" or ""; dates are Paris days, inclusive."""
    qs = DropInVisit.objects.select_related("resident", "follow_up").order_by("-visited_at", "-id")
    if search:
        qs = qs.filter(Q(note__icontains=search) | Q(resident__first_name__icontains=search)
                       | Q(resident__pseudonym__icontains=search))
    if topic:
        qs = qs.filter(topic=topic)
    if follow_up == "open":
        qs = qs.filter(follow_up__isnull=False, follow_up__closed_on__isnull=True)
    elif follow_up == "closed":
        qs = qs.filter(follow_up__closed_on__isnull=False)
    elif follow_up == "none":
        qs = qs.filter(follow_up__isnull=True)
    if anonymous == "yes":
        qs = qs.filter(resident__isnull=True)
    elif anonymous == "no":
        qs = qs.filter(resident__isnull=False)
    if date_from:
        qs = qs.filter(visited_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(visited_at__date__lte=date_to)
    return qs


def access_visit_by_id(*, actor, id) -> DropInVisit:  # noqa: A002
    """A DropInVisit of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(
        DropInVisit.objects.select_related("resident", "follow_up"),
        id, actor=actor, message=_("Passage introuvable"))


def follow_up_list(*, status: str = "open", search: str = "", topic: str = "") -> QuerySet[FollowUp]:
    """Follow-ups, oldest open first. `status`: "open" (default), "closed" or "" for all."""
    qs = FollowUp.objects.select_related("visit", "visit__resident")
    if status == "open":
        qs = qs.filter(closed_on__isnull=True).order_by("opened_on", "id")
    elif status == "closed":
        qs = qs.filter(closed_on__isnull=False).order_by("-closed_on", "-id")
    else:
        qs = qs.order_by("-opened_on", "-id")
    if search:
        qs = qs.filter(Q(visit__note__icontains=search) | Q(outcome__icontains=search)
                       | Q(visit__resident__first_name__icontains=search)
                       | Q(visit__resident__pseudonym__icontains=search))
    if topic:
        qs = qs.filter(visit__topic=topic)
    return qs


def access_follow_up_by_id(*, actor, id) -> FollowUp:  # noqa: A002
    """A FollowUp of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(
        FollowUp.objects.select_related("visit", "visit__resident"),
        id, actor=actor, message=_("Suite introuvable"))


# --- Indicators: [start, end) aware bounds ---------------------------------------------

def visit_count_between(*, start: dt.datetime, end: dt.datetime) -> int:
    return DropInVisit.objects.filter(visited_at__gte=start, visited_at__lt=end).count()


def distinct_visitor_count_between(*, start: dt.datetime, end: dt.datetime) -> int:
    """Identified people only: anonymous visits cannot be told apart."""
    return (DropInVisit.objects.filter(visited_at__gte=start, visited_at__lt=end, resident__isnull=False)
            .values("resident_id").distinct().count())


def follow_ups_closed_count_between(*, start: dt.datetime, end: dt.datetime) -> int:
    tz = ZoneInfo(settings.TIME_ZONE)
    return FollowUp.objects.filter(closed_on__gte=start.astimezone(tz).date(),
                                   closed_on__lt=end.astimezone(tz).date()).count()
