"""Indicators computed from space bookings (see reporting/indicators.py)."""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from core.spaces import selectors
from reporting.indicators import indicator

CENT = Decimal("0.01")


@indicator(
    code="external_workshop_hours",
    label=_("Heures d'ateliers de tiers intervenants accueillis"),
    definition=_("Somme des durées, en heures, des réservations confirmées faites pour un partenaire "
                 "(tiers intervenant) et commençant dans le mois."),
    unit=_("heures"),
    decimals=1,
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("spaces.Booking",),
    theme="partnerships",
)
def external_workshop_hours(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    hours, bookings = selectors.partner_workshop_hours_between(start=start, end=end)
    return hours.quantize(CENT, ROUND_HALF_UP), bookings


@indicator(
    code="space_occupancy_rate",
    label=_("Taux d'occupation des espaces"),
    definition=_("Heures réservées (réservations confirmées, coupées aux bornes du mois) divisées par les heures "
                 "d'ouverture du mois de tous les espaces en service, en pourcentage."),
    unit=_("%"),
    decimals=1,
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("spaces.Booking", "spaces.OpeningHours"),
    theme="spaces",
)
def space_occupancy_rate(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
    opening = selectors.opening_hours_between(start=start, end=end)
    if not opening:
        return None, 0  # no opening hours: no rate (« – »), not 0 %
    booked = selectors.booked_hours_between(start=start, end=end)
    return (booked * 100 / opening).quantize(CENT, ROUND_HALF_UP), int(opening)
