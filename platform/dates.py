"""How dates read in the French UI, in one place: lowercase month abbreviations (« janv. 2026 »),
and the year shown whenever it is not the current one (« 6 janv. 2025 »)."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import pgettext_lazy

MONTH_ABBR = [
    pgettext_lazy("abbrev. month", "janv."), pgettext_lazy("abbrev. month", "févr."),
    pgettext_lazy("abbrev. month", "mars"), pgettext_lazy("abbrev. month", "avr."),
    pgettext_lazy("abbrev. month", "mai"), pgettext_lazy("abbrev. month", "juin"),
    pgettext_lazy("abbrev. month", "juil."), pgettext_lazy("abbrev. month", "août"),
    pgettext_lazy("abbrev. month", "sept."), pgettext_lazy("abbrev. month", "oct."),
    pgettext_lazy("abbrev. month", "nov."), pgettext_lazy("abbrev. month", "déc."),
]


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def month_label(value: dt.date) -> str:
    """« janv. 2026 »: a month on a chart axis or in a table."""
    value = _local(value)
    return f"{MONTH_ABBR[value.month - 1]} {value.year}"


def short_date(value, today: dt.date | None = None) -> str:
    """« 6 janv. » this year, « 6 janv. 2025 » otherwise."""
    if value in (None, ""):
        return ""
    value = _local(value)
    today = today or timezone.localdate()
    text = f"{value.day} {MONTH_ABBR[value.month - 1]}"
    return text if value.year == today.year else f"{text} {value.year}"


def short_datetime(value, with_weekday: str = "", today: dt.date | None = None) -> str:
    """« mar. 6 janv. 14:00 », with the year when not this one."""
    if value in (None, ""):
        return ""
    value = _local(value)
    text = short_date(value, today=today)
    if with_weekday:
        text = f"{weekday_abbr(value)} {text}"
    return f"{text} {value:%H:%M}" if isinstance(value, dt.datetime) else text


WEEKDAY_ABBR = [pgettext_lazy("abbrev. weekday", "lun."), pgettext_lazy("abbrev. weekday", "mar."),
                pgettext_lazy("abbrev. weekday", "mer."), pgettext_lazy("abbrev. weekday", "jeu."),
                pgettext_lazy("abbrev. weekday", "ven."), pgettext_lazy("abbrev. weekday", "sam."),
                pgettext_lazy("abbrev. weekday", "dim.")]


def weekday_abbr(value) -> str:
    return str(WEEKDAY_ABBR[_local(value).weekday()])


def short_date_with_weekday(value, today: dt.date | None = None) -> str:
    if value in (None, ""):
        return ""
    return f"{weekday_abbr(value)} {short_date(value, today=today)}"
