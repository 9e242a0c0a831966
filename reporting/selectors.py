"""Reads of the reporting layer, always through a ReportingScope.

A scope is built once from the user; every query starts from `scope.residences()`
or `scope.values()`, so no page, export or API can reach outside it. In a landlord
scope, `scope.visible_values()` drops the cells hidden from landlords: medians and
trends are computed from those shown cells only, so they reveal nothing more.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, DecimalField, Max, Q, QuerySet
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reporting.indicators import CATALOGUE, Indicator
from reporting.models import IndicatorValue, RefreshRun
from reporting.periods import MONTH, Period, add_months
from tenants.models import Landlord, Residence, User

# Size bands by number of dwellings: (code, label, lower bound included, upper bound excluded).
SIZE_BANDS = (
    ("lt50", _("moins de 50 logements"), 0, 50),
    ("50-99", _("50 à 99 logements"), 50, 100),
    ("100-199", _("100 à 199 logements"), 100, 200),
    ("200+", _("200 logements et plus"), 200, None),
)


@dataclass(frozen=True)
class ResidenceFilters:
    landlord_id: int | None = None
    department: str = ""
    priority_neighbourhood: bool | None = None
    size_band: str = ""

    def apply(self, qs: QuerySet[Residence]) -> QuerySet[Residence]:
        if self.landlord_id:
            qs = qs.filter(landlord_id=self.landlord_id)
        if self.department:
            qs = qs.filter(department=self.department)
        if self.priority_neighbourhood is not None:
            qs = qs.filter(is_priority_neighbourhood=self.priority_neighbourhood)
        for code, _label, low, high in SIZE_BANDS:
            if code == self.size_band:
                qs = qs.filter(dwellings__gte=low)
                if high is not None:
                    qs = qs.filter(dwellings__lt=high)
        return qs


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

    def hides(self, indicator: Indicator | None, count_basis: int, suppressed: bool = False) -> bool:
        """Landlords never see a cell flagged by suppression, a small count of people, or an unknown code."""
        if not self.suppresses_small_counts:
            return False
        if indicator is None or suppressed:
            return True
        return indicator.counts_people and count_basis < settings.SMALL_COUNT_THRESHOLD

    def residences(self, filters: ResidenceFilters | None = None) -> QuerySet[Residence]:
        qs = Residence.objects.select_related("landlord").filter(status=Residence.Status.ACTIVE)
        if self.kind != "all":
            qs = qs.filter(landlord_id=self.landlord.pk)
        return filters.apply(qs) if filters else qs

    def values(self, filters: ResidenceFilters | None = None) -> QuerySet[IndicatorValue]:
        return IndicatorValue.objects.filter(residence__in=self.residences(filters).values("pk"))

    def visible_values(self, filters: ResidenceFilters | None = None) -> QuerySet[IndicatorValue]:
        """The values this scope may show, in SQL: for landlords, without hidden cells."""
        qs = self.values(filters).filter(indicator__in=list(CATALOGUE))
        if not self.suppresses_small_counts:
            return qs
        people = [code for code, i in CATALOGUE.items() if i.counts_people]
        return qs.filter(suppressed=False).exclude(
            Q(indicator__in=people) & Q(count_basis__lt=settings.SMALL_COUNT_THRESHOLD)
        )


def access_residence_by_id(*, scope: ReportingScope, residence_id) -> Residence:
    """A residence of the scope, or 404: another landlord's residence does not exist here."""
    try:
        return scope.residences().get(pk=int(residence_id))
    except (Residence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Résidence introuvable")) from exc


# What a cell without a value shows, on pages and in exports (the API returns null).
NO_VALUE = "–"


@dataclass(slots=True)
class Cell:
    value: Decimal | None
    suppressed: bool = False
    versus_median: str = ""  # "better", "worse", "equal" or "" (no median or no value)
    rendered: str = ""

    def display(self) -> str:
        if self.suppressed:
            return f"< {settings.SMALL_COUNT_THRESHOLD}"
        if self.value is None:
            return NO_VALUE
        return format_number(self.value)

    @property
    def css(self) -> str:
        return " ".join(c for c in ("num", "suppressed" if self.suppressed else "", self.versus_median) if c)

    def html(self, marks: dict[str, tuple[str, str]] | None = None) -> str:
        """The cell's content, built in Python: a comparison page holds a thousand of them."""
        marks = marks if marks is not None else versus_marks()
        if self.versus_median in marks:
            arrow, text = marks[self.versus_median]
            return format_html('{} <span class="versus" aria-hidden="true">{}</span>'
                               '<span class="visually-hidden">{}</span>', self.display(), arrow, text)
        return format_html("{}", self.display())

    def export_value(self):
        if self.suppressed:
            return f"< {settings.SMALL_COUNT_THRESHOLD}"
        return NO_VALUE if self.value is None else self.value


def versus_marks() -> dict[str, tuple[str, str]]:
    return {"better": ("▲", gettext("mieux que la médiane")), "worse": ("▼", gettext("moins bien que la médiane"))}


def format_number(value) -> str:
    if value is None:
        return NO_VALUE
    value = Decimal(value)
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


@dataclass
class ComparisonRow:
    """A residence and its values: `shown[n]` is the value of indicator n, None if missing or hidden."""

    residence: Residence
    shown: list[Decimal | None] = field(default_factory=list)
    hidden: list[bool] = field(default_factory=list)
    _cells: list[Cell] | None = None

    @property
    def cells(self) -> list[Cell]:
        # Built on demand: only the rows on screen (or exported) need cell objects.
        if self._cells is None:
            self._cells = [Cell(value=v, suppressed=h) for v, h in zip(self.shown, self.hidden)]
        return self._cells


@dataclass
class ComparisonTable:
    indicators: list[Indicator]
    rows: list[ComparisonRow]
    medians: list[Decimal | None]


def _versus(indicator: Indicator, value: Decimal | None, median: Decimal | None) -> str:
    if value is None or median is None:
        return ""
    if value == median:
        return "equal"
    return "better" if (value > median) == indicator.higher_is_better else "worse"


def comparison_table(
    *, scope: ReportingScope, period: Period, filters: ResidenceFilters | None = None,
    sort: str = "", descending: bool = False,
) -> ComparisonTable:
    """One row per residence in scope, one cell per indicator, and the median of the rows' shown values.

    Three queries whatever the number of residences (residences, values, medians in SQL).
    `sort` is "name", "dwellings" or an indicator code; hidden and missing cells sort last.
    Call `mark_versus_median` on the rows you display.
    """
    indicators = list(CATALOGUE.values())
    residences = list(scope.residences(filters).order_by("name", "pk"))
    stored = scope.values(filters).filter(
        period_kind=period.kind, period_start=period.start, indicator__in=list(CATALOGUE)
    ).values_list("residence_id", "indicator", "value", "count_basis", "suppressed")
    values = {(rid, code): (value, basis, flag) for rid, code, value, basis, flag in stored}
    found_medians = {
        r["indicator"]: r["median"]
        for r in scope.visible_values(filters).filter(period_kind=period.kind, period_start=period.start)
        .order_by().values("indicator").annotate(median=Median("value"))
    }
    medians = [
        None if found_medians.get(i.code) is None else Decimal(found_medians[i.code]).quantize(Decimal("0.01"))
        for i in indicators
    ]

    suppressing = scope.suppresses_small_counts
    threshold = settings.SMALL_COUNT_THRESHOLD
    people = [i.counts_people for i in indicators]
    codes = [i.code for i in indicators]
    missing = (None, 0, False)
    rows = []
    for residence in residences:
        shown, hidden = [], []
        for n, code in enumerate(codes):
            found = values.get((residence.pk, code), missing)
            if found is missing:
                shown.append(None)
                hidden.append(False)
            elif suppressing and (found[2] or (people[n] and found[1] < threshold)):
                shown.append(None)
                hidden.append(True)
            else:
                shown.append(found[0])
                hidden.append(False)
        rows.append(ComparisonRow(residence=residence, shown=shown, hidden=hidden))

    if sort in codes:
        n = codes.index(sort)
        present = [r for r in rows if r.shown[n] is not None]
        absent = [r for r in rows if r.shown[n] is None]
        rows = sorted(present, key=lambda r: r.shown[n], reverse=descending) + absent
    elif sort == "dwellings":
        rows.sort(key=lambda r: r.residence.dwellings, reverse=descending)
    elif descending:
        rows.reverse()
    return ComparisonTable(indicators=indicators, rows=rows, medians=medians)


def mark_versus_median(table: ComparisonTable, rows: list[ComparisonRow]) -> None:
    """Compare the displayed rows' cells with the medians and render their HTML once."""
    marks = versus_marks()
    for row in rows:
        for n, cell in enumerate(row.cells):
            cell.versus_median = _versus(table.indicators[n], cell.value, table.medians[n])
            cell.rendered = cell.html(marks)


class Median(Aggregate):
    """PostgreSQL's exact median."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DecimalField(max_digits=12, decimal_places=2)


def trend_months(*, end: dt.date, count: int) -> list[dt.date]:
    return [add_months(end, -i) for i in range(count - 1, -1, -1)]


def median_trends(
    *, scope: ReportingScope, months: list[dt.date], filters: ResidenceFilters | None = None,
    codes: list[str] | None = None,
) -> dict[str, list[Decimal | None]]:
    """{indicator: [median of the shown monthly values of the residences in scope, per month]}.

    One aggregate query, cached until any value is recomputed (two cheap queries then).
    """
    codes = codes or list(CATALOGUE)
    key = "reporting:median-trends:" + hashlib.sha256(repr((
        scope.kind, scope.landlord.pk if scope.landlord else None, filters, codes, months, reporting_version(),
    )).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = _median_trends(scope=scope, months=months, filters=filters, codes=codes)
    cache.set(key, result, timeout=24 * 3600)
    return result


def _median_trends(*, scope, months, filters, codes) -> dict[str, list[Decimal | None]]:
    rows = (
        scope.visible_values(filters)
        .filter(period_kind=MONTH, period_start__gte=months[0], period_start__lte=months[-1], indicator__in=codes)
        .order_by().values("indicator", "period_start").annotate(median=Median("value"))
    )
    found = {(r["indicator"], r["period_start"]): r["median"] for r in rows}
    return {
        code: [None if found.get((code, m)) is None else Decimal(found[(code, m)]).quantize(Decimal("0.01"))
               for m in months]
        for code in codes
    }


def residence_trends(
    *, scope: ReportingScope, residence: Residence, months: list[dt.date]
) -> dict[str, list[Decimal | None]]:
    """{indicator: [the residence's shown monthly value, per month]} in one query."""
    rows = scope.values().filter(
        residence=residence, period_kind=MONTH, period_start__gte=months[0], period_start__lte=months[-1],
        indicator__in=list(CATALOGUE),
    ).values_list("indicator", "period_start", "value", "count_basis", "suppressed")
    found = {
        (code, start): None if scope.hides(CATALOGUE.get(code), basis, flag) else value
        for code, start, value, basis, flag in rows
    }
    return {code: [found.get((code, m)) for m in months] for code in CATALOGUE}


@dataclass
class ProfileLine:
    indicator: Indicator
    cell: Cell
    median: Decimal | None


def residence_profile(*, scope: ReportingScope, residence: Residence, period: Period) -> list[ProfileLine]:
    """Every indicator of one residence for a period, against the median of the scope's residences."""
    own = {
        code: (value, basis, flag)
        for code, value, basis, flag in scope.values().filter(
            residence=residence, period_kind=period.kind, period_start=period.start
        ).values_list("indicator", "value", "count_basis", "suppressed")
    }
    medians = {
        r["indicator"]: r["median"]
        for r in scope.visible_values().filter(period_kind=period.kind, period_start=period.start)
        .order_by().values("indicator").annotate(median=Median("value"))
    }
    lines = []
    for code, i in CATALOGUE.items():
        median = None if medians.get(code) is None else Decimal(medians[code]).quantize(Decimal("0.01"))
        found = own.get(code)
        if found is None:
            cell = Cell(value=None)
        elif scope.hides(i, found[1], found[2]):
            cell = Cell(value=None, suppressed=True)
        else:
            cell = Cell(value=found[0], versus_median=_versus(i, found[0], median))
        lines.append(ProfileLine(indicator=i, cell=cell, median=median))
    return lines


def last_refresh(*, scope: ReportingScope, period: Period | None = None):
    """When the values shown were last computed (those of `period` if given: an indexed read)."""
    values = scope.values()
    if period is not None:
        values = values.filter(period_kind=period.kind, period_start=period.start)
    return values.aggregate(last=Max("computed_at"))["last"]


def reporting_version() -> str:
    """Changes whenever any value is (re)computed: the cache key of derived figures. One index read."""
    last = IndicatorValue.objects.aggregate(last=Max("computed_at"))["last"]
    return last.isoformat() if last else "empty"


def available_periods(*, kind: str, today: dt.date, count: int = 24) -> list[Period]:
    """The last `count` periods of `kind` up to the one containing `today`, newest first (no query)."""
    from reporting.periods import period_start

    latest = Period(kind, period_start(kind, today))
    periods = [latest]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods


def department_list(*, scope: ReportingScope) -> list[str]:
    return list(scope.residences().order_by("department").values_list("department", flat=True).distinct())


def refresh_run_list(*, limit: int = 10) -> list[RefreshRun]:
    return list(RefreshRun.objects.all()[:limit])


def access_refresh_run_by_id(*, user: User, run_id) -> RefreshRun:
    """Refresh runs belong to the head office; anyone else gets 404."""
    if not (user.is_authenticated and user.is_head_office):
        raise Http404
    try:
        return RefreshRun.objects.get(pk=int(run_id))
    except (RefreshRun.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
