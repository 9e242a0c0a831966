"""Reads of the budget. They run on the current residence schema only.

The figures of a line (`line_figures`) are the one definition of "spent", "remaining" and
"available" that the screens, the exports, the PDF, the API, the indicators and the services'
over-spend rule all use:

    remaining = planned − spent + refunds
    available = remaining − outstanding commitments
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.budget.models import (
    ZERO,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    Decision,
    EntryKind,
    Envelope,
    FundingSource,
    YearStatus,
)


def access_year_by_id(*, actor, id) -> BudgetYear:  # noqa: A002
    """A budget year of the current residence, or 404: ids of another schema never resolve.
    The actor must be allowed in the residence."""
    return access_by_id(BudgetYear.objects.all(), id, actor=actor, message=_("Exercice introuvable"))


def access_line_by_id(*, actor, id) -> BudgetLine:  # noqa: A002
    """A budget line of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(BudgetLine.objects.select_related("year"), id, actor=actor, message=_("Ligne introuvable"))


def access_entry_by_id(*, actor, id) -> BudgetEntry:  # noqa: A002
    """A ledger entry of the current residence (with what its page shows), or 404. The actor must be
    allowed in the residence."""
    return access_by_id(entry_list(), id, actor=actor, message=_("Écriture introuvable"))


def access_decision_by_id(*, actor, id) -> Decision:  # noqa: A002
    """A residents' decision of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(Decision.objects.select_related("year", "line"), id, actor=actor,
                        message=_("Décision introuvable"))


def access_envelope_by_id(*, actor, id) -> Envelope:  # noqa: A002
    """A funding envelope of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(Envelope.objects.select_related("year"), id, actor=actor, message=_("Enveloppe introuvable"))


def year_for_date(day: dt.date) -> BudgetYear | None:
    return BudgetYear.objects.filter(year=day.year).first()


def current_year() -> BudgetYear | None:
    """The open year to show first: the latest open one, else the latest."""
    return (BudgetYear.objects.filter(status=YearStatus.OPEN).order_by("-year").first()
            or BudgetYear.objects.order_by("-year").first())


def year_list(*, search: str = "", status: str = "") -> QuerySet[BudgetYear]:
    qs = BudgetYear.objects.all()
    if search:
        qs = qs.filter(Q(note__icontains=search) | Q(year__icontains=search))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year")


def line_list(*, year: BudgetYear | None = None, search: str = "", category: str = "") -> QuerySet[BudgetLine]:
    qs = BudgetLine.objects.select_related("year")
    if year is not None:
        qs = qs.filter(year=year)
    if search:
        qs = qs.filter(name__icontains=search)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-year__year", "name", "id")


def entry_list(
    *,
    year: BudgetYear | None = None,
    line: BudgetLine | None = None,
    kind: str = "",
    decision: Decision | None = None,
    project=None,
    application=None,
    search: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[BudgetEntry]:
    """The ledger, with what a row shows joined in: one query whatever the rows."""
    qs = BudgetEntry.objects.select_related("year", "line", "decision", "activity", "project", "application",
                                            "commitment", "corrects", "correction")
    if year is not None:
        qs = qs.filter(year=year)
    if line is not None:
        qs = qs.filter(line=line)
    if kind:
        qs = qs.filter(kind=kind)
    if decision is not None:
        qs = qs.filter(decision=decision)
    if project is not None:
        qs = qs.filter(project=project)
    if application is not None:
        qs = qs.filter(application=application)
    if search:
        qs = qs.filter(Q(label__icontains=search) | Q(supplier__icontains=search) | Q(note__icontains=search))
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs.order_by("date", "id")


def entry_totals(entries: QuerySet[BudgetEntry]) -> list[tuple[str, Decimal]]:
    """The sum of each kind of the given entries (the ledger's footer), one query."""
    labels = dict(EntryKind.choices)
    rows = entries.order_by().values_list("kind").annotate(total=Sum("amount")).order_by("kind")
    return [(labels.get(kind, kind), total) for kind, total in rows]


@dataclass
class CitingEntries:
    entries: list[BudgetEntry]
    totals: list[tuple[str, Decimal]]  # (kind's label, sum), counter-entries netted


def entries_citing(*, project=None, application=None) -> CitingEntries:
    """The ledger's entries that cite a residents' project (commitments and expenses) or a funding
    application (grants received), counter-entries included, oldest first, with each kind's total:
    what the project's and the application's pages show of the budget."""
    if (project is None) == (application is None):
        raise TypeError("entries_citing: a project or an application")
    entries = entry_list(project=project, application=application)
    return CitingEntries(entries=list(entries), totals=entry_totals(entries))


def decision_list(*, year: BudgetYear | None = None, search: str = "", body: str = "") -> QuerySet[Decision]:
    """Decisions with the net amount of the expenses citing them (`spent`), one query."""
    qs = Decision.objects.select_related("year", "line").annotate(
        spent=Coalesce(Sum("entries__amount", filter=Q(entries__kind=EntryKind.EXPENSE)), ZERO),
    ).annotate(left=F("amount") - F("spent"))
    if year is not None:
        qs = qs.filter(year=year)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(text__icontains=search))
    if body:
        qs = qs.filter(body=body)
    return qs.order_by("-decided_on", "-id")


def decision_remaining(decision: Decision) -> Decimal:
    """What is left of a decision: its amount minus the net expenses citing it."""
    spent = decision.entries.filter(kind=EntryKind.EXPENSE).aggregate(s=Sum("amount"))["s"] or ZERO
    return decision.amount - spent


# --- Figures --------------------------------------------------------------------------------------

@dataclass
class Figures:
    planned: Decimal = ZERO
    committed: Decimal = ZERO  # net commitments recorded
    outstanding: Decimal = ZERO  # commitments not yet settled by expenses
    spent: Decimal = ZERO  # net expenses (counter-entries included)
    refunds: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent + self.refunds

    @property
    def available(self) -> Decimal:
        return self.remaining - self.outstanding

    @property
    def execution_rate(self) -> Decimal | None:
        if not self.planned:
            return None
        return ((self.spent - self.refunds) * 100 / self.planned).quantize(Decimal("0.1"))

    def add(self, other: Figures) -> None:
        for name in ("planned", "committed", "outstanding", "spent", "refunds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def outstanding_by_commitment(*, lines: list[int], before: dt.date | None = None) -> dict[int, tuple[int, Decimal]]:
    """{commitment id: (line id, amount not yet settled)} for live commitments of `lines`
    (as they stood before the day `before`, if given)."""
    commitments = BudgetEntry.objects.filter(kind=EntryKind.COMMITMENT, corrects__isnull=True, line_id__in=lines)
    settled, cancellations = Q(), BudgetEntry.objects.filter(corrects=OuterRef("pk"))
    if before is not None:
        commitments = commitments.filter(date__lt=before)
        settled = Q(settlements__date__lt=before)
        cancellations = cancellations.filter(date__lt=before)
    rows = (
        commitments
        .annotate(settled=Coalesce(Sum("settlements__amount", filter=settled), ZERO),
                  cancelled=Exists(cancellations))
        .values_list("pk", "line_id", "amount", "settled", "cancelled")
    )
    return {pk: (line_id, ZERO if cancelled else max(ZERO, amount - settled))
            for pk, line_id, amount, settled, cancelled in rows}


def line_figures(lines, *, before: dt.date | None = None) -> dict[int, Figures]:
    """{line id: Figures} for `lines` (BudgetLine objects): two queries whatever their number.
    With `before`, only entries dated before that day (the position at the end of a period)."""
    lines = list(lines)
    figures = {line.pk: Figures(planned=line.planned_amount) for line in lines}
    ids = list(figures)
    entries = BudgetEntry.objects.filter(line_id__in=ids)
    if before is not None:
        entries = entries.filter(date__lt=before)
    sums = entries.values("line_id", "kind").annotate(total=Sum("amount")).order_by()
    attribute = {EntryKind.COMMITMENT: "committed", EntryKind.EXPENSE: "spent", EntryKind.REFUND: "refunds"}
    for row in sums:
        name = attribute.get(row["kind"])
        if name:
            setattr(figures[row["line_id"]], name, row["total"])
    for line_id, outstanding in outstanding_by_commitment(lines=ids, before=before).values():
        figures[line_id].outstanding += outstanding
    return figures


def year_figures(years) -> dict[int, Figures]:
    """{year id: total Figures of its lines} for `years`: three queries whatever their number."""
    totals = {year.pk: Figures() for year in years}
    lines = list(BudgetLine.objects.filter(year_id__in=list(totals)))
    by_line = line_figures(lines)
    for line in lines:
        totals[line.year_id].add(by_line[line.pk])
    return totals


@dataclass
class LineRow:
    line: BudgetLine
    figures: Figures


@dataclass
class YearSummary:
    """What the year's page shows at a glance."""

    year: BudgetYear
    rows: list[LineRow]
    total: Figures
    envelopes: list[Envelope]
    envelopes_total: Decimal
    income_total: Decimal
    income_by_kind: list[tuple[str, Decimal]]
    carried_in: Decimal
    decided_total: Decimal
    decisions: list = field(default_factory=list)

    @property
    def resources(self) -> Decimal:
        return self.envelopes_total + self.carried_in

    @property
    def unallocated(self) -> Decimal:
        """Resources not yet spread over lines (negative: lines plan more than the envelopes)."""
        return self.resources - self.total.planned


def year_summary(year: BudgetYear) -> YearSummary:
    """The year's lines with their figures, totals, envelopes, income and decisions: a fixed
    number of queries whatever the number of lines and entries."""
    from core.budget.models import IncomeKind

    lines = list(BudgetLine.objects.filter(year=year).order_by("name", "id"))
    figures = line_figures(lines)
    total = Figures()
    rows = []
    for line in lines:
        rows.append(LineRow(line=line, figures=figures[line.pk]))
        total.add(figures[line.pk])
    envelopes = list(Envelope.objects.filter(year=year).order_by("source", "id"))
    other = dict(BudgetEntry.objects.filter(year=year, kind__in=[EntryKind.INCOME, EntryKind.CARRY_OVER])
                 .values_list("kind").annotate(total=Sum("amount")).order_by())
    income_rows = (BudgetEntry.objects.filter(year=year, kind=EntryKind.INCOME).values_list("income_kind")
                   .annotate(total=Sum("amount")).order_by("income_kind"))
    labels = dict(IncomeKind.choices)
    decisions = list(decision_list(year=year))
    return YearSummary(
        year=year, rows=rows, total=total, envelopes=envelopes,
        envelopes_total=sum((e.amount for e in envelopes), ZERO),
        income_total=other.get(EntryKind.INCOME, ZERO),
        income_by_kind=[(labels.get(k, k), t) for k, t in income_rows],
        carried_in=other.get(EntryKind.CARRY_OVER, ZERO),
        decided_total=sum((d.amount for d in decisions), ZERO),
        decisions=decisions,
    )


def envelopes_by_source(year: BudgetYear) -> list[tuple[str, Decimal]]:
    labels = dict(FundingSource.choices)
    rows = (Envelope.objects.filter(year=year).values_list("source").annotate(total=Sum("amount"))
            .order_by("source"))
    return [(labels.get(s, s), t) for s, t in rows]


# --- Indicator reads ------------------------------------------------------------------------------

def _day_bounds(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    from django.utils import timezone

    return timezone.localtime(start).date(), timezone.localtime(end).date()


def planned_for_year(year: int) -> Decimal:
    return BudgetLine.objects.filter(year__year=year).aggregate(s=Sum("planned_amount"))["s"] or ZERO


def period_figures(*, start: dt.datetime, end: dt.datetime) -> dict:
    """The budget's flows dated in [start, end) (Paris days), for the indicators: net expenses, refunds,
    expenses on resident-led actions (citing a decision, or for an activity organised or proposed by
    residents), own income, amounts decided by residents, each with its count; and the planned total
    of the budget year holding `start`. Three queries."""
    first, last = _day_bounds(start, end)
    resident_led = Q(kind=EntryKind.EXPENSE) & (Q(decision__isnull=False) | Q(activity__organiser_kind="resident")
                                                | Q(activity__proposed_by_residents=True))
    sums = BudgetEntry.objects.filter(date__gte=first, date__lt=last).aggregate(
        spent=Coalesce(Sum("amount", filter=Q(kind=EntryKind.EXPENSE)), ZERO),
        refunds=Coalesce(Sum("amount", filter=Q(kind=EntryKind.REFUND)), ZERO),
        spending_entries=Count("id", filter=Q(kind__in=[EntryKind.EXPENSE, EntryKind.REFUND])),
        resident_led=Coalesce(Sum("amount", filter=resident_led), ZERO),
        resident_led_entries=Count("id", filter=resident_led),
        income=Coalesce(Sum("amount", filter=Q(kind=EntryKind.INCOME)), ZERO),
        income_entries=Count("id", filter=Q(kind=EntryKind.INCOME)),
    )
    decided = Decision.objects.filter(decided_on__gte=first, decided_on__lt=last).aggregate(
        decided=Coalesce(Sum("amount"), ZERO), decisions=Count("id"))
    return {**sums, **decided, "net_spent": sums["spent"] - sums["refunds"], "planned": planned_for_year(first.year)}


def year_execution(year: int, before: dt.date | None = None) -> Figures | None:
    """The budget year's totals (entries dated before `before`, if given), None if the residence has
    no budget that year. Four queries."""
    budget_year = BudgetYear.objects.filter(year=year).first()
    if budget_year is None:
        return None
    total = Figures()
    for figures in line_figures(BudgetLine.objects.filter(year=budget_year), before=before).values():
        total.add(figures)
    return total
