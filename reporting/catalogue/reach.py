"""Reach and participation: how many residents the residence's work touches.

A resident is *reached* in a period when one of the contact sources records them
in it. Today the only source is attendance at an activity; an app that records
other contacts (drop-in visits…) adds one function with `@contact_source`.
The sources read the residence's own tables: these functions run inside its schema.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Min
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.people.models import AgeBand, Resident
from reporting.indicators import figure_read_once, indicator
from tenants.models import Residence

# (start or None for "since ever", end) -> {resident id: first contact in [start, end)}
ContactSource = Callable[[dt.datetime | None, dt.datetime], dict[int, dt.datetime]]
CONTACT_SOURCES: dict[str, ContactSource] = {}


def contact_source(name: str) -> Callable[[ContactSource], ContactSource]:
    def register(function: ContactSource) -> ContactSource:
        CONTACT_SOURCES[name] = function
        return function

    return register


@contact_source("activities.Attendance")
def activity_attendance(start: dt.datetime | None, end: dt.datetime) -> dict[int, dt.datetime]:
    """Present at an activity: the contact is the activity's start."""
    from core.activities.models import Attendance

    attendances = Attendance.objects.filter(activity__starts_at__lt=end)
    if start is not None:
        attendances = attendances.filter(activity__starts_at__gte=start)
    return dict(
        attendances.order_by().values("resident_id").annotate(first=Min("activity__starts_at"))
        .values_list("resident_id", "first")
    )


@figure_read_once
def first_contacts(start: dt.datetime | None, end: dt.datetime) -> dict[int, dt.datetime]:
    """Each resident's first contact in [start, end), over every source."""
    merged: dict[int, dt.datetime] = {}
    for source in CONTACT_SOURCES.values():
        for resident_id, at in source(start, end).items():
            if resident_id not in merged or at < merged[resident_id]:
                merged[resident_id] = at
    return merged


def reached_ids(start: dt.datetime, end: dt.datetime) -> set[int]:
    return set(first_contacts(start, end))


@figure_read_once
def reached_by_age_band(start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """People reached in [start, end), counted by age band (one query for every band)."""
    return dict(
        Resident.objects.filter(pk__in=reached_ids(start, end)).order_by().values("age_band")
        .annotate(people=Count("pk")).values_list("age_band", "people")
    )


@figure_read_once
def residence_dwellings() -> int:
    return Residence.objects.values_list("dwellings", flat=True).get(schema_name=connection.schema_name)


def _count(ids) -> tuple[Decimal, int]:
    return Decimal(len(ids)), len(ids)


SOURCES = ("activities.Attendance", "people.Resident")


@indicator(
    code="residents_reached",
    label=_("Habitant·es touché·es"),
    definition=_("Nombre de personnes différentes de la résidence venues au moins une fois sur la période "
                 "(animation ou autre contact enregistré)."),
    unit=_("personnes"), period="month", higher_is_better=True, counts_people=True,
    sources=SOURCES, theme="reach",
)
def residents_reached(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    return _count(reached_ids(start, end))


@indicator(
    code="residents_reached_new",
    label=_("Nouveaux·elles habitant·es touché·es"),
    definition=_("Nombre de personnes dont le tout premier contact avec la résidence a eu lieu sur la période."),
    unit=_("personnes"), period="month", higher_is_better=True, counts_people=True,
    sources=SOURCES, theme="reach",
)
def residents_reached_new(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    return _count([rid for rid, first in first_contacts(None, end).items() if first >= start])


def _reached_in_band(band: str) -> Callable[[dt.datetime, dt.datetime], tuple[Decimal, int]]:
    def compute(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
        people = reached_by_age_band(start, end).get(band, 0)
        return Decimal(people), people

    compute.__name__ = f"residents_reached_age_{band}"
    return compute


# One indicator per age band of core.people.AgeBand: code residents_reached_age_<band>, "-" and "+" spelled out.
AGE_BAND_CODES = {
    band: "residents_reached_age_" + band.value.replace("-", "_").replace("+", "_plus") for band in AgeBand
}
for _band, _code in AGE_BAND_CODES.items():
    indicator(
        code=_code,
        label=format_lazy(_("{indicator} : {band}"), indicator=_("Habitant·es touché·es"), band=_band.label),
        definition=format_lazy(
            "{} ({})", _("Nombre de personnes différentes touchées sur la période, dans cette tranche d'âge"),
            _band.label,
        ),
        unit=_("personnes"), period="month", higher_is_better=True, counts_people=True,
        sources=SOURCES, theme="reach",
    )(_reached_in_band(_band.value))


@indicator(
    code="dwellings_reach_rate",
    label=_("Taux de logements touchés"),
    definition=_("Habitant·es touché·es sur la période rapporté·es au nombre de logements de la résidence, "
                 "en pourcentage (une personne compte pour un logement)."),
    unit=_("%"), period="month", higher_is_better=True, counts_people=True, decimals=1,
    sources=SOURCES, theme="reach",
)
def dwellings_reach_rate(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    reached = len(reached_ids(start, end))
    dwellings = residence_dwellings()
    if not dwellings:
        return Decimal("0.00"), reached
    rate = (Decimal(100 * reached) / Decimal(dwellings)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return rate, reached
