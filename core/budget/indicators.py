"""Indicators of the residence's budget (see reporting/indicators.py).

Flows (spent, decided, income) are counted by the date of each entry in the period; the position
of the budget year (planned, committed, spent, remaining) as it stands at the end of the period (so
the yearly value is the whole year's), for the head office's execution table.
"""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.budget import selectors
from reporting.indicators import figure_read_once, indicator

CENT = Decimal("0.01")
period_figures = figure_read_once(selectors.period_figures)
year_execution = figure_read_once(selectors.year_execution)


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None  # no budget planned: no rate (« – »), not 0 %
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)


@indicator(
    code="budget_execution_rate",
    label=_("Taux d'exécution du budget"),
    definition=_("Dépenses nettes (dépenses moins remboursements, contre-passations comprises) datées de la période, "
                 "divisées par le montant prévu sur les lignes du budget de l'année, en pourcentage."),
    unit=_("%"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("budget.BudgetEntry", "budget.BudgetLine"),
    theme="budget",
)
def budget_execution_rate(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
    figures = period_figures(start=start, end=end)
    return _share(figures["net_spent"], figures["planned"]), figures["spending_entries"]


@indicator(
    code="budget_share_decided_by_residents",
    label=_("Part du budget décidée par les habitant·es"),
    definition=_("Montants alloués par des décisions des habitant·es (comité de résidents, vote…) prises dans la "
                 "période, divisés par le montant prévu sur les lignes du budget de l'année, en pourcentage."),
    unit=_("%"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("budget.Decision", "budget.BudgetLine"),
    theme="budget",
)
def budget_share_decided_by_residents(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
    figures = period_figures(start=start, end=end)
    return _share(figures["decided"], figures["planned"]), figures["decisions"]


@indicator(
    code="budget_spent_on_resident_led_actions",
    label=_("Dépenses pour des actions portées par les habitant·es"),
    definition=_("Somme, en euros, des dépenses nettes datées de la période qui citent une décision des habitant·es "
                 "ou paient une animation organisée ou proposée par des habitant·es."),
    unit=_("€"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("budget.BudgetEntry", "activities.Activity"),
    theme="budget",
)
def budget_spent_on_resident_led_actions(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    figures = period_figures(start=start, end=end)
    return figures["resident_led"], figures["resident_led_entries"]


@indicator(
    code="budget_own_income",
    label=_("Recettes propres"),
    definition=_("Somme, en euros, des recettes datées de la période : locations de salle, abonnements coworking, "
                 "recettes du café, dons, subventions reçues."),
    unit=_("€"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("budget.BudgetEntry",),
    theme="budget",
)
def budget_own_income(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    figures = period_figures(start=start, end=end)
    return figures["income"], figures["income_entries"]


def _year_position(start: dt.datetime, end: dt.datetime, attribute: str) -> tuple[Decimal | None, int]:
    """The position of the budget year holding `start`, as it stood at the end of the period."""
    figures = year_execution(timezone.localtime(start).year, before=timezone.localtime(end).date())
    if figures is None:
        return None, 0
    return getattr(figures, attribute), 1


def _position_indicator(code: str, attribute: str, label, definition, higher_is_better: bool = True):
    def compute(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
        return _year_position(start, end, attribute)

    compute.__name__ = code
    return indicator(code=code, label=label, definition=definition, unit=_("€"), period="month",
                     higher_is_better=higher_is_better, counts_people=False,
                     sources=("budget.BudgetLine", "budget.BudgetEntry"), theme="budget")(compute)


budget_planned = _position_indicator(
    "budget_planned", "planned", _("Budget prévu"),
    _("Somme, en euros, des montants prévus sur les lignes du budget de l'année de la période."))
budget_committed = _position_indicator(
    "budget_committed", "committed", _("Budget engagé"),
    _("Somme, en euros, des engagements (devis acceptés, bons de commande) du budget de l'année datés "
      "jusqu'à la fin de la période, contre-passations déduites."))
budget_spent = _position_indicator(
    "budget_spent", "spent", _("Budget dépensé"),
    _("Somme, en euros, des dépenses du budget de l'année datées jusqu'à la fin de la période, "
      "contre-passations déduites."), higher_is_better=True)
budget_remaining = _position_indicator(
    "budget_remaining", "remaining", _("Reste du budget"),
    _("Prévu moins dépensé plus remboursements, en euros, sur les lignes du budget de l'année, à la fin "
      "de la période."),
    higher_is_better=False)
