"""The head office's funding view across residences (bare domain): applications by funder and theme,
granted vs requested, deadlines of the next 30 days. Landlord viewers see their residences only (the
scope decides: `reporting.selectors.ReportingScope`). Only funding facts leave the residences' schemas:
no resident, no free text about people."""
from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import schema_context

from core.funding.models import GRANTED, OPEN, Application, ApplicationStage, CallForProjects, CallStatus

ZERO = Decimal("0.00")


@dataclass
class FunderRow:
    funder: str
    residences: set[str] = field(default_factory=set)
    applications: int = 0
    open: int = 0
    submitted: int = 0
    granted: int = 0
    refused: int = 0
    requested: Decimal = ZERO
    granted_amount: Decimal = ZERO

    @property
    def success_rate(self) -> Decimal | None:
        decided = self.granted + self.refused
        return (Decimal(self.granted) * 100 / decided).quantize(Decimal("0.1")) if decided else None


@dataclass
class FundingOverview:
    by_funder: list[FunderRow]
    by_theme: list[FunderRow]
    deadlines: list[dict]
    requested: Decimal
    granted: Decimal
    residences: list


def funding_overview(*, residences, today: dt.date | None = None, horizon_days: int = 30) -> FundingOverview:
    """Two queries per residence, whatever its number of applications."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=horizon_days)
    funders: dict[str, FunderRow] = {}
    themes: dict[str, FunderRow] = {}
    deadlines: list[dict] = []
    requested_total = granted_total = ZERO
    residences = list(residences)
    for residence in residences:
        with schema_context(residence.schema_name):
            applications = list(Application.objects.select_related("call", "call__funder"))
            upcoming = list(CallForProjects.objects.select_related("funder").filter(
                deadline__gte=today, deadline__lte=horizon).filter(
                Q(status__in=[CallStatus.WATCHED, CallStatus.APPLYING])).order_by("deadline"))
        for app in applications:
            for key, table in ([app.call.funder_label or "—"], funders), (app.call.themes or ["—"], themes):
                for name in key:
                    row = table.setdefault(name, FunderRow(funder=name))
                    row.residences.add(residence.name)
                    row.applications += 1
                    row.requested += app.amount_requested
                    row.open += app.stage in OPEN
                    row.submitted += app.stage == ApplicationStage.SUBMITTED
                    row.granted += app.stage in GRANTED
                    row.refused += app.stage == ApplicationStage.REFUSED
                    row.granted_amount += app.amount_granted or ZERO
            requested_total += app.amount_requested
            granted_total += app.amount_granted or ZERO
        deadlines += [{"residence": residence, "title": c.title, "funder": c.funder_label, "deadline": c.deadline,
                       "status": c.get_status_display()} for c in upcoming]
    deadlines.sort(key=lambda d: (d["deadline"], d["residence"].name))
    order = lambda rows: sorted(rows.values(), key=lambda r: (-r.requested, r.funder))  # noqa: E731
    return FundingOverview(by_funder=order(funders), by_theme=order(themes), deadlines=deadlines,
                           requested=requested_total, granted=granted_total, residences=residences)


