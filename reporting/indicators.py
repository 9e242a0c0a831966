"""The indicator catalogue: definitions in code, documented in docs/indicators.md.

Adding an indicator is one function in the `indicators.py` module of the app that
owns the records it counts, decorated with `@indicator(...)`; the catalogue is
filled when apps are ready (`ReportingConfig.ready` autodiscovers the modules).
Each function runs inside a residence schema for one period [start, end) and
returns (value, count_basis): count_basis is the number of people or records the
value rests on, used for small-count suppression. `value` is None when the period
has no value at all (a share or a mean with nobody to divide by): it is stored as
NULL and shown « – » on pages and exports, `null` in the API, never as 0.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

Compute = Callable[[dt.datetime, dt.datetime], tuple[Decimal | None, int]]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    unit: str
    period: str  # "month", "quarter" or "year": the finest period it is computed for
    higher_is_better: bool
    counts_people: bool
    compute: Compute
    sources: tuple[str, ...] = field(default=())  # the records it reads, e.g. ("activities.Attendance",)
    theme: str = ""

    @property
    def direction(self) -> str:
        return "up" if self.higher_is_better else "down"

    @property
    def period_kinds(self) -> tuple[str, ...]:
        """The kinds of period it is computed for: its own `period` and every coarser one."""
        from reporting.periods import KINDS

        return KINDS[KINDS.index(self.period):]


CATALOGUE: dict[str, Indicator] = {}


def indicator(**definition) -> Callable[[Compute], Compute]:
    """Register the decorated function as the computation of one indicator."""

    def register(compute: Compute) -> Compute:
        item = Indicator(compute=compute, **definition)
        if item.period not in ("month", "quarter", "year"):
            raise ValueError(f"indicator {item.code!r}: period must be month, quarter or year")
        if item.code in CATALOGUE and CATALOGUE[item.code].compute is not compute:
            raise ValueError(f"indicator {item.code!r} is defined twice")
        CATALOGUE[item.code] = item
        return compute

    return register
