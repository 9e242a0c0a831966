"""Property test: whatever the sequence of commitments, expenses, refunds and corrections,
remaining = planned − spent + refunds per line and in total, and a "refuse" line never goes below
zero. The services run against the real database; a plain Python model keeps the expected sums."""
import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.budget.models import BudgetLine, BudgetYear
from core.budget.selectors import line_figures, year_summary
from core.budget.services import commitment_create, entry_correct, expense_create, refund_create

DAY = dt.date(2026, 6, 1)
cents = st.integers(min_value=1, max_value=9_000).map(lambda c: (D(c) / 100).quantize(D("0.01")))
operation = st.one_of(
    st.tuples(st.just("commit"), st.integers(0, 1), cents),
    st.tuples(st.just("expense"), st.integers(0, 1), cents),
    st.tuples(st.just("settle"), st.integers(0, 1), cents),  # an expense settling the line's last commitment
    st.tuples(st.just("refund"), st.integers(0, 1), cents),
    st.tuples(st.just("correct"), st.integers(0, 30), st.just(D(0))),  # counter-entry of the n-th entry
)


class Model:
    """What the ledger should say, kept by hand."""

    def __init__(self, planned):
        self.planned = planned
        self.spent = [D(0), D(0)]
        self.refunds = [D(0), D(0)]
        self.commitments = {}  # id -> [line, amount, settled, cancelled]
        self.entries = []  # (entry, line index)

    def outstanding(self, i, exclude=None):
        return sum((max(D(0), a - s) for cid, (line, a, s, c) in self.commitments.items()
                    if line == i and not c and cid != exclude), D(0))

    def own(self, cid):
        line, a, s, c = self.commitments[cid]
        return D(0) if c else max(D(0), a - s)

    def available(self, i):
        return self.planned[i] - self.spent[i] + self.refunds[i] - self.outstanding(i)


@pytest.fixture
def residence(residence_a, in_schema):
    with in_schema(residence_a):
        yield residence_a


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(planned=st.tuples(cents, cents), operations=st.lists(operation, max_size=14))
def test_any_sequence_keeps_remaining_exact_and_a_refuse_line_never_below_zero(residence, planned, operations):
    with transaction.atomic():
        year = BudgetYear.objects.create(year=2026)
        lines = [BudgetLine.objects.create(year=year, name="Refus", planned_amount=planned[0], overspend_rule="refuse"),
                 BudgetLine.objects.create(year=year, name="Alerte", planned_amount=planned[1], overspend_rule="warn")]
        model = Model(list(planned))
        for op, index, amount in operations:
            if op == "correct":
                _correct(model, lines, index)
            else:
                _write(model, lines, op, index, amount)
            _check(model, lines, year)
        transaction.set_rollback(True)


def _write(model, lines, op, i, amount):
    line = lines[i]
    last_commitment = next((cid for cid, c in reversed(model.commitments.items()) if c[0] == i and not c[3]), None)
    settles = last_commitment if op == "settle" else None
    if op == "commit":
        fits = amount <= model.available(i)
    elif op in ("expense", "settle"):
        fits = amount <= model.available(i) + (min(amount, model.own(settles)) if settles else D(0))
    else:
        fits = True
    reason = "" if i == 0 else "Besoin imprévu"  # the warn line always gets a reason
    try:
        if op == "commit":
            entry = commitment_create(line=line, date=DAY, amount=amount, label="Devis", overspend_reason=reason)
        elif op == "refund":
            entry = refund_create(line=line, date=DAY, amount=amount, label="Avoir")
        else:
            commitment = None
            if settles:
                from core.budget.models import BudgetEntry

                commitment = BudgetEntry.objects.get(pk=settles)
            entry = expense_create(line=line, date=DAY, amount=amount, label="Achat", commitment=commitment,
                                   overspend_reason=reason)
    except ValidationError as exc:
        assert i == 0 and not fits, (op, amount, exc.message_dict)
        return
    assert fits or i == 1, (op, amount, "a refuse line let an over-spend through")
    model.entries.append((entry, i))
    if op == "commit":
        model.commitments[entry.pk] = [i, amount, D(0), False]
    elif op == "refund":
        model.refunds[i] += amount
    else:
        model.spent[i] += amount
        if settles:
            model.commitments[settles][2] += amount


def _correct(model, lines, n):
    live = [(e, i) for e, i in model.entries if not e.corrects_id]
    if not live:
        return
    entry, i = live[n % len(live)]
    try:
        counter = entry_correct(entry=entry, reason="Erreur de saisie")
    except ValidationError:
        return  # refused (already corrected, a commitment with live settlements, a refund the line can't lose)
    model.entries = [(e, j) for e, j in model.entries if e.pk != entry.pk] + [(counter, i)]
    if entry.kind == "commitment":
        model.commitments[entry.pk][3] = True
    elif entry.kind == "refund":
        model.refunds[i] -= entry.amount
    else:
        model.spent[i] -= entry.amount
        if entry.commitment_id:
            model.commitments[entry.commitment_id][2] -= entry.amount


def _check(model, lines, year):
    figures = line_figures(lines)
    for i, line in enumerate(lines):
        f = figures[line.pk]
        assert (f.spent, f.refunds) == (model.spent[i], model.refunds[i])
        assert f.remaining == model.planned[i] - model.spent[i] + model.refunds[i]
        assert f.remaining.as_tuple().exponent == -2
    refuse = figures[lines[0].pk]
    assert refuse.remaining >= 0 and refuse.available >= 0
    total = year_summary(year).total
    assert total.remaining == sum(model.planned) - sum(model.spent) + sum(model.refunds)
