"""The registry of activity-report sections.

A capability adds its part of the yearly report with one function in its own
`report_sections.py` module, decorated with `@report_section(...)`; the registry is
filled when apps are ready (`ReportsConfig.ready` autodiscovers the modules):

    @report_section(code="budget", title=_("Budget d'animation"), order=60)
    def budget(report: ReportContext) -> str | None:
        return render_to_string("budget/report_section.html", {...})

The function returns an HTML fragment (or None to leave the section out). For a
residence report it runs inside the residence's schema; for a landlord report in
the public schema, where it must read only through `report.scope` (suppression).
Indicator values come only through `ReportingScope.cells` (the one door, see
reporting/selectors.py), for one kind of period at a time.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from reporting.selectors import ReportingScope
from tenants.models import Landlord, Residence

RESIDENCE = "residence"
LANDLORD = "landlord"


@dataclass(frozen=True)
class ReportContext:
    kind: str  # RESIDENCE or LANDLORD
    year: int
    residence: Residence | None = None
    landlord: Landlord | None = None
    scope: ReportingScope | None = None  # landlord reports: the suppressing scope
    cache: dict = field(default_factory=dict)  # shared between sections of one report

    @property
    def months(self) -> list[dt.date]:
        return [dt.date(self.year, month, 1) for month in range(1, 13)]


Render = Callable[[ReportContext], "str | None"]


@dataclass(frozen=True)
class ReportSection:
    code: str
    title: str
    order: int
    kinds: tuple[str, ...]
    render: Render


SECTIONS: dict[str, ReportSection] = {}


def report_section(*, code: str, title: str, order: int, kinds: tuple[str, ...] = (RESIDENCE,)):
    """Register the decorated function as one section of the reports of `kinds`."""

    def register(render: Render) -> Render:
        if code in SECTIONS and SECTIONS[code].render is not render:
            raise ValueError(f"report section {code!r} is defined twice")
        SECTIONS[code] = ReportSection(code=code, title=title, order=order, kinds=tuple(kinds), render=render)
        return render

    return register


def sections_for(kind: str) -> list[ReportSection]:
    return sorted((s for s in SECTIONS.values() if kind in s.kinds), key=lambda s: (s.order, s.code))
