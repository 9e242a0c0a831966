"""Indicators computed from drop-in hours (see reporting/indicators.py)."""
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.dropins import selectors
from reporting.indicators import indicator


@indicator(
    code="dropin_visits",
    label=_("Passages à la permanence"),
    definition=_("Nombre de passages notés à la permanence dans le mois, anonymes compris."),
    unit=_("passages"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("dropins.DropInVisit",),
    theme="participation",
)
def dropin_visits(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = selectors.visit_count_between(start=start, end=end)
    return Decimal(count), count


@indicator(
    code="dropin_visitors",
    label=_("Habitant·es venu·es à la permanence"),
    definition=_("Nombre de personnes enregistrées différentes venues au moins une fois à la permanence dans le "
                 "mois (les passages anonymes ne sont pas comptés)."),
    unit=_("personnes"),
    period="month",
    higher_is_better=True,
    counts_people=True,
    sources=("dropins.DropInVisit",),
    theme="participation",
)
def dropin_visitors(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = selectors.distinct_visitor_count_between(start=start, end=end)
    return Decimal(count), count


@indicator(
    code="dropin_follow_ups_closed",
    label=_("Suites de permanence closes"),
    definition=_("Nombre de suites à donner (après un passage à la permanence) closes dans le mois."),
    unit=_("suites"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("dropins.FollowUp",),
    theme="participation",
)
def dropin_follow_ups_closed(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = selectors.follow_ups_closed_count_between(start=start, end=end)
    return Decimal(count), count
