"""Reads of the reporting layer, always through a ReportingScope.

A scope is built once from the user; every query starts from
`scope.residences()`, so no page or API can reach outside it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max, QuerySet

from reporting.indicators import CATALOGUE, Indicator
from reporting.models import IndicatorValue
from tenants.models import Landlord, Residence, User


@dataclass(frozen=True)
class ReportingScope:
    kind: str  # "all" (head office) or "landlord"
    landlord: Landlord | None = None

    @classmethod
    def for_user(cls, user: User, *, landlord_id: int | None = None) -> ReportingScope:
        """Head office sees all (or one landlord, if asked); a landlord viewer only its own."""
        if not user.is_authenticated or not user.is_active:
            raise PermissionDenied
        if user.is_head_office:
            if landlord_id:
                landlord = Landlord.objects.filter(pk=landlord_id).first()
                if landlord is None:
                    raise PermissionDenied
                return cls(kind="landlord", landlord=landlord)
            return cls(kind="all")
        if user.is_landlord_viewer and user.landlord_id:
            return cls(kind="landlord", landlord=user.landlord)
        raise PermissionDenied

    @property
    def suppresses_small_counts(self) -> bool:
        return self.kind == "landlord"

    def hides(self, indicator: Indicator | None, count_basis: int) -> bool:
        """Counts of people below the threshold are hidden from landlords (unknown codes too)."""
        if not self.suppresses_small_counts:
            return False
        if indicator is None:
            return True
        return indicator.counts_people and count_basis < settings.SMALL_COUNT_THRESHOLD

    def residences(self) -> QuerySet[Residence]:
        qs = Residence.objects.select_related("landlord").filter(status=Residence.Status.ACTIVE)
        if self.kind == "all":
            return qs
        return qs.filter(landlord_id=self.landlord.pk)

    def values(self) -> QuerySet[IndicatorValue]:
        return IndicatorValue.objects.filter(residence__in=self.residences())


@dataclass
class Cell:
    value: object
    suppressed: bool = False

    def display(self) -> str:
        if self.suppressed:
            return f"< {settings.SMALL_COUNT_THRESHOLD}"
        if self.value is None:
            return "–"
        return f"{self.value.normalize():f}" if hasattr(self.value, "normalize") else str(self.value)


@dataclass
class ComparisonRow:
    residence: Residence
    cells: list[Cell] = field(default_factory=list)


def _cell(scope: ReportingScope, indicator: Indicator, value: IndicatorValue | None) -> Cell:
    if value is None:
        return Cell(value=None)
    if scope.hides(indicator, value.count_basis):
        return Cell(value=None, suppressed=True)
    return Cell(value=value.value)


def comparison_table(*, scope: ReportingScope, month: dt.date) -> list[ComparisonRow]:
    """One row per residence in scope, one cell per indicator, in two queries."""
    indicators = list(CATALOGUE.values())
    residences = list(scope.residences())
    values = {
        (v.residence_id, v.indicator): v
        for v in scope.values().filter(period_start=month, indicator__in=CATALOGUE.keys())
    }
    return [
        ComparisonRow(
            residence=r,
            cells=[_cell(scope, i, values.get((r.pk, i.code))) for i in indicators],
        )
        for r in residences
    ]


def last_refresh(*, scope: ReportingScope):
    return scope.values().aggregate(last=Max("computed_at"))["last"]


def available_months(*, scope: ReportingScope) -> list[dt.date]:
    return list(
        scope.values().order_by("-period_start").values_list("period_start", flat=True).distinct()[:36]
    )
