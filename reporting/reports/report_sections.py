"""The sections of the activity report that read the reporting tables and the activities.

Every indicator figure comes through `ReportingScope.cells` (the one door): a residence report reads
its own residence's real values (`ReportingScope.for_residence`), a landlord report the landlord's
scope (small counts « < 11 », secondary cells « masqué »). Rows are monthly cells only: a month
without a month row shows « – », never its quarter's or year's value.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from reporting.indicators import CATALOGUE
from reporting.periods import MONTH, YEAR
from reporting.reports import charts
from reporting.reports.sections import LANDLORD, RESIDENCE, ReportContext, report_section
from reporting.selectors import SECONDARY, SMALL_COUNT, ReportingScope

MONTHS = charts.MONTH_LABELS
PARTIAL_MARK = "*"
KEY_FIGURES = 6  # figures on the summary page


def partial_month(year: int, today: dt.date | None = None) -> int | None:
    """The month (1-12) of `year` still in progress when the report is made, or None."""
    today = today or timezone.localdate()
    return today.month if today.year == year else None


def month_headers(partial: int | None) -> tuple[list[str], list[str]]:
    headers = [f"{label} {PARTIAL_MARK}" if n == partial else label for n, label in enumerate(MONTHS, start=1)]
    return headers[:6], headers[6:]


def _month_texts(cells, partial: int | None) -> list[str]:
    return [f"{c.text} {PARTIAL_MARK}" if n == partial and c.cents is not None else c.text
            for n, c in enumerate(cells, start=1)]


def _residence_scope(report: ReportContext) -> ReportingScope:
    return report.scope or ReportingScope.for_residence(report.residence)


def _year_grid(report: ReportContext, scope: ReportingScope):
    """The monthly cells of the report's year, read once per report and shared by its sections."""
    if "months" not in report.cache:
        report.cache["months"] = scope.cells(period_kind=MONTH, start=dt.date(report.year, 1, 1),
                                             end=dt.date(report.year, 12, 1))
    return report.cache["months"]


def _partial_note(report: ReportContext, partial: int | None) -> str:
    if partial is None:
        return ""
    month = date_format(dt.date(report.year, partial, 1), "F Y")
    return str(_("%(mark)s %(month)s est en cours : ses valeurs ne portent que sur les jours écoulés au "
                 "%(today)s (date du rapport) ; elles ne se comparent pas à un mois complet.")
               % {"mark": PARTIAL_MARK, "month": month, "today": date_format(timezone.localdate(), "j F Y")})


@report_section(code="summary", title=_("L'année en bref"), order=1, kinds=(RESIDENCE,))
def residence_summary(report: ReportContext) -> str | None:
    """One page first: the year's key figures (each indicator's value over the year) and the highlights."""
    from core.evaluation.models import NarrativeKind
    from core.evaluation.selectors import narrative_section_list

    scope = _residence_scope(report)
    year = scope.cells(period_kind=YEAR, start=dt.date(report.year, 1, 1))
    figures = []
    for code in CATALOGUE:
        cell = year.get(report.residence.pk, code, dt.date(report.year, 1, 1))
        if cell.cents is not None:
            figures.append(cell)
    highlights = [s for s in narrative_section_list(year=report.year) if s.kind == NarrativeKind.HIGHLIGHTS]
    partial = partial_month(report.year)
    return render_to_string("reports/sections/summary.html", {
        "report": report, "figures": figures[:KEY_FIGURES], "highlights": highlights,
        "partial_note": _partial_note(report, partial) if partial else "",
    })


@report_section(code="indicators", title=_("Indicateurs de l'année, mois par mois"), order=10, kinds=(RESIDENCE,))
def residence_indicators(report: ReportContext) -> str | None:
    grid = _year_grid(report, _residence_scope(report))
    partial = partial_month(report.year)
    rows = []
    for code, indicator in CATALOGUE.items():
        monthly = [grid.get(report.residence.pk, code, month) for month in report.months]
        if all(c.cents is None for c in monthly):
            continue
        texts = _month_texts(monthly, partial)
        rows.append({
            "indicator": indicator, "first_half": texts[:6], "second_half": texts[6:],
            "chart": charts.monthly_bars([None if c.value is None else float(c.value) for c in monthly],
                                         unit=str(indicator.unit), partial=partial),
        })
    first, second = month_headers(partial)
    return render_to_string("reports/sections/indicators.html", {
        "report": report, "rows": rows, "first_months": first, "second_months": second,
        "partial_note": _partial_note(report, partial),
    })


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    from reporting.periods import month_bounds

    return month_bounds(dt.date(year, 1, 1))[0], month_bounds(dt.date(year, 12, 1))[1]


@report_section(code="activities", title=_("Les animations de l'année"), order=20, kinds=(RESIDENCE,))
def residence_activities(report: ReportContext) -> str | None:
    from core.activities import selectors as activities
    from core.activities.models import ActivityKind

    start, end = _year_bounds(report.year)
    of_year = activities.activity_list().filter(starts_at__gte=start, starts_at__lt=end)
    kinds = dict(ActivityKind.choices)
    by_kind = [
        {"kind": kinds.get(row["kind"], row["kind"]), "count": row["count"]}
        for row in of_year.order_by().values("kind").annotate(count=Count("id", distinct=True)).order_by("-count")
    ]
    return render_to_string("reports/sections/activities.html", {
        "report": report,
        "activity_count": activities.held_session_counts(start=start, end=end)["held"],
        "people_count": activities.attendance_counts(start=start, end=end)["people"],
        "by_kind": by_kind,
        "most_attended": list(of_year.order_by("-attendee_count", "starts_at")[:5]),
    })


@report_section(code="landlord_residences", title=_("Les résidences"), order=10, kinds=(LANDLORD,))
def landlord_residences(report: ReportContext) -> str | None:
    residences = list(report.scope.residences())
    report.cache["residences"] = residences
    return render_to_string("reports/sections/landlord_residences.html",
                            {"report": report, "residences": residences})


@report_section(code="landlord_indicators", title=_("Indicateurs par résidence, mois par mois"), order=20,
                kinds=(LANDLORD,))
def landlord_indicators(report: ReportContext) -> str | None:
    """Every cell as on the landlord pages (`scope.cells`): « < 11 », « masqué », no totals."""
    scope = report.scope
    residences = report.cache.get("residences") or list(scope.residences())
    grid = _year_grid(report, scope)
    partial = partial_month(report.year)
    reasons = set()
    blocks = []
    for code, indicator in CATALOGUE.items():
        table, series, anything = [], {}, False
        for residence in residences:
            monthly = [grid.get(residence.pk, code, month) for month in report.months]
            anything = anything or any(c.cents is not None or c.reason for c in monthly)
            reasons.update(c.reason for c in monthly if c.reason)
            texts = _month_texts(monthly, partial)
            table.append({"residence": residence, "first_half": texts[:6], "second_half": texts[6:]})
            series[residence.name] = [None if c.value is None else float(c.value) for c in monthly]
        if not anything:
            continue
        blocks.append({"indicator": indicator, "rows": table,
                       "chart": charts.monthly_lines(series, unit=str(indicator.unit), partial=partial)})
    first, second = month_headers(partial)
    return render_to_string("reports/sections/landlord_indicators.html", {
        "report": report, "blocks": blocks, "first_months": first, "second_months": second,
        "threshold": settings.SMALL_COUNT_THRESHOLD,
        "small_count": SMALL_COUNT in reasons, "secondary": SECONDARY in reasons,
        "partial_note": _partial_note(report, partial),
    })
