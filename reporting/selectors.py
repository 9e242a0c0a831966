"""Reads of the reporting layer, always through a ReportingScope.

A scope is built once from the user; every query starts from `scope.residences()`
or `scope.values()`, so no page, export or API can reach outside it. In a landlord
scope, `scope.visible_values()` drops the cells hidden from landlords: medians and
trends are computed from those shown cells only, so they reveal nothing more.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from html import escape
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, BigIntegerField, DecimalField, F, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context

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


def reporting_database() -> str:
    """The database alias dashboards, exports and the reporting API read from.

    "replica" where the deployment has a read replica (DATABASE_REPLICA_HOST): the head office's
    comparisons then never load the primary that residences write to. Writes (refresh,
    suppression) always go to the primary; a replica a few seconds behind shows the previous
    refresh a few seconds longer.
    """
    return settings.REPORTING_DATABASE


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
        qs = Residence.objects.using(reporting_database()).select_related("landlord").filter(
            status=Residence.Status.ACTIVE)
        if self.kind != "all":
            qs = qs.filter(landlord_id=self.landlord.pk)
        return filters.apply(qs) if filters else qs

    def values(self, filters: ResidenceFilters | None = None) -> QuerySet[IndicatorValue]:
        return IndicatorValue.objects.using(reporting_database()).filter(
            residence__in=self.residences(filters).values("pk"))

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


@dataclass(frozen=True, slots=True)
class ResidenceSummary:
    """What a comparison row shows of its residence (read with `values_list`, no model instance)."""

    pk: int
    name: str
    landlord_short_name: str
    city: str
    department: str
    is_priority_neighbourhood: bool
    dwellings: int


@dataclass(slots=True)
class ComparisonRow:
    """A residence and its values: `cents[n]` is indicator n's value in hundredths (values are stored
    to the cent), None if missing or hidden; `hidden[n]` says it is hidden from this scope."""

    residence: ResidenceSummary
    cents: tuple[int | None, ...]
    hidden: tuple[bool, ...]
    _cells: list[Cell] | None = None
    cells_html: str = ""

    @property
    def shown(self) -> list[Decimal | None]:
        return [None if c is None else _from_cents(c) for c in self.cents]

    @property
    def cells(self) -> list[Cell]:
        # Built on demand: only the rows on screen (or exported) need cell objects.
        if self._cells is None:
            self._cells = [Cell(value=None if c is None else _from_cents(c), suppressed=h)
                           for c, h in zip(self.cents, self.hidden)]
        return self._cells


@dataclass
class ComparisonTable:
    indicators: list[Indicator]
    rows: list[ComparisonRow]
    medians: list[Decimal | None]
    last_refresh: dt.datetime | None = None


def _from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)  # 3000 -> Decimal("30.00"), as the numeric(12, 2) column reads


def _to_cents(value: Decimal) -> int:
    return int(value.scaleb(2))


def _versus(indicator: Indicator, value: Decimal | None, median: Decimal | None) -> str:
    if value is None or median is None:
        return ""
    if value == median:
        return "equal"
    return "better" if (value > median) == indicator.higher_is_better else "worse"


def median_of_cents(cents: list[int]) -> Decimal | None:
    """The median to the cent, exactly as PostgreSQL's `percentile_cont(0.5)` gives it (then rounded).

    `percentile_cont` casts numeric to float8 and interpolates `lo + (hi - lo) * 0.5` in
    float8; the same IEEE arithmetic here yields the same double, so the same figure on
    screen as the SQL median (tested against PostgreSQL).
    """
    if not cents:
        return None
    ordered = sorted(cents)
    n = len(ordered)
    middle = (n - 1) // 2
    if n % 2:
        median = ordered[middle] / 100
    else:
        lo, hi = ordered[middle] / 100, ordered[middle + 1] / 100
        median = lo + (hi - lo) * 0.5
    return Decimal(median).quantize(Decimal("0.01"))


COMPARISON_CACHE_SECONDS = 24 * 3600


def comparison_cells(*, scope: ReportingScope, period: Period, residence_ids: set[int] | None = None) -> dict:
    """The scope's cells for a period, computed once per (scope, period, reporting version) and cached.

    {"cells": {residence id: (cents per indicator, hidden per indicator)}, "residences": ids of the
    scope when computed, "last_refresh": datetime} for every residence of the scope (unfiltered).
    Suppression is applied here, and the key names the scope (head office, or one landlord), so a
    landlord is only ever served a table built for it. The key includes `reporting_version()`, so
    any refresh invalidates it. Which residences appear is never read from the cache: the rows come
    from `scope.residences()` on each request, and if one of `residence_ids` (those rows) was not in
    the scope when the entry was computed (a new residence, one moved to this landlord), it is
    recomputed. The scope's ids are read before its values, so a residence that joins in between
    is missing from the entry and triggers that recomputation.
    """
    codes = tuple(CATALOGUE)
    # The "v2" names the entry's layout: a deploy that changes it never reads an older entry.
    key = "reporting:comparison-cells:v2:" + hashlib.sha256(repr((
        scope.kind, scope.landlord.pk if scope.landlord else None, period.kind, period.start.isoformat(), codes,
        settings.SMALL_COUNT_THRESHOLD, reporting_version(),
    )).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None and (residence_ids is None or residence_ids <= cached["residences"]):
        return cached
    result = _comparison_cells(scope=scope, period=period, codes=codes)
    cache.set(key, result, timeout=COMPARISON_CACHE_SECONDS)
    return result


def _comparison_cells(*, scope: ReportingScope, period: Period, codes: tuple[str, ...]) -> dict:
    in_scope = frozenset(scope.residences().values_list("pk", flat=True))  # before the values: see above
    # Values in hundredths, computed in SQL: integers load much faster than decimals (20,000 of them).
    stored = scope.values().filter(period_kind=period.kind, period_start=period.start, indicator__in=codes).annotate(
        cents=Cast(F("value") * 100, BigIntegerField())
    ).values_list("residence_id", "indicator", "cents", "count_basis", "suppressed")
    position = {code: n for n, code in enumerate(codes)}
    people = [CATALOGUE[code].counts_people for code in codes]
    suppressing = scope.suppresses_small_counts
    threshold = settings.SMALL_COUNT_THRESHOLD
    width = len(codes)
    cents: dict[int, list[int | None]] = {}
    hidden: dict[int, list[bool]] = {}
    for rid, code, value, basis, flag in stored:
        n = position[code]
        if rid not in cents:
            cents[rid], hidden[rid] = [None] * width, [False] * width
        if suppressing and (flag or (people[n] and basis < threshold)):
            hidden[rid][n] = True
        else:
            cents[rid][n] = value
    # In SQL: loading 20,000 time stamps with their time zone costs more than a second index scan.
    return {"cells": {rid: (tuple(cents[rid]), tuple(hidden[rid])) for rid in cents},
            "last_refresh": last_refresh(scope=scope, period=period), "residences": in_scope}


def comparison_table(
    *, scope: ReportingScope, period: Period, filters: ResidenceFilters | None = None,
    sort: str = "", descending: bool = False,
) -> ComparisonTable:
    """One row per residence in scope, one cell per indicator, and the median of the rows' shown values.

    Two queries on a warm cache whatever the number of residences (the reporting version and the
    residences, read as tuples); the cells come from `comparison_cells` (cached), the medians are
    computed here over the shown cells of the filtered rows (PostgreSQL's median, to the cent).
    `sort` is "name", "dwellings" or an indicator code; hidden and missing cells sort last.
    Call `mark_versus_median` on the rows you display.
    """
    indicators = list(CATALOGUE.values())
    codes = [i.code for i in indicators]
    residences = list(scope.residences(filters).order_by("name", "pk").values_list(
        "pk", "name", "landlord__short_name", "city", "department", "is_priority_neighbourhood", "dwellings"
    ))
    computed = comparison_cells(scope=scope, period=period, residence_ids={r[0] for r in residences})
    cells = computed["cells"]
    empty = ((None,) * len(codes), (False,) * len(codes))
    rows = [ComparisonRow(ResidenceSummary(*r), *cells.get(r[0], empty)) for r in residences]
    medians = [median_of_cents([c for row in rows if (c := row.cents[n]) is not None]) for n in range(len(codes))]

    if sort in codes:
        n = codes.index(sort)
        present = [r for r in rows if r.cents[n] is not None]
        absent = [r for r in rows if r.cents[n] is None]
        rows = sorted(present, key=lambda r: r.cents[n], reverse=descending) + absent
    elif sort == "dwellings":
        rows.sort(key=lambda r: r.residence.dwellings, reverse=descending)
    elif descending:
        rows.reverse()
    return ComparisonTable(indicators=indicators, rows=rows, medians=medians, last_refresh=computed["last_refresh"])


def format_cents(cents: int) -> str:
    """`format_number` of a value given in hundredths, without building a Decimal (tested equal)."""
    whole, part = divmod(abs(cents), 100)
    digits = f"{whole}.{part:02d}".rstrip("0").rstrip(".") if part else str(whole)
    return f"-{digits}" if cents < 0 else digits


def mark_versus_median(table: ComparisonTable, rows: list[ComparisonRow]) -> None:
    """Compare the displayed rows' values with the medians and build each row's cells HTML once.

    `row.cells_html` is the row's `<td>` cells as one string, so the template does no per-cell
    work (a page shows a thousand cells); the markup is exactly `<td class="{{ cell.css }}">
    {{ cell.html }}</td>` of the matching `Cell` (tested equal).
    """
    marks = versus_marks()
    spans = {
        key: f' <span class="versus" aria-hidden="true">{escape(arrow)}</span>'
             f'<span class="visually-hidden">{escape(text)}</span>'
        for key, (arrow, text) in marks.items()
    }
    hidden_td = f'<td class="num suppressed">{escape(f"< {settings.SMALL_COUNT_THRESHOLD}")}</td>'
    missing_td = '<td class="num">–</td>'
    columns = []  # per indicator: (median in cents or None, higher is better)
    for indicator, median in zip(table.indicators, table.medians):
        columns.append((None if median is None else _to_cents(median), indicator.higher_is_better))
    for row in rows:
        parts = []
        for cents, hidden, (median, higher) in zip(row.cents, row.hidden, columns):
            if hidden:
                parts.append(hidden_td)
            elif cents is None:
                parts.append(missing_td)
            elif median is None:
                parts.append(f'<td class="num">{format_cents(cents)}</td>')
            elif cents == median:
                parts.append(f'<td class="num equal">{format_cents(cents)}</td>')
            else:
                versus = "better" if (cents > median) == higher else "worse"
                parts.append(f'<td class="num {versus}">{format_cents(cents)}{spans[versus]}</td>')
        row.cells_html = mark_safe("".join(parts))


class Median(Aggregate):
    """PostgreSQL's exact median."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DecimalField(max_digits=12, decimal_places=2)


class Percentile(Aggregate):
    """PostgreSQL's exact percentile (0.25 and 0.75: the quartiles drawn beside the median)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DecimalField(max_digits=12, decimal_places=2)

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def quartile_trends(*, scope: ReportingScope, months: list[dt.date], filters: ResidenceFilters | None = None,
                    code: str) -> dict[str, list[Decimal | None]]:
    """{"q1": [...], "q3": [...]}: the spread of one indicator's shown monthly values over the
    residences in scope, per month (one aggregate query, the same rows as `median_trends`)."""
    rows = (
        scope.visible_values(filters)
        .filter(period_kind=MONTH, period_start__gte=months[0], period_start__lte=months[-1], indicator=code)
        .order_by().values("period_start")
        .annotate(q1=Percentile("value", 0.25), q3=Percentile("value", 0.75))
    )
    found = {r["period_start"]: r for r in rows}

    def value(month, key):
        row = found.get(month)
        return None if row is None or row[key] is None else Decimal(row[key]).quantize(Decimal("0.01"))

    return {key: [value(m, key) for m in months] for key in ("q1", "q3")}


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


REPORTING_GENERATION_KEY = "reporting:generation"


def reporting_version() -> str:
    """Changes whenever any value is (re)computed: the cache key of derived figures.

    The newest `computed_at` and the highest id (two index reads, one query), plus the
    generation counter that every refresh bumps once committed (`reporting_values_changed`):
    with parallel workers a residence computed earlier may commit later, leaving both
    maxima unchanged, and the counter still moves.
    """
    # Read where the figures are read, so a lagging replica gives a stale version, never stale
    # figures under a fresh one.
    found = IndicatorValue.objects.using(reporting_database()).aggregate(last=Max("computed_at"), top=Max("id"))
    if found["last"] is None:
        return "empty"
    with schema_context(get_public_schema_name()):  # where `reporting_values_changed` bumps it
        generation = cache.get(REPORTING_GENERATION_KEY, 0)
    return f"{found['last'].isoformat()}/{found['top']}/{generation}"


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
