"""Budget execution across residences (bare domain): planned, committed, spent, remaining per
residence for one year, read from the reporting table (the yearly `budget_*` indicators), so a
landlord's scope sees its own residences only and nothing leaves a residence schema but these totals."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from reporting.selectors import ReportingScope

CODES = ("budget_planned", "budget_committed", "budget_spent", "budget_remaining", "budget_own_income")


@dataclass
class ExecutionRow:
    residence: object
    planned: Decimal | None = None
    committed: Decimal | None = None
    spent: Decimal | None = None
    remaining: Decimal | None = None
    own_income: Decimal | None = None

    @property
    def rate(self) -> Decimal | None:
        if not self.planned or self.spent is None:
            return None
        return (self.spent * 100 / self.planned).quantize(Decimal("0.1"))


@dataclass
class ExecutionTable:
    year: int
    rows: list[ExecutionRow]
    total: ExecutionRow


def execution_table(*, scope: ReportingScope, year: int) -> ExecutionTable:
    """One row per residence of the scope (two queries whatever their number), and the total."""
    residences = list(scope.residences().order_by("name"))
    rows = {r.pk: ExecutionRow(residence=r) for r in residences}
    # Through the one door to indicator values (`ReportingScope.cells`): a cell the scope may not see
    # stays empty.
    grid = scope.cells(period_kind="year", start=dt.date(year, 1, 1), indicators=CODES)
    for (residence_id, code, _start), cell in grid.items():
        if residence_id in rows and cell.value is not None:
            setattr(rows[residence_id], code.removeprefix("budget_"), cell.value)
    total = ExecutionRow(residence=None)
    for name in ("planned", "committed", "spent", "remaining", "own_income"):
        known = [getattr(r, name) for r in rows.values() if getattr(r, name) is not None]
        setattr(total, name, sum(known, Decimal("0.00")) if known else None)
    return ExecutionTable(year=year, rows=list(rows.values()), total=total)
