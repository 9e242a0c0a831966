"""The indicator catalogue: definitions in code, documented in docs/indicators.md.

Each indicator is computed by one function, inside a residence schema, for one
period; it returns (value, count_basis).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.activities import selectors as activity_selectors


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    unit: str
    period: str
    higher_is_better: bool
    counts_people: bool
    compute: Callable[[dt.datetime, dt.datetime], tuple[Decimal, int]]


def _residents_attending(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = activity_selectors.distinct_attendee_count_between(start=start, end=end)
    return Decimal(count), count


def _activities_held(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = activity_selectors.activity_count_between(start=start, end=end)
    return Decimal(count), count


CATALOGUE: dict[str, Indicator] = {
    indicator.code: indicator
    for indicator in [
        Indicator(
            code="residents_attending",
            label=_("Habitant·es venu·es à au moins une animation"),
            definition=_(
                "Nombre de personnes différentes notées présentes à au moins une animation commencée dans le mois."
            ),
            unit=_("personnes"),
            period="month",
            higher_is_better=True,
            counts_people=True,
            compute=_residents_attending,
        ),
        Indicator(
            code="activities_held",
            label=_("Animations organisées"),
            definition=_("Nombre d'animations (temps collectifs, ateliers, sorties…) commencées dans le mois."),
            unit=_("animations"),
            period="month",
            higher_is_better=True,
            counts_people=False,
            compute=_activities_held,
        ),
    ]
}
