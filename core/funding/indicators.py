"""Indicators of calls for projects and applications (see reporting/indicators.py). Amounts in euros,
exact to the cent."""
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils.translation import gettext_lazy as _

from core.funding.models import GRANTED, Application, ApplicationStage
from core.partners.indicators import paris_days
from reporting.indicators import figure_read_once, indicator

CENT = Decimal("0.01")


@figure_read_once
def funding_figures(start, end) -> dict:
    """Submitted (by submission date) and decided (by decision date) applications of the period, one statement."""
    first, last = paris_days(start, end)
    table = Application._meta.db_table
    granted = list(GRANTED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE submitted_on >= %s AND submitted_on < %s),"
            f" coalesce(sum(amount_requested) FILTER (WHERE submitted_on >= %s AND submitted_on < %s), 0),"
            f" count(*) FILTER (WHERE decision_on >= %s AND decision_on < %s AND stage = ANY(%s)),"
            f" count(*) FILTER (WHERE decision_on >= %s AND decision_on < %s AND stage = ANY(%s)),"
            f" coalesce(sum(amount_granted) FILTER (WHERE decision_on >= %s AND decision_on < %s), 0)"
            f" FROM {table}",
            [first, last, first, last, first, last, [*granted, ApplicationStage.REFUSED], first, last, granted,
             first, last])
        submitted, requested, decided, granted_count, granted_sum = cursor.fetchone()
    return {"submitted": submitted, "requested": Decimal(requested).quantize(CENT), "decided": decided,
            "granted": granted_count, "granted_sum": Decimal(granted_sum).quantize(CENT)}


def _ind(code, label, definition, unit, **extra):
    return indicator(code=code, label=label, definition=definition, unit=unit, period="month",
                     higher_is_better=True, counts_people=False, sources=("funding.Application",),
                     theme="funding", **extra)


@_ind("applications_submitted", _("Dossiers de candidature déposés"),
      _("Dossiers dont la date de dépôt tombe dans la période."), _("dossiers"))
def applications_submitted(start, end):
    f = funding_figures(start, end)
    return Decimal(f["submitted"]), f["submitted"]


@_ind("applications_granted", _("Dossiers accordés"),
      _("Dossiers accordés, en tout ou en partie, par une décision datée de la période."), _("dossiers"))
def applications_granted(start, end):
    f = funding_figures(start, end)
    return Decimal(f["granted"]), f["granted"]


@_ind("funding_requested", _("Montants demandés"),
      _("Somme des montants demandés des dossiers déposés dans la période, en euros."), _("€"))
def funding_requested(start, end):
    f = funding_figures(start, end)
    return f["requested"], f["submitted"]


@_ind("funding_granted", _("Montants obtenus"),
      _("Somme des montants accordés par les décisions de la période, en euros."), _("€"))
def funding_granted(start, end):
    f = funding_figures(start, end)
    return f["granted_sum"], f["granted"]


@_ind("funding_success_rate", _("Taux de réussite des candidatures"),
      _("Dossiers accordés (en tout ou en partie) divisés par les dossiers ayant reçu une décision dans la "
        "période, en pourcentage."), _("%"))
def funding_success_rate(start, end):
    f = funding_figures(start, end)
    if not f["decided"]:
        return None, 0
    return (Decimal(f["granted"]) * 100 / f["decided"]).quantize(CENT, ROUND_HALF_UP), f["decided"]
