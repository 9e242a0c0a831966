"""Drop-in indicators equal a hand count."""
import datetime as dt
from decimal import Decimal

import pytest

from core.dropins.factories import DropInVisitFactory, FollowUpFactory
from core.people.factories import ResidentFactory
from reporting.models import IndicatorValue
from reporting.services import residence_indicators_refresh
from tests.conftest import aware

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def october_drop_ins(residence_a, in_schema):
    """Les Tilleuls' drop-in hours in October 2026, counted by hand:

    - visits in October (Paris time): Ginette ×3 (one at 23:30 on the 31st), Marcel ×1, 2 anonymous → 6 visits,
      2 distinct people (anonymous visits are not people we can tell apart);
    - not October: Lucien on 30 Sept at 23:30, Ginette on 1 Nov at 00:30 (Paris);
    - follow-ups closed in October: 2 (closed 1 Oct and 31 Oct); one closed 30 Sept, one closed 1 Nov, one open.
    """
    with in_schema(residence_a):
        ginette, marcel, lucien = ResidentFactory.create_batch(3)
        for when in (aware(2026, 10, 2, 10), aware(2026, 10, 14, 15), aware(2026, 10, 31, 23, 30)):
            DropInVisitFactory(resident=ginette, visited_at=when)
        DropInVisitFactory(resident=marcel, visited_at=aware(2026, 10, 9, 14))
        DropInVisitFactory.create_batch(2, resident=None, visited_at=aware(2026, 10, 20, 16))
        DropInVisitFactory(resident=lucien, visited_at=aware(2026, 9, 30, 23, 30))
        DropInVisitFactory(resident=ginette, visited_at=aware(2026, 11, 1, 0, 30))
        for closed_on in (dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 11, 1)):
            FollowUpFactory(opened_on=dt.date(2026, 9, 15), closed_on=closed_on, outcome="Réglé",
                            visit__visited_at=aware(2026, 9, 15))
        FollowUpFactory(opened_on=dt.date(2026, 10, 5), visit__visited_at=aware(2026, 10, 5, 10))
    return residence_a


def test_drop_in_indicators_equal_the_hand_count(october_drop_ins):
    residence_indicators_refresh(residence=october_drop_ins, months=[OCTOBER])
    values = {v.indicator: (v.value, v.count_basis)
              for v in IndicatorValue.objects.filter(residence=october_drop_ins, period_start=OCTOBER, period_kind="month")}
    # 6 visits above + the visit of the follow-up opened on 5 October = 7.
    assert values["dropin_visits"] == (Decimal("7.00"), 7)
    # Ginette, Marcel, and the (factory-made) resident of the 5 October follow-up's visit.
    assert values["dropin_visitors"] == (Decimal("3.00"), 3)
    assert values["dropin_follow_ups_closed"] == (Decimal("2.00"), 2)


def test_visitors_counts_people_for_suppression():
    from reporting.indicators import CATALOGUE

    assert CATALOGUE["dropin_visitors"].counts_people is True
    assert CATALOGUE["dropin_visits"].counts_people is False
