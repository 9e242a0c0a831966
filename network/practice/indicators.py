"""Indicators of the network of practice, per residence (see reporting/indicators.py). They read the
public tables for the residence being computed."""
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from network.practice import selectors
from reporting.indicators import figure_read_once, indicator


@figure_read_once
def _counts(start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    return selectors.residence_counts_between(start=start, end=end)


@indicator(
    code="practice_sheets_published",
    label=_("Fiches pratiques publiées dans le réseau"),
    definition=_("Fiches pratiques écrites dans la résidence et publiées par le siège dans le mois."),
    unit=_("fiches"), period="month", higher_is_better=True, counts_people=False,
    sources=("practice.PracticeSheet",), theme="power_to_act",
)
def practice_sheets_published(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = _counts(start, end)["published"]
    return Decimal(n), n


@indicator(
    code="practice_reuses",
    label=_("Fiches du réseau reprises (« Faire pareil chez nous »)"),
    definition=_("Reprises dans la résidence, dans le mois, d'une fiche pratique publiée d'une résidence du réseau."),
    unit=_("reprises"), period="month", higher_is_better=True, counts_people=False,
    sources=("practice.SheetReuse",), theme="power_to_act",
)
def practice_reuses(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = _counts(start, end)["reuses"]
    return Decimal(n), n


@indicator(
    code="network_event_attendance",
    label=_("Présences aux événements du réseau"),
    definition=_("Présences notées par le siège, pour la résidence, aux événements du réseau (ateliers, visites, "
                 "cycles d'évaluation) commençant dans le mois."),
    unit=_("présences"), period="month", higher_is_better=True, counts_people=False,
    sources=("practice.EventRegistration",), theme="partnerships",
)
def network_event_attendance(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = _counts(start, end)["attendance"]
    return Decimal(n), n
