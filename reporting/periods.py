import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_bounds(first_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month as aware datetimes in Paris time, end exclusive."""
    tz = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(next_month(first_day), dt.time.min, tzinfo=tz)
    return start, end


def parse_month(value: str | None, *, default: dt.date) -> dt.date:
    """'2026-10' → date(2026, 10, 1); anything unparsable → default."""
    if not value:
        return default
    try:
        year, month = value.split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except (ValueError, TypeError):
        return default
