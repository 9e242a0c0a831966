"""Reads of the reporting layer, always through a ReportingScope: the one door to indicator values.

A scope is built once from the user (or for one residence's own report); every read of values
for display is `scope.cells(period_kind=…, start=…, end=…, indicators=…)`, which applies the
suppression rule (`hidden_reason`: "small_count" or "secondary"), the one number formatter
(`format_value`) and the unit. Pages, exports, the API, trends, profiles and both PDF reports
read through it; medians (`scope.median`) are computed over shown cells only, and not at all for
a landlord over fewer than MIN_MEDIAN_RESIDENCES residences. tests/reporting/test_one_door.py
fails if any other module reads IndicatorValue for display.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, F, Max, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context

from reporting.indicators import CATALOGUE, Indicator
from reporting.models import IndicatorValue, RefreshRun
from reporting.periods import MONTH, Period, add_months
from tenants.models import Landlord, Residence, User
from tenants.selectors import active_residence_list

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


# Why a cell is not shown (landlord scopes only): a small count of people, or a cell hidden so that
# a small count can't be rebuilt from it (secondary suppression). "" means shown.
SMALL_COUNT, SECONDARY = "small_count", "secondary"
SUPPRESSED_REASONS = (SMALL_COUNT, SECONDARY)
# A landlord median over fewer shown residences would reveal them (one residence: its own value).
MIN_MEDIAN_RESIDENCES = 3
TOO_FEW = "too_few"

# What a cell without a value shows, on pages, in exports and PDFs (the API returns null).
NO_VALUE = "–"


@dataclass(frozen=True)
class ReportingScope:
    """Who is reading: the head office ("all"), one landlord ("landlord": suppressed cells), or one
    residence ("residence": its own report, real values). The only door to the indicator values."""

    kind: str  # "all", "landlord" or "residence"
    landlord: Landlord | None = None
    residence: Residence | None = None

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

    @classmethod
    def for_residence(cls, residence: Residence) -> ReportingScope:
        """A residence's own figures, as its coordinators and its activity report show them."""
        return cls(kind="residence", residence=residence)

    @property
    def suppresses_small_counts(self) -> bool:
        return self.kind == "landlord"

    def hidden_reason(self, indicator: Indicator, count_basis: int, suppressed: bool) -> str:
        """The one rule of who sees a cell: "" (shown), SMALL_COUNT or SECONDARY (landlords only).

        The stored `suppressed` flag covers both; a small count of people is named as such,
        any other flagged cell is hidden only to protect a small one.
        """
        if not self.suppresses_small_counts:
            return ""
        if indicator.counts_people and count_basis < settings.SMALL_COUNT_THRESHOLD:
            return SMALL_COUNT
        return SECONDARY if suppressed else ""

    def residences(self, filters: ResidenceFilters | None = None) -> QuerySet[Residence]:
        if self.kind == "residence":
            return Residence.objects.using(reporting_database()).select_related("landlord").filter(
                pk=self.residence.pk)
        qs = active_residence_list().using(reporting_database()).select_related("landlord")
        if self.kind != "all":
            qs = qs.filter(landlord_id=self.landlord.pk)
        return filters.apply(qs) if filters else qs

    def _values(self, filters: ResidenceFilters | None = None) -> QuerySet[IndicatorValue]:
        """Raw rows of the scope: private, read only by `cells` and the metadata below."""
        return IndicatorValue.objects.using(reporting_database()).filter(
            residence__in=self.residences(filters).values("pk"))

    def cell(self, indicator: Indicator, cents: int | None, count_basis: int, suppressed: bool) -> Cell:
        reason = self.hidden_reason(indicator, count_basis, suppressed)
        return Cell(indicator, None if reason else cents, reason)

    def cells(
        self, *, period_kind: str, start: dt.date, end: dt.date | None = None,
        indicators: list[str] | tuple[str, ...] | None = None, residence_ids: list[int] | None = None,
        filters: ResidenceFilters | None = None,
    ) -> CellGrid:
        """The one read of indicator values for display: pages, exports, API, trends, profiles, PDFs.

        Cells of one kind of period (never a quarter's row where a month is asked), from `start`
        to `end` included (one period if `end` is None), for `indicators` (codes; default: the
        catalogue) of the scope's residences (optionally `residence_ids` only). Each cell has its
        suppression reason, formatted text and unit applied. One query.
        """
        codes = [c for c in (indicators or CATALOGUE) if c in CATALOGUE]
        qs = self._values(filters).filter(period_kind=period_kind, indicator__in=codes)
        qs = qs.filter(period_start=start) if end is None else qs.filter(period_start__gte=start,
                                                                             period_start__lte=end)
        if residence_ids is not None:
            qs = qs.filter(residence_id__in=list(residence_ids))
        rows = qs.annotate(cents=Cast(F("value") * 100, BigIntegerField())).values_list(
            "residence_id", "indicator", "period_start", "cents", "count_basis", "suppressed")
        found = {(rid, code, day): self.cell(CATALOGUE[code], cents, basis, flag)
                 for rid, code, day, cents, basis, flag in rows}
        return CellGrid(found)

    def median(self, indicator: Indicator, cents: list[int]) -> MedianCell:
        """The median of shown cells (in hundredths); landlords get none over too few residences."""
        if self.suppresses_small_counts and 0 < len(cents) < MIN_MEDIAN_RESIDENCES:
            return MedianCell(indicator, None, TOO_FEW)
        return MedianCell(indicator, median_cents(cents))


class CellGrid:
    """Cells keyed by (residence id, indicator code, period start); a missing one has no value."""

    def __init__(self, found: dict[tuple[int, str, dt.date], Cell]):
        self.found = found

    def get(self, residence_id: int, code: str, start: dt.date) -> Cell:
        cell = self.found.get((residence_id, code, start))
        return cell if cell is not None else Cell(CATALOGUE[code])

    def items(self):
        return self.found.items()

    def __len__(self) -> int:
        return len(self.found)


def access_residence_by_id(*, actor: User | ReportingScope, id) -> Residence:  # noqa: A002 - Zulip's naming
    """A residence the actor may read reports of, or 404: another landlord's residence does not exist here.

    `actor` is the user (its scope is built here) or an already built scope.
    """
    scope = actor if isinstance(actor, ReportingScope) else ReportingScope.for_user(actor)
    try:
        return scope.residences().get(pk=int(id))
    except (Residence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Résidence introuvable")) from exc


@lru_cache(maxsize=32)
def _number_format(language: str | None) -> tuple[str, str, int]:
    """The language's decimal separator, thousand separator and grouping (read once per language)."""
    grouping = get_format("NUMBER_GROUPING", language)
    return (get_format("DECIMAL_SEPARATOR", language), get_format("THOUSAND_SEPARATOR", language),
            grouping if isinstance(grouping, int) else 3)


_QUANTUMS = {places: Decimal(1).scaleb(-places) for places in range(4)}


def format_value(value: Decimal | int | None, places: int = 0) -> str:
    """Every number shown to a user: the active language's separators (« 1 234,5 »), `places` decimals.

    Pages, medians, exports' text and both PDF reports go through it, so one column never
    mixes « 82.5 » and « 66,25 ». Separators come from Django's locale formats, read once
    per language: a comparison page formats a thousand numbers.
    """
    if value is None:
        return NO_VALUE
    decimal_sep, thousand_sep, grouping = _number_format(get_language())
    number = Decimal(value).quantize(_QUANTUMS.get(places) or Decimal(1).scaleb(-places), ROUND_HALF_UP)
    whole, _, fraction = f"{abs(number):f}".partition(".")
    if grouping > 0 and len(whole) > grouping:
        head = len(whole) % grouping or grouping
        whole = thousand_sep.join([whole[:head], *(whole[i:i + grouping] for i in range(head, len(whole), grouping))])
    text = f"{whole}{decimal_sep}{fraction}" if fraction else whole
    return f"-{text}" if number < 0 else text


def small_count_mark() -> str:
    return f"< {settings.SMALL_COUNT_THRESHOLD}"


def versus_marks() -> dict[str, tuple[str, str]]:
    return {"better": ("▲", gettext("mieux que la médiane")), "worse": ("▼", gettext("moins bien que la médiane"))}


# The notes a hidden cell or median points to (aria-describedby): templates print them with these ids.
NOTE_IDS = {SMALL_COUNT: "note-small-count", SECONDARY: "note-secondary", TOO_FEW: "note-too-few"}


def _from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)  # 3000 -> Decimal("30.00"), as the numeric(12, 2) column reads


@dataclass(slots=True)
class Cell:
    """One indicator value as a scope may show it. `cents` is None when missing or hidden."""

    indicator: Indicator
    cents: int | None = None
    reason: str = ""  # "", SMALL_COUNT or SECONDARY
    versus_median: str = ""  # "better", "worse", "equal" or "" (no median or no value)

    @property
    def value(self) -> Decimal | None:
        return None if self.cents is None else _from_cents(self.cents)

    @property
    def suppressed(self) -> bool:
        return bool(self.reason)

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def text(self) -> str:
        if self.reason == SMALL_COUNT:
            return small_count_mark()
        if self.reason == SECONDARY:
            return gettext("masqué")
        return format_value(self.value, self.indicator.decimals)

    @property
    def css(self) -> str:
        return " ".join(c for c in ("num", "suppressed" if self.reason else "", self.versus_median) if c)

    def render(self, marks: dict[str, tuple[str, str]] | None = None) -> str:
        """The cell as `<td>`: the one renderer of the pages (a comparison page holds a thousand)."""
        note = f' aria-describedby="{NOTE_IDS[self.reason]}"' if self.reason else ""
        content = escape(self.text)
        if self.versus_median in ("better", "worse"):
            marks = marks if marks is not None else versus_marks()
            arrow, label = marks[self.versus_median]
            content += (f' <span class="versus" aria-hidden="true">{escape(arrow)}</span>'
                        f'<span class="visually-hidden">{escape(label)}</span>')
        return mark_safe(f'<td class="{self.css}"{note}>{content}</td>')

    @property
    def td(self) -> str:
        return self.render()

    def export_value(self):
        """A number for spreadsheets (rounded as on screen), or the text of a hidden or missing cell."""
        if self.reason or self.cents is None:
            return self.text
        return _export_number(self.value, self.indicator.decimals)


def _export_number(value: Decimal, places: int):
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return int(rounded) if places == 0 else float(rounded)


@dataclass(slots=True)
class MedianCell:
    """The median of the shown cells of one indicator; `reason` TOO_FEW when not published."""

    indicator: Indicator
    cents: int | None
    reason: str = ""

    @property
    def value(self) -> Decimal | None:
        return None if self.cents is None else _from_cents(self.cents)

    @property
    def text(self) -> str:
        if self.reason == TOO_FEW:
            return gettext("non publiée")
        return format_value(self.value, self.indicator.decimals)

    @property
    def td(self) -> str:
        note = f' aria-describedby="{NOTE_IDS[TOO_FEW]}"' if self.reason else ""
        return mark_safe(f'<td class="num median"{note}>{escape(self.text)}</td>')

    def export_value(self):
        if self.cents is None:
            return self.text
        return _export_number(self.value, self.indicator.decimals)


def median_cents(cents: list[int]) -> int | None:
    """The median of values given in hundredths, to the hundredth (half-even), or None if empty."""
    if not cents:
        return None
    ordered = sorted(cents)
    n = len(ordered)
    middle = (n - 1) // 2
    if n % 2:
        return ordered[middle]
    total = ordered[middle] + ordered[middle + 1]
    return int((Decimal(total) / 2).quantize(Decimal(1)))  # half-even, as before


@dataclass(slots=True)
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
    """A residence and its values: `cents[n]` is indicator n's value in hundredths, None if missing or
    hidden; `reasons[n]` why it is hidden from this scope ("" if shown)."""

    residence: ResidenceSummary
    cents: tuple[int | None, ...]
    reasons: tuple[str, ...]
    indicators: tuple[Indicator, ...] = ()
    cells_html: str = ""

    @property
    def cells(self) -> list[Cell]:
        return [Cell(i, c, r) for i, c, r in zip(self.indicators, self.cents, self.reasons)]


@dataclass
class ComparisonTable:
    indicators: list[Indicator]
    rows: list[ComparisonRow]
    medians: list[MedianCell]
    last_refresh: dt.datetime | None = None

    @property
    def hidden_reasons(self) -> set[str]:
        """Which notes the page must print under the table."""
        found = {r for row in self.rows for r in row.reasons if r}
        return found | {m.reason for m in self.medians if m.reason}


def _versus(indicator: Indicator, cents: int | None, median: int | None) -> str:
    if cents is None or median is None:
        return ""
    if cents == median:
        return "equal"
    return "better" if (cents > median) == indicator.higher_is_better else "worse"


COMPARISON_CACHE_SECONDS = 24 * 3600


def comparison_cells(*, scope: ReportingScope, period: Period, residence_ids: set[int] | None = None) -> dict:
    """The scope's cells for a period, computed once per (scope, period, reporting version) and cached.

    {"cells": {residence id: (cents per indicator, hidden reason per indicator)}, "residences": ids
    of the scope when computed, "last_refresh": datetime} for every residence of the scope
    (unfiltered), read through `scope.cells`. The key names the scope (head office, or one
    landlord), so a landlord is only ever served a table built for it. The key includes
    `reporting_version()`, so any refresh invalidates it. Which residences appear is never read
    from the cache: the rows come from `scope.residences()` on each request, and if one of
    `residence_ids` (those rows) was not in the scope when the entry was computed (a new
    residence, one moved to this landlord), it is recomputed. The scope's ids are read before
    its values, so a residence that joins in between is missing from the entry and triggers
    that recomputation.
    """
    codes = tuple(CATALOGUE)
    # The "v3" names the entry's layout: a deploy that changes it never reads an older entry.
    key = "reporting:comparison-cells:v3:" + hashlib.sha256(repr((
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
    grid = scope.cells(period_kind=period.kind, start=period.start, indicators=codes)
    position = {code: n for n, code in enumerate(codes)}
    width = len(codes)
    cents: dict[int, list[int | None]] = {}
    reasons: dict[int, list[str]] = {}
    for (rid, code, _start), cell in grid.items():
        if rid not in cents:
            cents[rid], reasons[rid] = [None] * width, [""] * width
        n = position[code]
        cents[rid][n], reasons[rid][n] = cell.cents, cell.reason
    return {"cells": {rid: (tuple(cents[rid]), tuple(reasons[rid])) for rid in cents},
            "last_refresh": last_refresh(scope=scope, period=period), "residences": in_scope}


def comparison_table(
    *, scope: ReportingScope, period: Period, filters: ResidenceFilters | None = None,
    sort: str = "", descending: bool = False,
) -> ComparisonTable:
    """One row per residence in scope, one cell per indicator, and the median of the rows' shown values.

    Two queries on a warm cache whatever the number of residences (the reporting version and the
    residences, read as tuples); the cells come from `comparison_cells` (cached), the medians are
    computed here over the shown cells of the filtered rows (`scope.median`).
    `sort` is "name", "dwellings" or an indicator code; hidden and missing cells sort last.
    Call `mark_versus_median` on the rows you display.
    """
    indicators = tuple(CATALOGUE.values())
    codes = [i.code for i in indicators]
    residences = list(scope.residences(filters).order_by("name", "pk").values_list(
        "pk", "name", "landlord__short_name", "city", "department", "is_priority_neighbourhood", "dwellings"
    ))
    computed = comparison_cells(scope=scope, period=period, residence_ids={r[0] for r in residences})
    cells = computed["cells"]
    empty = ((None,) * len(codes), ("",) * len(codes))
    rows = [ComparisonRow(ResidenceSummary(*r), *cells.get(r[0], empty), indicators) for r in residences]
    medians = [scope.median(i, [c for row in rows if (c := row.cents[n]) is not None])
               for n, i in enumerate(indicators)]

    if sort in codes:
        n = codes.index(sort)
        present = [r for r in rows if r.cents[n] is not None]
        absent = [r for r in rows if r.cents[n] is None]
        rows = sorted(present, key=lambda r: r.cents[n], reverse=descending) + absent
    elif sort == "dwellings":
        rows.sort(key=lambda r: r.residence.dwellings, reverse=descending)
    elif descending:
        rows.reverse()
    return ComparisonTable(indicators=list(indicators), rows=rows, medians=medians,
                           last_refresh=computed["last_refresh"])


def mark_versus_median(table: ComparisonTable, rows: list[ComparisonRow]) -> None:
    """Compare the displayed rows' values with the medians and build each row's `<td>` cells once.

    `row.cells_html` is the row's cells as one string (`Cell.render`), so the template does no
    per-cell work (a page shows a thousand cells).
    """
    marks = versus_marks()
    medians = [m.cents for m in table.medians]
    for row in rows:
        row.cells_html = mark_safe("".join(
            Cell(i, c, r, _versus(i, c, m)).render(marks)
            for i, c, r, m in zip(table.indicators, row.cents, row.reasons, medians)
        ))


def percentile_cents(cents: list[int], fraction: float) -> int | None:
    """PostgreSQL's percentile_cont over shown cells (hundredths): linear between the two nearest."""
    if not cents:
        return None
    ordered = sorted(cents)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def quartile_trends(*, scope: ReportingScope, months: list[dt.date], filters: ResidenceFilters | None = None,
                    code: str) -> dict[str, list[MedianCell]]:
    """{"q1": [...], "q3": [...]}: the spread of one indicator's shown monthly cells over the residences
    in scope, per month. The same cells and the same publication rule as the median (`scope.median`:
    no spread for landlords below MIN_MEDIAN_RESIDENCES shown residences)."""
    indicator = CATALOGUE[code]
    grid = scope.cells(period_kind=MONTH, start=months[0], end=months[-1], indicators=[code], filters=filters)
    shown: dict[dt.date, list[int]] = {}
    for (_rid, _code, start), cell in grid.items():
        if cell.cents is not None:
            shown.setdefault(start, []).append(cell.cents)
    spread: dict[str, list[MedianCell]] = {"q1": [], "q3": []}
    for month in months:
        cents = shown.get(month, [])
        reason = scope.median(indicator, cents).reason
        for key, fraction in (("q1", 0.25), ("q3", 0.75)):
            spread[key].append(MedianCell(indicator, None if reason else percentile_cents(cents, fraction), reason))
    return spread


def trend_months(*, end: dt.date, count: int) -> list[dt.date]:
    return [add_months(end, -i) for i in range(count - 1, -1, -1)]


def median_trends(
    *, scope: ReportingScope, months: list[dt.date], filters: ResidenceFilters | None = None,
    codes: list[str] | None = None,
) -> dict[str, list[MedianCell]]:
    """{indicator: [median of the shown monthly values of the residences in scope, per month]}.

    One read through `scope.cells`, cached until any value is recomputed (two cheap queries then).
    """
    codes = codes or list(CATALOGUE)
    key = "reporting:median-trends:v2:" + hashlib.sha256(repr((
        scope.kind, scope.landlord.pk if scope.landlord else None, filters, codes, months, reporting_version(),
    )).encode()).hexdigest()
    cached = cache.get(key)  # {code: [(cents, reason) per month]}: plain values, the indicators stay in code
    if cached is None:
        grid = scope.cells(period_kind=MONTH, start=months[0], end=months[-1], indicators=codes, filters=filters)
        shown: dict[tuple[str, dt.date], list[int]] = {}
        for (_rid, code, start), cell in grid.items():
            if cell.cents is not None:
                shown.setdefault((code, start), []).append(cell.cents)
        cached = {code: [(m.cents, m.reason) for m in (scope.median(CATALOGUE[code], shown.get((code, month), []))
                                                       for month in months)] for code in codes}
        cache.set(key, cached, timeout=24 * 3600)
    return {code: [MedianCell(CATALOGUE[code], cents, reason) for cents, reason in cached[code]] for code in codes}


def residence_trends(*, scope: ReportingScope, residence: Residence, months: list[dt.date]) -> dict[str, list[Cell]]:
    """{indicator: [the residence's monthly cell, per month]} in one query."""
    grid = scope.cells(period_kind=MONTH, start=months[0], end=months[-1], residence_ids=[residence.pk])
    return {code: [grid.get(residence.pk, code, m) for m in months] for code in CATALOGUE}


@dataclass
class ProfileLine:
    indicator: Indicator
    cell: Cell
    median: MedianCell


def residence_profile(*, scope: ReportingScope, residence: Residence, period: Period) -> list[ProfileLine]:
    """Every indicator of one residence for a period, against the median of the scope's residences."""
    grid = scope.cells(period_kind=period.kind, start=period.start, residence_ids=[residence.pk])
    everyone = comparison_cells(scope=scope, period=period)["cells"].values()
    lines = []
    for n, (code, indicator) in enumerate(CATALOGUE.items()):
        median = scope.median(indicator, [c for cents, _r in everyone if (c := cents[n]) is not None])
        cell = grid.get(residence.pk, code, period.start)
        cell.versus_median = _versus(indicator, cell.cents, median.cents)
        lines.append(ProfileLine(indicator=indicator, cell=cell, median=median))
    return lines


class IndicatorValueRows:
    """The API's rows of one period, as a lazy sequence the paginator slices: each page is read
    through `scope.cell` (same rule, same text) in one query, plus one count."""

    def __init__(self, *, scope: ReportingScope, period: Period, residence_slug: str = ""):
        self.scope, self.period = scope, period
        qs = scope._values().filter(period_kind=period.kind, period_start=period.start,
                                    indicator__in=list(CATALOGUE))
        self._qs = qs.filter(residence__slug=residence_slug) if residence_slug else qs

    def count(self) -> int:
        return self._qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        rows = self._qs.order_by("residence__name", "indicator", "pk").annotate(
            cents=Cast(F("value") * 100, BigIntegerField())).values_list(
            "residence__slug", "residence__name", "residence__landlord__short_name", "indicator", "cents",
            "count_basis", "suppressed")[index]
        found = []
        for slug, name, landlord, code, cents, basis, flag in rows:
            cell = self.scope.cell(CATALOGUE[code], cents, basis, flag)
            found.append({
                "residence": slug, "residence_name": name, "landlord": landlord, "indicator": code,
                "period_kind": self.period.kind, "period": self.period.key, "month": self.period.start,
                "value": cell.value, "suppressed": cell.suppressed, "suppressed_reason": cell.reason or None,
                "display": cell.text, "unit": str(cell.unit),
            })
        return found


def last_refresh(*, scope: ReportingScope, period: Period | None = None):
    """When the values shown were last computed (those of `period` if given: an indexed read)."""
    values = scope._values()
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


def access_refresh_run_by_id(*, actor: User, id) -> RefreshRun:  # noqa: A002
    """Refresh runs belong to the head office; anyone else gets 404."""
    if not (actor.is_authenticated and actor.is_head_office):
        raise Http404
    try:
        return RefreshRun.objects.get(pk=int(id))
    except (RefreshRun.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
