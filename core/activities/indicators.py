"""Indicators computed from activities and attendance (see reporting/indicators.py)."""
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.activities import selectors
from reporting.indicators import indicator


@indicator(
    code="residents_attending",
    label=_("Habitant·es venu·es à au moins une animation"),
    definition=_("Nombre de personnes différentes notées présentes à au moins une animation commencée dans le mois."),
    unit=_("personnes"),
    period="month",
    higher_is_better=True,
    counts_people=True,
    sources=("activities.Attendance",),
    theme="participation",
)
def residents_attending(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = selectors.distinct_attendee_count_between(start=start, end=end)
    return Decimal(count), count


@indicator(
    code="activities_held",
    label=_("Animations organisées"),
    definition=_("Nombre d'animations (temps collectifs, ateliers, sorties…) commencées dans le mois."),
    unit=_("animations"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("activities.Activity",),
    theme="activities",
)
def activities_held(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = selectors.activity_count_between(start=start, end=end)
    return Decimal(count), count
