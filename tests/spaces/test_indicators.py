"""Indicators of spaces and safety, against hand counts over October 2026 (Europe/Paris)."""
import datetime as dt
from decimal import Decimal

import time_machine

from core.partners.factories import PartnerFactory
from core.safety.factories import IncidentFactory, SafetyCheckFactory
from core.safety.indicators import safety_checks_on_time, safety_incidents
from core.safety.models import CheckRecord
from core.spaces.factories import BookingFactory, SpaceFactory
from core.spaces.indicators import external_workshop_hours, space_occupancy_rate
from reporting.periods import month_bounds
from tests.conftest import aware

OCTOBER = month_bounds(dt.date(2026, 10, 1))


def test_october_bounds_are_paris_midnights():
    assert OCTOBER == (aware(2026, 10, 1, 0), aware(2026, 11, 1, 0))


def test_spaces_indicators_equal_the_hand_count(residence_a, in_schema):
    """Opening hours in October 2026 (1 October is a Thursday):
    - Salle: Monday–Friday 09–12 and 14–19 = 8 h × 22 weekdays = 176 h;
    - Jardin: Saturday 10–18 = 8 h × 5 Saturdays (3, 10, 17, 24, 31) = 40 h;
    - an out-of-service room with hours: not counted. Total 216 h.
    Booked hours inside October: 2 + 3 + 1.5 + 2 + 1 (23:00–01:00 clipped at midnight) + 0.5 (00:00–00:30
    of 1 October, begun on 30 September) = 10 h → 10 / 216 = 4.63 %.
    Partner workshops starting in October (Paris): 3 + 1.5 + 2 = 6.5 h over 3 bookings; not the one begun
    30 September at 23:30, nor the one of 1 November at 00:30 Paris (still 31 October in UTC), nor a
    cancelled one."""
    with in_schema(residence_a):
        weekdays = [(d, dt.time(9), dt.time(12)) for d in range(5)] + [(d, dt.time(14), dt.time(19)) for d in range(5)]
        salle = SpaceFactory(name="Salle", opening_hours=weekdays)
        jardin = SpaceFactory(name="Jardin", kind="garden", opening_hours=[(5, dt.time(10), dt.time(18))])
        SpaceFactory(name="Ancienne salle", is_active=False)
        partner = PartnerFactory()

        def book(space, start, end, kind="coordinator", **extra):
            BookingFactory(space=space, starts_at=start, ends_at=end, booker_kind=kind,
                           partner=partner if kind == "partner" else None, **extra)

        book(salle, aware(2026, 10, 6, 14), aware(2026, 10, 6, 16))
        book(salle, aware(2026, 10, 15, 9), aware(2026, 10, 15, 12), "partner")
        book(salle, aware(2026, 10, 30, 17, 30), aware(2026, 10, 30, 19), "partner")
        book(jardin, aware(2026, 10, 31, 16), aware(2026, 10, 31, 18), "resident")
        book(jardin, aware(2026, 10, 31, 23), aware(2026, 11, 1, 1), "partner")
        book(salle, aware(2026, 9, 30, 23, 30), aware(2026, 10, 1, 0, 30), "partner")
        book(salle, aware(2026, 11, 1, 0, 30), aware(2026, 11, 1, 1, 30), "partner")
        book(salle, aware(2026, 10, 20, 9), aware(2026, 10, 20, 12), "partner", status="cancelled")

        assert external_workshop_hours(*OCTOBER) == (Decimal("6.50"), 3)
        assert space_occupancy_rate(*OCTOBER) == (Decimal("4.63"), 216)


def test_occupancy_without_opening_hours_has_no_value(residence_a, in_schema):
    with in_schema(residence_a):
        SpaceFactory(opening_hours=[])
        assert space_occupancy_rate(*OCTOBER) == (None, 0)


def test_safety_indicators_equal_the_hand_count(residence_a, in_schema):
    """Checks due in October 2026, counted on 21 November: on time 5 Oct (done 3 Oct) and 10 Oct (done the
    same day); late 20 Oct (done 25 Oct); due 28 Oct and never done (late). Not counted: due 30 September
    (done 2 October), due 2 November, an inactive check due 15 October. 2 on time / 4 due = 50 %.
    Incidents: 1 October 00:30 and 31 October 23:30 Paris; not 1 November 00:30 Paris → 2."""
    with in_schema(residence_a), time_machine.travel(aware(2026, 11, 21, 10), tick=False):
        def record(due, done):
            check = SafetyCheckFactory(next_due_on=dt.date(2027, 1, 15))
            CheckRecord.objects.create(check_item=check, due_on=due, done_on=done, checked_by="Anne", outcome="ok")

        record(dt.date(2026, 10, 5), dt.date(2026, 10, 3))
        record(dt.date(2026, 10, 10), dt.date(2026, 10, 10))
        record(dt.date(2026, 10, 20), dt.date(2026, 10, 25))
        record(dt.date(2026, 9, 30), dt.date(2026, 10, 2))
        record(dt.date(2026, 11, 2), dt.date(2026, 11, 1))
        SafetyCheckFactory(next_due_on=dt.date(2026, 10, 28))
        SafetyCheckFactory(next_due_on=dt.date(2026, 10, 15), is_active=False)
        assert safety_checks_on_time(*OCTOBER) == (Decimal("50.00"), 4)

        IncidentFactory(occurred_at=aware(2026, 10, 1, 0, 30))
        IncidentFactory(occurred_at=aware(2026, 10, 31, 23, 30))
        IncidentFactory(occurred_at=aware(2026, 11, 1, 0, 30))
        assert safety_incidents(*OCTOBER) == (Decimal(2), 2)


def test_a_check_due_later_this_month_is_not_late_yet(residence_a, in_schema):
    with in_schema(residence_a), time_machine.travel(aware(2026, 10, 15, 10), tick=False):
        SafetyCheckFactory(next_due_on=dt.date(2026, 10, 28))
        SafetyCheckFactory(next_due_on=dt.date(2026, 10, 14))
        assert safety_checks_on_time(*OCTOBER) == (Decimal("0.00"), 1)
