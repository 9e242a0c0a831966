"""Public-schema pages: head-office comparison, landlord view (the same pages, scoped), trends,
residence profile, refresh runs. Views parse input and call selectors with the request's scope."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apes_platform.dates import month_label
from apes_platform.exports import FORMATS, export_response
from reporting.forms import ReportingFilterForm
from reporting.indicators import CATALOGUE
from reporting.models import RefreshRun
from reporting.periods import MONTH, Period
from reporting.selectors import (
    MIN_MEDIAN_RESIDENCES,
    ComparisonTable,
    ReportingScope,
    access_refresh_run_by_id,
    access_residence_by_id,
    available_periods,
    comparison_table,
    department_list,
    last_refresh,
    mark_versus_median,
    median_trends,
    quartile_trends,
    refresh_run_list,
    residence_profile,
    residence_trends,
    trend_months,
)
from reporting.services import refresh_all_start
from tenants.models import Landlord
from tenants.selectors import residence_list_for_user

ROWS_PER_PAGE = 50


@login_required
def public_home(request):
    user = request.user
    if user.is_head_office:
        return redirect("reporting:comparison")
    if user.is_landlord_viewer:
        return redirect("reporting:landlord")
    residences = residence_list_for_user(user=user).prefetch_related("domains")
    return render(request, "reporting/coordinator_home.html", {"residences": residences})


def _notes_context() -> dict:
    """What reporting/_notes.html prints: the small-count threshold and the median minimum."""
    return {"threshold": settings.SMALL_COUNT_THRESHOLD, "min_median": MIN_MEDIAN_RESIDENCES}


def scope_for_request(request, *, default_landlord: bool = False) -> ReportingScope:
    """The caller's scope: a landlord viewer's own; the head office's all, or the landlord it previews."""
    landlord_id = None
    if request.user.is_authenticated and request.user.is_head_office:
        asked = request.GET.get("bailleur", "")
        if asked.isdigit():
            landlord_id = int(asked)
        elif default_landlord:
            landlord_id = Landlord.objects.values_list("pk", flat=True).first()
    return ReportingScope.for_user(request.user, landlord_id=landlord_id)


def _filter_form(request, scope: ReportingScope, *, with_landlord: bool) -> ReportingFilterForm:
    return ReportingFilterForm(request.GET or None, departments=department_list(scope=scope),
                               with_landlord=with_landlord)


def _export(table: ComparisonTable, *, scope: ReportingScope, fmt: str, filename: str):
    """The comparison table as on screen: same rows and order, same hidden cells, the median row last."""
    columns = [
        (_("Résidence"), lambda r: r.residence.name if r else _("Médiane des résidences affichées")),
        (_("Bailleur"), lambda r: r.residence.landlord_short_name if r else ""),
        (_("Ville"), lambda r: r.residence.city if r else ""),
        (_("Département"), lambda r: r.residence.department if r else ""),
        (_("QPV"), lambda r: (_("oui") if r.residence.is_priority_neighbourhood else _("non")) if r else ""),
        (_("Logements"), lambda r: r.residence.dwellings if r else ""),
    ]
    for n, indicator in enumerate(table.indicators):
        columns.append((
            f"{indicator.label} ({indicator.unit})",
            lambda r, n=n: r.cells[n].export_value() if r else table.medians[n].export_value(),
        ))
    return export_response([*table.rows, None], columns, filename=filename, fmt=fmt)


def _comparison(request, *, scope: ReportingScope, template: str, with_landlord: bool, extra=None):
    form = _filter_form(request, scope, with_landlord=with_landlord)
    period = form.period()
    sort, descending = form.sort()
    table = comparison_table(scope=scope, period=period, filters=form.residence_filters(), sort=sort,
                             descending=descending)
    fmt = request.GET.get("export", "")
    if fmt in FORMATS:
        name = f"indicateurs-{scope.landlord.short_name if scope.landlord else 'residences'}-{period.key}"
        return _export(table, scope=scope, fmt=fmt, filename=name)
    page = Paginator(table.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    mark_versus_median(table, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    for key in ("tri", "ordre", "export"):
        query.pop(key, None)
    context = {
        "scope": scope,
        "form": form,
        "period": period,
        "periods": {kind: available_periods(kind=kind, today=timezone.localdate(), count=n)
                    for kind, n in (("month", 24), ("quarter", 8), ("year", 4))},
        "table": table,
        "page": page,
        "sort": sort,
        "descending": descending,
        "base_query": query.urlencode(),
        "last_refresh": table.last_refresh,
        **_notes_context(),
        **(extra or {}),
    }
    return render(request, template, context)


@login_required
def comparison(request):
    if not request.user.is_head_office:
        raise PermissionDenied
    scope = ReportingScope.for_user(request.user)
    extra = {"runs": refresh_run_list(limit=1)}
    return _comparison(request, scope=scope, template="reporting/comparison.html", with_landlord=True, extra=extra)


@login_required
def landlord(request):
    scope = scope_for_request(request, default_landlord=True)
    if scope.landlord is None:
        raise PermissionDenied
    extra = {"landlords": Landlord.objects.all() if request.user.is_head_office else None}
    return _comparison(request, scope=scope, template="reporting/landlord.html", with_landlord=False, extra=extra)


def _chart_data(months, series: dict[str, list], labels: dict[str, str]) -> dict:
    """Chart.js data from cells or medians (hidden, unpublished or missing: a gap)."""
    return {
        "labels": [month_label(m) for m in months],
        "datasets": [
            {"label": str(labels[key]), "data": [None if c.value is None else float(c.value) for c in cells]}
            for key, cells in series.items()
        ],
    }


def _chart_table(months, series: dict[str, list], labels: dict[str, str]) -> dict:
    """The chart's data as a table (RGAA 1.6: a chart's text alternative): one row per month, each
    value written by its cell (the one formatter; hidden or unpublished cells say so)."""
    return {
        "columns": [str(labels[key]) for key in series],
        "rows": [(month_label(m), [cells[i].text for cells in series.values()]) for i, m in enumerate(months)],
    }


def _trend_length(request) -> int:
    return 24 if request.GET.get("mois") == "24" else 12


@login_required
def trends(request):
    """One indicator's monthly median over the residences in scope, over 12 or 24 months."""
    scope = scope_for_request(request)
    form = _filter_form(request, scope, with_landlord=scope.kind == "all")
    period = form.period()
    end = period.months()[-1]
    months = trend_months(end=end, count=_trend_length(request))
    chosen = CATALOGUE.get(request.GET.get("indicateur", "")) or next(iter(CATALOGUE.values()))
    medians = median_trends(scope=scope, months=months, filters=form.residence_filters(), codes=[chosen.code])
    quartiles = quartile_trends(scope=scope, months=months, filters=form.residence_filters(), code=chosen.code)
    series = {"q1": quartiles["q1"], "median": medians[chosen.code], "q3": quartiles["q3"]}
    labels = {"q1": _("1er quartile"), "median": _("Médiane des résidences"), "q3": _("3e quartile")}
    charts = [{
        "indicator": chosen, "id": f"trend-{chosen.code}", "data_id": f"trend-{chosen.code}-data",
        "data": _chart_data(months, series, labels), "table": _chart_table(months, series, labels),
    }]
    return render(request, "reporting/trends.html", {
        "scope": scope, "form": form, "charts": charts, "length": len(months), "months": months,
        "indicators": list(CATALOGUE.values()), "chosen": chosen, "period": period,
        "too_few": any(m.reason for m in medians[chosen.code]),
        "periods": {kind: available_periods(kind=kind, today=timezone.localdate(), count=n)
                    for kind, n in (("month", 24), ("quarter", 8), ("year", 4))},
        "last_refresh": last_refresh(scope=scope, period=Period(MONTH, end)),
    })


@login_required
def residence_detail(request, pk):
    """One residence's profile: every indicator for a period against the median, and its trends."""
    scope = scope_for_request(request)
    residence = access_residence_by_id(actor=scope, id=pk)
    form = _filter_form(request, scope, with_landlord=False)
    period = form.period()
    lines = residence_profile(scope=scope, residence=residence, period=period)
    months = trend_months(end=period.months()[-1], count=_trend_length(request))
    own = residence_trends(scope=scope, residence=residence, months=months)
    medians = median_trends(scope=scope, months=months)
    labels = {"own": residence.name, "median": _("Médiane des résidences")}
    charts = []
    for i in CATALOGUE.values():
        series = {"own": own[i.code], "median": medians[i.code]}
        charts.append({"indicator": i, "id": f"profile-{i.code}", "data_id": f"profile-{i.code}-data",
                       "data": _chart_data(months, series, labels), "table": _chart_table(months, series, labels)})
    return render(request, "reporting/residence_detail.html", {
        "scope": scope, "residence": residence, "form": form, "period": period, "lines": lines,
        "charts": charts, "length": len(months), "last_refresh": last_refresh(scope=scope, period=period),
        **_notes_context(),
    })


@login_required
@require_POST
def refresh_start(request):
    """The head office's "recompute now" button: a run over every residence, then its progress."""
    if not request.user.is_head_office:
        raise PermissionDenied
    run = refresh_all_start(trigger=RefreshRun.Trigger.HEAD_OFFICE)
    messages.success(request, _("Calcul des indicateurs lancé."))
    return redirect(reverse("reporting:refresh-run", args=[run.pk]))


@login_required
def refresh_run(request, pk):
    run = access_refresh_run_by_id(actor=request.user, id=pk)
    template = "reporting/_refresh_progress.html" if request.htmx else "reporting/refresh_run.html"
    return render(request, template, {"run": run})

