"""Indicator values equal a hand count; landlord views suppress small counts."""
import datetime as dt
from decimal import Decimal

import pytest

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from reporting.indicators import CATALOGUE
from reporting.models import IndicatorValue
from reporting.services import residence_indicators_refresh
from tests.conftest import aware, client_on

OCTOBER = dt.date(2026, 10, 1)


def _activity(starts_at, attendees):
    activity = ActivityFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2))
    for resident in attendees:
        activity.attendances.create(resident=resident)
    return activity


@pytest.fixture
def october_in_a(residence_a, in_schema):
    """Les Tilleuls in October 2026, counted by hand:

    - 3 activities start in October (Paris time), one of them at 23:30 on the 31st;
    - 1 activity starts on 30 September, 1 on 1 November at 00:30 (Paris): not October;
    - 12 residents; October attendees: r0..r9 at the first, r0..r4 + r10 at the second,
      r11 at the late one → 12 distinct people (r12 attends only outside October).
    """
    with in_schema(residence_a):
        residents = ResidentFactory.create_batch(13)
        _activity(aware(2026, 10, 3), residents[0:10])
        _activity(aware(2026, 10, 17), residents[0:5] + [residents[10]])
        _activity(aware(2026, 10, 31, 23, 30), [residents[11]])
        _activity(aware(2026, 9, 30, 18), [residents[12]])
        _activity(aware(2026, 11, 1, 0, 30), [residents[12]])
    return residence_a


@pytest.fixture
def october_in_b(residence_b, in_schema):
    """Les Cèdres in October 2026: 2 activities, 4 distinct residents (a small count)."""
    with in_schema(residence_b):
        residents = ResidentFactory.create_batch(4)
        _activity(aware(2026, 10, 5), residents[0:3])
        _activity(aware(2026, 10, 6), residents[2:4])
    return residence_b


ACTIVITY_CODES = ("residents_attending", "activities_held")


def values_of(residence, month=OCTOBER, kind="month"):
    return {v.indicator: (v.value, v.count_basis)
            for v in IndicatorValue.objects.filter(residence=residence, period_start=month, period_kind=kind,
                                                   indicator__in=ACTIVITY_CODES)}


def test_values_equal_the_hand_count(october_in_a):
    result = residence_indicators_refresh(residence=october_in_a, months=[OCTOBER])

    assert {c: result["2026-10-01"][c] for c in ACTIVITY_CODES} == {"residents_attending": "12", "activities_held": "3"}
    assert values_of(october_in_a) == {
        "residents_attending": (Decimal("12.00"), 12),
        "activities_held": (Decimal("3.00"), 3),
    }


def test_refresh_is_idempotent(october_in_a, in_schema):
    residence_indicators_refresh(residence=october_in_a, months=[OCTOBER])
    residence_indicators_refresh(residence=october_in_a, months=[OCTOBER])
    stored = IndicatorValue.objects.filter(residence=october_in_a)
    # One row per indicator and period: October, the 4th quarter and the year 2026.
    assert stored.count() == 3 * len(CATALOGUE)
    assert set(stored.values_list("period_kind", "period_start").distinct()) == {
        ("month", OCTOBER), ("quarter", OCTOBER), ("year", dt.date(2026, 1, 1))}

    with in_schema(october_in_a):
        _activity(aware(2026, 10, 20), [])
    residence_indicators_refresh(residence=october_in_a, months=[OCTOBER])
    assert values_of(october_in_a)["activities_held"] == (Decimal("4.00"), 4)


def test_head_office_compares_all_residences_with_real_counts(october_in_a, october_in_b, head_office):
    for residence in (october_in_a, october_in_b):
        residence_indicators_refresh(residence=residence, months=[OCTOBER])
    page = client_on(None, head_office).get("/pilotage/?periode=2026-10").content.decode()
    assert october_in_a.name in page and october_in_b.name in page
    assert "&lt; 11" not in page
    row_b = page.split(october_in_b.name, 1)[1].split("</tr>", 1)[0]
    assert ">4<" in row_b.replace(" ", "")


def test_landlord_page_hides_small_counts_of_people(october_in_a, october_in_b, viewer_l2, viewer_l1):
    for residence in (october_in_a, october_in_b):
        residence_indicators_refresh(residence=residence, months=[OCTOBER])

    page_l2 = client_on(None, viewer_l2).get("/pilotage/bailleur/?periode=2026-10").content.decode()
    row_b = page_l2.split(october_in_b.name, 1)[1].split("</tr>", 1)[0]
    assert "&lt; 11" in row_b          # 4 people: hidden
    assert ">2<" in row_b.replace(" ", "")  # 2 activities: not people, shown
    assert october_in_a.name not in page_l2

    page_l1 = client_on(None, viewer_l1).get("/pilotage/bailleur/?periode=2026-10").content.decode()
    row_a = page_l1.split(october_in_a.name, 1)[1].split("</tr>", 1)[0]
    assert ">12<" in row_a.replace(" ", "")  # 12 people: shown


def test_reporting_api_is_scoped_and_suppressed(october_in_a, october_in_b, viewer_l2, head_office):
    for residence in (october_in_a, october_in_b):
        residence_indicators_refresh(residence=residence, months=[OCTOBER])

    rows = client_on(None, viewer_l2).get("/api/reporting/values/?month=2026-10").json()["results"]
    assert {r["residence"] for r in rows} == {october_in_b.slug}
    people = next(r for r in rows if r["indicator"] == "residents_attending")
    assert people["suppressed"] is True and people["value"] is None

    all_rows = client_on(None, head_office).get("/api/reporting/values/?month=2026-10&page_size=500").json()["results"]
    assert {r["residence"] for r in all_rows} == {october_in_a.slug, october_in_b.slug}
    assert not any(r["suppressed"] for r in all_rows)


def test_reporting_api_names_a_bad_month(head_office):
    response = client_on(None, head_office).get("/api/reporting/values/?month=octobre")
    assert response.status_code == 400
    assert "month" in response.json()


def test_comparison_query_count_does_not_grow_with_residences(october_in_a, head_office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tenants.models import Residence

    residence_indicators_refresh(residence=october_in_a, months=[OCTOBER])
    client = client_on(None, head_office)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/pilotage/?periode=2026-10").status_code == 200
        return len(ctx)

    few = queries_for_page()
    # Thirty more residences with values (rows only: the page never enters their schemas).
    for i in range(30):
        extra = Residence.objects.create(
            name=f"Résidence extra {i}", slug=f"extra-{i}", schema_name=f"r_extra_{i}",
            landlord=october_in_a.landlord, address="x", postcode="75001", city="Paris", department="75",
            dwellings=10,
        )
        IndicatorValue.objects.create(residence=extra, indicator="activities_held", period_start=OCTOBER,
                                      value=1, count_basis=1)
    many = queries_for_page()
    assert many == few
    assert client.get("/pilotage/?periode=2026-10").content.decode().count("Résidence extra") == 30


