"""Dates of a recurring activity, computed on the Paris wall clock.

14:00 stays 14:00 across daylight-saving changes. A monthly series keeps the day of the month of
its first session; in shorter months it falls on the last day (31 January → 28 February).
"""
from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")
MAX_OCCURRENCES = 120  # more than two years of weekly sessions: a typo, not a plan


def _add_months(day: dt.date, months: int, anchor_day: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(anchor_day, calendar.monthrange(year, month)[1]))


def occurrence_starts(
    *, frequency: str, first_starts_at: dt.datetime, until: dt.date | None = None, count: int | None = None,
    limit: int = MAX_OCCURRENCES + 1,
) -> list[dt.datetime]:
    """Start times of the series' sessions (aware), stopping at `until` (inclusive) or after `count`.

    At most `limit` are returned, so a caller can tell "too many" from the length.
    """
    local = timezone.localtime(first_starts_at, PARIS)
    first_day, wall_time = local.date(), local.time().replace(tzinfo=None)
    starts: list[dt.datetime] = []
    index = 0
    while len(starts) < limit:
        if frequency == "monthly":
            day = _add_months(first_day, index, first_day.day)
        else:
            day = first_day + dt.timedelta(weeks=index * (2 if frequency == "biweekly" else 1))
        if until is not None and day > until:
            break
        if count is not None and len(starts) >= count:
            break
        starts.append(dt.datetime.combine(day, wall_time, tzinfo=PARIS))
        index += 1
    return starts
