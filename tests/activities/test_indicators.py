"""Activity indicators against a hand count (October 2026, Paris time)."""
import datetime as dt
from decimal import Decimal

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.indicators import (
    activities_held,
    activity_participations,
    intergenerational_activities,
    registrations_attended_rate,
    resident_led_activities,
)
from core.activities.services import activity_cancel
from core.people.factories import ResidentFactory
from tests.conftest import aware

START, END = aware(2026, 10, 1, 0), aware(2026, 11, 1, 0)


def _session(day, **fields):
    starts = aware(2026, 10, day) if isinstance(day, int) else day
    return ActivityFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **fields)


def test_indicators_equal_the_hand_count(residence_a, in_schema):
    """
    October: café (proposed by residents, intergenerational, 3 named + 12 children + 5 neighbours + 1 guest),
    sewing led by resident Ginette (2 registered, 1 of them came, plus 1 unregistered),
    loto (intergenerational) cancelled with 2 registered and 4 counted before: counts for nothing,
    a session on 30 September at 18:00 (proposed by residents, 2 named): not October.
    Hand count: held 2, resident-led 2, intergenerational 1, participations 3+18+2 = 23,
    registrations 2 of which 1 attended: 50 %.
    """
    with in_schema(residence_a):
        people = ResidentFactory.create_batch(6)
        cafe = _session(3, proposed_by_residents=True, is_intergenerational=True, anonymous_children=12,
                        anonymous_neighbours=5, anonymous_guests=1)
        for person in people[:3]:
            cafe.attendances.create(resident=person)
        sewing = _session(17, organiser_kind="resident", organiser_resident=people[0], facilitator="")
        RegistrationFactory(activity=sewing, resident=people[3])
        RegistrationFactory(activity=sewing, resident=people[4])
        sewing.attendances.create(resident=people[3])
        sewing.attendances.create(resident=people[5])
        loto = _session(24, is_intergenerational=True, anonymous_children=4)
        RegistrationFactory(activity=loto, resident=people[0])
        RegistrationFactory(activity=loto, resident=people[1])
        activity_cancel(activity=loto, reason="Salle inondée")
        september = _session(aware(2026, 9, 30, 18), proposed_by_residents=True)
        september.attendances.create(resident=people[0])
        september.attendances.create(resident=people[1])

        assert activities_held(START, END) == (Decimal(2), 2)
        assert resident_led_activities(START, END) == (Decimal(2), 2)
        assert intergenerational_activities(START, END) == (Decimal(1), 1)
        assert activity_participations(START, END) == (Decimal(23), 23)
        assert registrations_attended_rate(START, END) == (Decimal("50.00"), 2)


def test_rate_without_registrations_has_no_value(residence_a, in_schema):
    with in_schema(residence_a):
        _session(5)
        assert registrations_attended_rate(START, END) == (None, 0)
