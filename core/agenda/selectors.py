"""Reads for the coordinator's home page, the agenda and the iCal feed (current residence schema)."""
from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from core.activities.models import Activity
from core.agenda.models import CalendarFeed
from core.dropins.selectors import SlotOccurrence, follow_up_list, slot_occurrences_between

# The activity fields the agenda relies on; the activities app may grow, these stay.
ACTIVITY_FIELDS = ("id", "title", "kind", "starts_at", "ends_at", "status", "space")


def paris() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=paris())


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class AgendaEntry:
    """One line of the agenda: an activity or a drop-in session."""

    kind: str  # "activity" or "dropin"
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    uid: str
    object_id: int
    detail: str = ""
    cancelled: bool = False  # shown struck through, « annulée »; never counted as happening

    @property
    def local_date(self) -> dt.date:
        return self.starts_at.astimezone(paris()).date()


def activities_between(*, start: dt.date, end: dt.date) -> list[Activity]:
    """Activities starting on Paris days [start, end), in time order, cancelled ones included (marked)."""
    return list(
        Activity.objects.filter(starts_at__gte=day_start(start), starts_at__lt=day_start(end))
        .select_related("space").only(*ACTIVITY_FIELDS, "space__name").order_by("starts_at", "id")
    )


def _activity_entry(activity: Activity) -> AgendaEntry:
    detail = activity.get_kind_display()
    if activity.space_id:
        detail = f"{detail} · {activity.space.name}"
    return AgendaEntry(kind="activity", title=activity.title, starts_at=activity.starts_at, ends_at=activity.ends_at,
                       uid=f"activity-{activity.pk}", object_id=activity.pk, detail=detail,
                       cancelled=activity.is_cancelled)


def _dropin_entry(occurrence: SlotOccurrence, label: str) -> AgendaEntry:
    return AgendaEntry(kind="dropin", title=label, starts_at=occurrence.starts_at, ends_at=occurrence.ends_at,
                       uid=f"dropin-{occurrence.slot.pk}-{occurrence.date:%Y%m%d}",
                       object_id=occurrence.slot.pk, detail=occurrence.slot.place)


def _booking_entry(booking) -> AgendaEntry:
    return AgendaEntry(kind="booking", title=booking.title, starts_at=booking.starts_at, ends_at=booking.ends_at,
                       uid=f"booking-{booking.pk}", object_id=booking.pk,
                       detail=f"{booking.space.name} · {booking.booker_label}")


def agenda_entries(*, start: dt.date, end: dt.date, dropin_label: str,
                   with_bookings: bool = False) -> list[AgendaEntry]:
    """Activities and drop-in sessions on days [start, end), in time order: two queries whatever the span.
    The agenda screen adds the spaces' bookings (one more query) so a room's use is seen in one place."""
    entries = [_activity_entry(a) for a in activities_between(start=start, end=end)]
    entries += [_dropin_entry(o, dropin_label) for o in slot_occurrences_between(start=start, end=end)]
    if with_bookings:
        from core.spaces.selectors import bookings_between

        entries += [_booking_entry(b) for b in bookings_between(start=day_start(start), end=day_start(end))]
    return sorted(entries, key=lambda e: (e.starts_at, e.kind, e.uid))


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed of this residence if `token` is its current token (constant-time comparison)."""
    feed = CalendarFeed.objects.order_by("id").first()
    if feed is None or not token or not hmac.compare_digest(feed.token.encode(), token.encode()):
        return None
    return feed


def happening(entries: list[AgendaEntry]) -> list[AgendaEntry]:
    """The entries that take place: cancelled sessions are shown, never counted."""
    return [e for e in entries if not e.cancelled]


@dataclass
class HomePanels:
    today: list[AgendaEntry]
    week: list[AgendaEntry]
    follow_ups: list
    follow_ups_total: int
    not_seen: list
    not_seen_total: int
    not_seen_weeks: int

    @property
    def today_happening(self) -> int:
        return len(happening(self.today))

    @property
    def week_happening(self) -> int:
        return len(happening(self.week))


def home_panels(*, today: dt.date, dropin_label: str, not_seen_weeks: int, limit: int = 10) -> HomePanels:
    """Everything the coordinator's home page shows, in a fixed number of queries."""
    from core.people.selectors import residents_not_seen

    monday = week_start(today)
    week = agenda_entries(start=monday, end=monday + dt.timedelta(days=7), dropin_label=dropin_label)
    follow_ups = follow_up_list(status="open")
    not_seen = residents_not_seen(weeks=not_seen_weeks)
    return HomePanels(
        today=[e for e in week if e.local_date == today],
        week=[e for e in week if e.local_date != today],
        follow_ups=list(follow_ups[:limit]),
        follow_ups_total=follow_ups.count(),
        not_seen=list(not_seen[:limit]),
        not_seen_total=not_seen.count(),
        not_seen_weeks=not_seen_weeks,
    )
