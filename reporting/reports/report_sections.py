"""The sections of the activity report that read the reporting tables and the activities."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from reporting.indicators import CATALOGUE, Indicator
from reporting.reports import charts
from reporting.reports.sections import LANDLORD, RESIDENCE, ReportContext, report_section
from reporting.reports.selectors import residence_year_values

MONTHS = charts.MONTH_LABELS


def is_ratio(indicator: Indicator) -> bool:
    """A share or a mean means nothing without a count basis (e.g. no answers this month)."""
    return str(indicator.unit).startswith(("%", "points"))


def format_value(value: Decimal | None) -> str:
    if value is None:
        return "–"
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def _own_value(indicator: Indicator, row) -> Decimal | None:
    if row is None or (row.count_basis == 0 and is_ratio(indicator)):
        return None
    return row.value


@report_section(code="indicators", title=_("Indicateurs de l'année, mois par mois"), order=10, kinds=(RESIDENCE,))
def residence_indicators(report: ReportContext) -> str | None:
    values = {(v.indicator, v.period_start.month): v
              for v in residence_year_values(residence=report.residence, year=report.year)}
    rows = []
    for indicator in CATALOGUE.values():
        monthly = [_own_value(indicator, values.get((indicator.code, m))) for m in range(1, 13)]
        if all(v is None for v in monthly):
            continue
        rows.append({
            "indicator": indicator,
            "first_half": [format_value(v) for v in monthly[:6]],
            "second_half": [format_value(v) for v in monthly[6:]],
            "chart": charts.monthly_bars([None if v is None else float(v) for v in monthly], unit=str(indicator.unit)),
        })
    return render_to_string("reports/sections/indicators.html", {
        "report": report, "rows": rows, "first_months": MONTHS[:6], "second_months": MONTHS[6:],
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
    """Counts of people below the threshold are hidden (« < 11 ») exactly as on the landlord pages; no totals."""
    scope = report.scope
    residences = report.cache.get("residences") or list(scope.residences())
    values = {(v.residence_id, v.indicator, v.period_start.month): v
              for v in scope.values().filter(period_start__year=report.year, indicator__in=CATALOGUE.keys())}
    hidden = f"< {settings.SMALL_COUNT_THRESHOLD}"
    blocks = []
    for indicator in CATALOGUE.values():
        table, series = [], {}
        for residence in residences:
            shown: list[Decimal | None] = []
            cells = []
            for month in range(1, 13):
                row = values.get((residence.pk, indicator.code, month))
                if row is not None and scope.hides(indicator, row.count_basis):
                    cells.append(hidden)
                    shown.append(None)
                else:
                    value = _own_value(indicator, row)
                    cells.append(format_value(value))
                    shown.append(value)
            table.append({"residence": residence, "first_half": cells[:6], "second_half": cells[6:]})
            series[residence.name] = [None if v is None else float(v) for v in shown]
        if not any(any(v is not None for v in s) for s in series.values()) and not any(
                hidden in row["first_half"] + row["second_half"] for row in table):
            continue
        blocks.append({"indicator": indicator, "rows": table,
                       "chart": charts.monthly_lines(series, unit=str(indicator.unit))})
    return render_to_string("reports/sections/landlord_indicators.html", {
        "report": report, "blocks": blocks, "first_months": MONTHS[:6], "second_months": MONTHS[6:],
        "threshold": settings.SMALL_COUNT_THRESHOLD,
    })
