"""What one residence's refresh costs: the figures several indicators share are read once per
period, the statement count does not grow with the residence's records, and nothing is
remembered outside a refresh or across residences."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from reporting.catalogue.reach import first_contacts
from reporting.indicators import CATALOGUE, shared_figures
from reporting.models import IndicatorValue
from reporting.periods import periods_touched_by
from reporting.services import residence_indicators_refresh
from tests.conftest import aware

SEPTEMBER, OCTOBER = dt.date(2026, 9, 1), dt.date(2026, 10, 1)


def _history(*, residents: int, sessions_per_month: int) -> None:
    """Sessions in September and October 2026 (some resident-led, some intergenerational, one
    cancelled), each attended by a different slice of the residents, with registrations."""
    people = [ResidentFactory(age_band=band) for band, _ in zip(
        ["0-17", "18-25", "26-59", "60-74", "75+"] * residents, range(residents))]
    for month in (9, 10):
        for n in range(sessions_per_month):
            activity = ActivityFactory(
                starts_at=aware(2026, month, 1 + n % 28), ends_at=aware(2026, month, 1 + n % 28, 16),
                proposed_by_residents=n % 3 == 0, is_intergenerational=n % 4 == 0,
                anonymous_children=n % 2, status="cancelled" if n == 5 else "scheduled",
            )
            for person in people[n % len(people)::3]:
                activity.registrations.create(resident=person)
            for person in people[n % len(people)::2]:
                activity.attendances.create(resident=person)


def _statements_of_refresh(residence) -> int:
    """Statements of one refresh, but the suppression flag updates: an empty list of cells to hide
    (or to show) sends no UPDATE, so those depend on the counts, at most two of them."""
    with CaptureQueriesContext(connection) as ctx:
        residence_indicators_refresh(residence=residence, months=[SEPTEMBER, OCTOBER])
    flags = [q for q in ctx.captured_queries if q["sql"].startswith('UPDATE "reporting_indicatorvalue" SET "suppressed"')]
    assert len(flags) <= 2
    return len(ctx) - len(flags)


def test_refresh_statement_count_does_not_grow_with_records(residence_a, residence_b, in_schema):
    with in_schema(residence_a):
        _history(residents=3, sessions_per_month=2)
    with in_schema(residence_b):
        _history(residents=40, sessions_per_month=12)
    _statements_of_refresh(residence_a)  # each measured refresh then starts on the other residence's schema
    many, few = _statements_of_refresh(residence_b), _statements_of_refresh(residence_a)
    assert few == many
    # 24+ indicators over 2 months, 2 quarters and a year: fewer statements than computed cells
    # (one statement per cell, some indicators two, made about 1.4 statements per cell).
    computed = sum(len(periods_touched_by([SEPTEMBER, OCTOBER], finest=i.period)) for i in CATALOGUE.values())
    assert many < computed * 0.75


def test_refresh_stores_what_each_indicator_computes_alone(residence_a, in_schema):
    """Reading a figure once per period must not hand one period's (or one indicator's) figure to another."""
    with in_schema(residence_a):
        _history(residents=25, sessions_per_month=9)
        ActivityFactory(starts_at=aware(2026, 10, 30), ends_at=aware(2026, 10, 30, 16))  # October only differs more
    residence_indicators_refresh(residence=residence_a, months=[SEPTEMBER, OCTOBER])

    stored = {(v.indicator, v.period_kind, v.period_start): (v.value, v.count_basis)
              for v in IndicatorValue.objects.filter(residence=residence_a)}
    alone = {}
    with in_schema(residence_a):  # no shared_figures(): every compute reads for itself
        for indicator in CATALOGUE.values():
            for period in periods_touched_by([SEPTEMBER, OCTOBER], finest=indicator.period):
                value, basis = indicator.compute(*period.bounds())
                alone[(indicator.code, period.kind, period.start)] = (value, basis)
    assert stored == alone
    assert stored[("activities_held", "month", SEPTEMBER)] != stored[("activities_held", "month", OCTOBER)]
    assert stored[("residents_reached", "month", OCTOBER)][0] > 0


def test_figures_are_read_again_outside_a_refresh_and_never_shared_between_residences(
    residence_a, residence_b, in_schema
):
    october = (aware(2026, 10, 1, 0, 0), aware(2026, 11, 1, 0, 0))
    with in_schema(residence_a):
        _history(residents=4, sessions_per_month=1)
        seen_before = len(first_contacts(*october))
        newcomer = ResidentFactory()
        ActivityFactory(starts_at=aware(2026, 10, 15), ends_at=aware(2026, 10, 15, 16)).attendances.create(
            resident=newcomer)
        assert len(first_contacts(*october)) == seen_before + 1  # no block: read again

    with shared_figures():
        with in_schema(residence_a):
            in_a = first_contacts(*october)
        with in_schema(residence_b):  # empty residence: its own figure, not A's
            in_b = first_contacts(*october)
        with in_schema(residence_a):
            ResidentFactory()
            assert first_contacts(*october) is in_a  # same block, same schema: read once
    assert in_b == {} and len(in_a) == seen_before + 1  # read at the block's first call, after the newcomer

