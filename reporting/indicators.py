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
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

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
    decimals: int = 0  # digits after the decimal point wherever its values are shown (1 for shares, means, hours)

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


# While one residence's indicators are computed, the figures several indicators read (the people
# reached over a period, the sessions held…) are read once: see `shared_figures`.
_SHARED: ContextVar[dict | None] = ContextVar("reporting_shared_figures", default=None)


@contextmanager
def shared_figures() -> Iterator[None]:
    """Within this block, a `@figure_read_once` function returns what it read for the same arguments.

    Opened by the refresh around one residence's whole computation, so its indicators can't
    disagree and the residence's figures cost one query per period each instead of one per
    indicator. Outside such a block every call reads again.
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def figure_read_once(function: Callable) -> Callable:
    """Memoize a figure of the current residence schema inside `shared_figures()`.

    Keyed by the schema too, so a block that (wrongly) spans two residences never mixes
    them. Callers must not mutate what it returns.
    """

    @functools.wraps(function)
    def read(*args, **kwargs):
        memo = _SHARED.get()
        if memo is None:
            return function(*args, **kwargs)
        key = (function, connection.schema_name, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = function(*args, **kwargs)
        return memo[key]

    return read
