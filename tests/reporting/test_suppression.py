"""Secondary suppression: no hidden cell can be recomputed from what a landlord is shown.

The property is checked with an independent test of determinacy: a hidden cell is
recomputable iff adding its unit vector to the relation matrix (restricted to the
hidden cells) does not raise its rank (numpy, in floating point, on 0/±1 matrices).
"""
import datetime as dt
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.suppression import Relation, recomputable, suppress

THRESHOLD = 11


def _rank(rows: list[list[float]]) -> int:
    return int(np.linalg.matrix_rank(np.array(rows, dtype=float))) if rows else 0


def determined_cells(*, hidden: set, relations: list[Relation]) -> set:
    """Independent check: cells whose unit vector lies in the row space of the hidden part of the relations."""
    columns = sorted({k for r in relations for k in r.members if k in hidden}, key=repr)
    rows = []
    for r in relations:
        row = [0.0] * len(columns)
        for k in r.members:
            if k in hidden:
                row[columns.index(k)] += -1.0 if k == r.total else 1.0
        if any(row):
            rows.append(row)
    base = _rank(rows)
    found = set()
    for i, k in enumerate(columns):
        unit = [0.0] * len(columns)
        unit[i] = 1.0
        if _rank(rows + [unit]) == base:
            found.add(k)
    return found


def grid(residences: int, counts: list[int], with_totals: bool):
    """A landlord's cells for one indicator and one year: residence × (12 months, 4 quarters, year).

    Relations: quarter = its months, year = its quarters (per residence) and, if asked, a
    landlord total per period = sum of the residences (with its own cell "T").
    """
    values, relations = {}, []
    it = iter(counts)
    for r in range(residences):
        months = {m: next(it) for m in range(1, 13)}
        for m, v in months.items():
            values[(r, "m", m)] = v
        for q in range(4):
            values[(r, "q", q)] = sum(months[3 * q + i] for i in (1, 2, 3))
            relations.append(Relation((r, "q", q), tuple((r, "m", 3 * q + i) for i in (1, 2, 3))))
        values[(r, "y", 0)] = sum(months.values())
        relations.append(Relation((r, "y", 0), tuple((r, "q", q) for q in range(4))))
    if with_totals:
        periods = [("m", m) for m in range(1, 13)] + [("q", q) for q in range(4)] + [("y", 0)]
        for kind, n in periods:
            values[("T", kind, n)] = sum(values[(r, kind, n)] for r in range(residences))
            relations.append(Relation(("T", kind, n), tuple((r, kind, n) for r in range(residences))))
    return values, relations


@st.composite
def landlord_blocks(draw):
    residences = draw(st.integers(min_value=1, max_value=4))
    counts = draw(st.lists(st.integers(min_value=0, max_value=40), min_size=12 * residences, max_size=12 * residences))
    return grid(residences, counts, draw(st.booleans()))


@settings(max_examples=60, deadline=None)
@given(landlord_blocks())
def test_no_suppressed_cell_is_recomputable_from_what_is_shown(block):
    values, relations = block
    primary = {k for k, v in values.items() if v < THRESHOLD}
    hidden = suppress(values=values, primary=primary, relations=relations)

    assert primary <= hidden                          # every small count is hidden
    assert not (determined_cells(hidden=set(hidden), relations=relations) & hidden)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=8))
def test_a_total_and_its_parts_never_leave_a_lone_hidden_part(parts):
    values = {("p", i): v for i, v in enumerate(parts)} | {"total": sum(parts)}
    relations = [Relation("total", tuple(("p", i) for i in range(len(parts))))]
    primary = {k for k, v in values.items() if v < THRESHOLD}
    hidden = suppress(values=values, primary=primary, relations=relations)
    assert len(hidden) != 1
    assert not determined_cells(hidden=set(hidden), relations=relations) & hidden


def test_quarter_minus_two_shown_months_would_reveal_the_third_so_a_second_month_is_hidden():
    values = {"q": 40, "m1": 5, "m2": 20, "m3": 15}
    hidden = suppress(values=values, primary={"m1"}, relations=[Relation("q", ("m1", "m2", "m3"))])
    # m3 (15) is the smallest shown neighbour: hidden with m1, so q - m2 only gives m1 + m3.
    assert hidden == {"m1", "m3"}


def test_a_cell_fixed_through_two_relations_is_caught():
    # q = m1 + m2 + m3 and y = q + q2: with q and m1 hidden, y - q2 gives q, then q - m2 - m3 gives m1.
    values = {"y": 60, "q": 30, "q2": 30, "m1": 4, "m2": 12, "m3": 14}
    relations = [Relation("q", ("m1", "m2", "m3")), Relation("y", ("q", "q2"))]
    assert recomputable(hidden={"m1", "q"}, relations=relations) == {"m1", "q"}
    hidden = suppress(values=values, primary={"m1"}, relations=relations)
    assert not determined_cells(hidden=set(hidden), relations=relations) & hidden


def test_unpublished_cells_count_as_unknown():
    values = {"q": 30, "m1": 4, "m2": 12}  # m3 was never computed
    hidden = suppress(values=values, primary={"m1"}, relations=[Relation("q", ("m1", "m2", "m3"))])
    assert hidden == {"m1"}


def test_decimal_values_are_accepted():
    values = {"q": Decimal("25.00"), "m1": Decimal("3.00"), "m2": Decimal("22.00")}
    assert suppress(values=values, primary={"m1"}, relations=[Relation("q", ("m1", "m2"))]) == {"m1", "m2"}


def test_service_flags_a_residence_year_consistently(residence_a, viewer_l1):
    """Stored flags: a small month is hidden, and the quarter cannot give it back."""
    from reporting.models import IndicatorValue
    from reporting.services import suppression_flags_refresh

    def put(kind, start, value):
        IndicatorValue.objects.create(residence=residence_a, indicator="residents_reached", period_kind=kind,
                                      period_start=start, value=value, count_basis=value)

    for month, value in ((1, 4), (2, 20), (3, 30)):
        put("month", dt.date(2026, month, 1), value)
    put("quarter", dt.date(2026, 1, 1), 54)
    put("year", dt.date(2026, 1, 1), 54)
    suppression_flags_refresh(residence=residence_a, years=[2026])
    hidden = set(IndicatorValue.objects.filter(residence=residence_a, suppressed=True)
                 .values_list("period_kind", "period_start"))
    assert ("month", dt.date(2026, 1, 1)) in hidden
    assert len(hidden) >= 2
