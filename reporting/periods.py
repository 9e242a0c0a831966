"""Reporting periods: calendar months, quarters and years in Paris time, end exclusive.

A period is identified by its kind and its first day (`Period("quarter", 2026-10-01)`).
Each kind is computed for itself: distinct people over a year are counted over the
year, never summed from months.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = (MONTH, QUARTER, YEAR)
KIND_LABELS = {MONTH: _("mois"), QUARTER: _("trimestre"), YEAR: _("année")}
KIND_MONTHS = {MONTH: 1, QUARTER: 3, YEAR: 12}


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def add_months(day: dt.date, count: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def _aware(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def month_bounds(first_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month as aware datetimes in Paris time, end exclusive."""
    return _aware(first_day), _aware(next_month(first_day))


def period_start(kind: str, day: dt.date) -> dt.date:
    """First day of the period of `kind` that contains `day`."""
    if kind == YEAR:
        return dt.date(day.year, 1, 1)
    if kind == QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return month_start(day)


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: dt.date

    def __post_init__(self):
        if self.kind not in KINDS or period_start(self.kind, self.start) != self.start:
            raise ValueError(f"not the start of a {self.kind}: {self.start}")

    @property
    def end(self) -> dt.date:
        return add_months(self.start, KIND_MONTHS[self.kind])

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return _aware(self.start), _aware(self.end)

    def months(self) -> list[dt.date]:
        return [add_months(self.start, i) for i in range(KIND_MONTHS[self.kind])]

    def parts(self) -> list[Period]:
        """The periods one level finer that make it up: a year's quarters, a quarter's months."""
        if self.kind == YEAR:
            return [Period(QUARTER, add_months(self.start, 3 * i)) for i in range(4)]
        if self.kind == QUARTER:
            return [Period(MONTH, m) for m in self.months()]
        return []

    def previous(self) -> Period:
        return Period(self.kind, add_months(self.start, -KIND_MONTHS[self.kind]))

    @property
    def key(self) -> str:
        """Short text form used in URLs and API: 2026-10, 2026-T4, 2026."""
        if self.kind == YEAR:
            return f"{self.start.year}"
        if self.kind == QUARTER:
            return f"{self.start.year}-T{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    def label(self) -> str:
        from django.utils.formats import date_format

        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == QUARTER:
            # « T4 2026 » in French, « Q4 2026 » in English (the URL key keeps its T: 2026-T4).
            return _("T%(quarter)d %(year)d") % {"quarter": (self.start.month - 1) // 3 + 1, "year": self.start.year}
        return date_format(self.start, "F Y")

    def __str__(self):
        return self.key


def parse_period(value: str | None) -> Period | None:
    """'2026-10' → month, '2026-T4' → quarter, '2026' → year; anything else → None."""
    if not value:
        return None
    value = value.strip().upper()
    try:
        if "-T" in value:
            year, quarter = value.split("-T")
            if not 1 <= int(quarter) <= 4:
                return None
            return Period(QUARTER, dt.date(int(year), 3 * int(quarter) - 2, 1))
        if "-" in value:
            year, month = value.split("-")[:2]
            return Period(MONTH, dt.date(int(year), int(month), 1))
        if len(value) == 4:
            return Period(YEAR, dt.date(int(value), 1, 1))
    except (ValueError, TypeError):
        return None
    return None


def parse_month(value: str | None, *, default: dt.date | None) -> dt.date | None:
    """'2026-10' → date(2026, 10, 1); anything unparsable → default."""
    period = parse_period(value)
    return period.start if period is not None and period.kind == MONTH else default


def periods_touched_by(months: list[dt.date], *, finest: str = MONTH) -> list[Period]:
    """Every month, quarter and year containing one of `months`, from `finest` kind up."""
    kinds = KINDS[KINDS.index(finest):]
    found = {Period(kind, period_start(kind, m)) for m in months for kind in kinds}
    return sorted(found, key=lambda p: (KINDS.index(p.kind), p.start))
