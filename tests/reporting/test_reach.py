"""Reach and participation indicators, against a hand count, for months, quarters and years."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from reporting.catalogue.reach import AGE_BAND_CODES
from reporting.models import IndicatorValue, RefreshRun
from reporting.services import first_record_month, residence_backfill, residence_indicators_refresh
from tests.conftest import aware

OCTOBER, Q4, YEAR = dt.date(2026, 10, 1), dt.date(2026, 10, 1), dt.date(2026, 1, 1)
REACH = ["residents_reached", "residents_reached_new", "dwellings_reach_rate", *AGE_BAND_CODES.values()]


def _activity(starts_at, attendees):
    activity = ActivityFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2))
    for resident in attendees:
        activity.attendances.create(resident=resident)


@pytest.fixture
def tilleuls_history(residence_a, in_schema):
    """Les Tilleuls (100 dwellings), counted by hand:

    r0..r4 are 60-74, r5 0-17, r6 18-25, r7 75+, r8 26-59, r9 26-59.
    - 3 Dec 2025: r0 (its first contact ever);
    - 10 Sep 2026: r0..r4;
    - October 2026: r0, r1 (known), r5, r6, r7, r8 (new; r8 at 23:30 on the 31st, Paris time);
    - 1 Nov 2026 00:30 (Paris): r5 (known) and r9 (new).
    October: 6 reached, 4 new; Q4: 7 reached (not 6 + 2), 5 new; 2026: 10 reached, 9 new.
    """
    with in_schema(residence_a):
        bands = ["60-74"] * 5 + ["0-17", "18-25", "75+", "26-59", "26-59"]
        r = [ResidentFactory(age_band=b, consent_on=dt.date(2025, 11, 20)) for b in bands]
        _activity(aware(2025, 12, 3), [r[0]])
        _activity(aware(2026, 9, 10), r[0:5])
        _activity(aware(2026, 10, 5), [r[0], r[1], r[5]])
        _activity(aware(2026, 10, 20), [r[1], r[6], r[7]])
        _activity(aware(2026, 10, 31, 23, 30), [r[8]])
        _activity(aware(2026, 11, 1, 0, 30), [r[5], r[9]])
    return residence_a


def stored(residence, kind, start):
    return {v.indicator: (v.value, v.count_basis) for v in IndicatorValue.objects.filter(
        residence=residence, period_kind=kind, period_start=start, indicator__in=REACH)}


def test_october_month_quarter_and_year_each_counted_over_their_own_period(tilleuls_history):
    residence_indicators_refresh(residence=tilleuls_history, months=[OCTOBER])

    month = stored(tilleuls_history, "month", OCTOBER)
    assert month["residents_reached"] == (Decimal(6), 6)
    assert month["residents_reached_new"] == (Decimal(4), 4)
    assert month["dwellings_reach_rate"] == (Decimal("6.00"), 6)
    assert {code: month[code][0] for code in AGE_BAND_CODES.values()} == {
        "residents_reached_age_0_17": 1, "residents_reached_age_18_25": 1, "residents_reached_age_26_59": 1,
        "residents_reached_age_60_74": 2, "residents_reached_age_75_plus": 1,
    }

    quarter = stored(tilleuls_history, "quarter", Q4)
    assert quarter["residents_reached"] == (Decimal(7), 7)       # r0 r1 r5 r6 r7 r8 r9: r5 counts once
    assert quarter["residents_reached_new"] == (Decimal(5), 5)
    assert quarter["residents_reached_age_26_59"][0] == 2

    year = stored(tilleuls_history, "year", YEAR)
    assert year["residents_reached"] == (Decimal(10), 10)
    assert year["residents_reached_new"] == (Decimal(9), 9)      # r0 came first in December 2025
    assert year["dwellings_reach_rate"] == (Decimal("10.00"), 10)
    assert year["residents_reached_age_60_74"][0] == 5


def test_first_record_month_and_backfill_cover_the_whole_history(tilleuls_history):
    assert first_record_month(residence=tilleuls_history) == dt.date(2025, 11, 1)  # the consent dates

    run = residence_backfill(residence=tilleuls_history, today=dt.date(2026, 11, 21))

    assert (run.trigger, run.done, run.total, run.errors) == (RefreshRun.Trigger.BACKFILL, 1, 1, 0)
    assert run.finished_at is not None
    months = set(IndicatorValue.objects.filter(residence=tilleuls_history, period_kind="month",
                                               indicator="residents_reached").values_list("period_start", flat=True))
    assert min(months) == dt.date(2025, 11, 1) and max(months) == dt.date(2026, 11, 1) and len(months) == 13
    assert stored(tilleuls_history, "month", dt.date(2025, 12, 1))["residents_reached_new"][0] == 1
    assert stored(tilleuls_history, "year", dt.date(2025, 1, 1))["residents_reached"][0] == 1
    assert stored(tilleuls_history, "month", OCTOBER)["residents_reached"][0] == 6


def test_backfill_command(tilleuls_history, capsys):
    call_command("reporting_backfill", residence=tilleuls_history.slug)
    assert "2025-11" in capsys.readouterr().out
    assert IndicatorValue.objects.filter(residence=tilleuls_history, period_start=dt.date(2025, 11, 1)).exists()


def test_backfill_command_names_an_unknown_residence(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="inconnue|Aucune"):
        call_command("reporting_backfill", residence="nulle-part")
