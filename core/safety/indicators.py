"""Indicators of the safety register (see reporting/indicators.py)."""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.safety import selectors
from reporting.indicators import indicator


@indicator(
    code="safety_checks_on_time",
    label=_("Contrôles de sécurité faits à temps"),
    definition=_("Parmi les contrôles périodiques dont l'échéance tombe dans le mois (faits, ou en retard et "
                 "pas encore faits), part de ceux faits au plus tard à leur échéance, en pourcentage."),
    unit=_("%"),
    decimals=1,
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("safety.CheckRecord", "safety.SafetyCheck"),
    theme="safety",
)
def safety_checks_on_time(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
    on_time, due = selectors.checks_due_between(
        start=timezone.localtime(start).date(), end=timezone.localtime(end).date(), today=timezone.localdate()
    )
    if not due:
        return None, 0  # nothing due: no rate (« – »), not 0 % on time
    return (Decimal(on_time) * 100 / due).quantize(Decimal("0.01"), ROUND_HALF_UP), due


@indicator(
    code="safety_incidents",
    label=_("Incidents de sécurité"),
    definition=_("Nombre d'incidents survenus dans le mois, quel que soit leur statut."),
    unit=_("incidents"),
    period="month",
    higher_is_better=False,
    counts_people=False,
    sources=("safety.Incident",),
    theme="safety",
)
def safety_incidents(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = selectors.incident_count_between(start=start, end=end)
    return Decimal(count), count
