"""Demo data for activities: recurring series, organisers, registrations, anonymous counts, a cancellation.

Runs inside a residence schema after its residents and one-off activities exist; deterministic for a
given `rng`. Uses the residence's spaces and partners when the demo has created some, a free-text
place otherwise.
"""
from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.activities.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Attendance,
    OrganiserKind,
    Registration,
    WaitlistEntry,
)
from core.activities.services import activity_cancel, activity_create
from core.partners.models import Partner
from core.people.models import AgeBand, Resident
from core.spaces.models import Space

PARIS = ZoneInfo("Europe/Paris")

# title, kind, frequency, weekday (0 = Monday), hour, hours long, audience, intergenerational, proposed by residents
SERIES = [
    ("Café des habitant·es", ActivityKind.COLLECTIVE_MOMENT, "weekly", 1, 10, 2, "all", True, True),
    ("Aide aux devoirs", ActivityKind.WORKSHOP, "biweekly", 2, 17, 1, "children", True, False),
    ("Gym douce", ActivityKind.PHYSICAL, "weekly", 3, 14, 1, "seniors", False, False),
    ("Comité de résidents", ActivityKind.MEETING, "monthly", 0, 18, 2, "all", False, True),
]


def demo_populate(*, rng: random.Random, months: list[dt.date]) -> None:
    """Add series, organisers, registrations and anonymous counts to the current residence."""
    residents = list(Resident.objects.order_by("id"))
    if not residents:
        return
    room = Space.objects.filter(is_active=True).order_by("id").first()
    partner = Partner.objects.filter(is_active=True).order_by("id").first()
    now = timezone.now()
    first_day = months[0]
    for title, kind, frequency, weekday, hour, hours, audience, intergenerational, proposed in SERIES:
        day = first_day + dt.timedelta(days=(weekday - first_day.weekday()) % 7)
        starts_at = dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)
        organiser = {}
        if proposed:
            organiser = {"organiser_kind": OrganiserKind.RESIDENT, "organiser_resident": rng.choice(residents)}
        elif partner is not None and kind != ActivityKind.MEETING:
            organiser = {"organiser_kind": OrganiserKind.PARTNER, "organiser_partner": partner}
        first = activity_create(
            title=title, kind=kind, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=hours),
            frequency=frequency, until=(now + dt.timedelta(days=60)).date(),
            space=room, place="" if room else "Salle commune", audience=audience,
            is_intergenerational=intergenerational, proposed_by_residents=proposed,
            capacity=8 if kind == ActivityKind.PHYSICAL else None, facilitator="", **organiser,
        )
        _fill_series(rng, first, residents, now)
    _enrich_one_off_activities(rng, residents, now)


def _fill_series(rng: random.Random, first: Activity, residents: list[Resident], now: dt.datetime) -> None:
    sessions = list(first.series.occurrences.order_by("starts_at"))
    regulars = rng.sample(residents, k=min(len(residents), 10))
    attendances, registrations, waiting = [], [], []
    for session in sessions:
        if session.capacity:
            registered = rng.sample(regulars, k=min(len(regulars), session.capacity - rng.randint(0, 3)))
            registrations.extend(Registration(activity=session, resident=r) for r in registered)
            if len(registered) >= session.capacity and session.starts_at > now:
                # A full session to come: one or two people wait for a place.
                others = [r for r in residents if r not in registered]
                waiting.extend(WaitlistEntry(activity=session, resident=r)
                               for r in rng.sample(others, k=min(len(others), rng.randint(1, 2))))
        if session.starts_at < now:
            came = rng.sample(regulars, k=rng.randint(min(3, len(regulars)), len(regulars)))
            attendances.extend(Attendance(activity=session, resident=r) for r in came)
            if session.audience == "children":
                session.anonymous_children = rng.randint(2, 8)
    Registration.objects.bulk_create(registrations)
    WaitlistEntry.objects.bulk_create(waiting)
    Attendance.objects.bulk_create(attendances)
    Activity.objects.bulk_update(sessions, ["anonymous_children"])
    past = [s for s in sessions if s.starts_at < now]
    if len(past) > 3:
        activity_cancel(activity=rng.choice(past[1:-1]), reason="Animatrice absente, séance reportée")
        # Attendance noted before the cancellation would be meaningless: the demo keeps none.
        Attendance.objects.filter(activity__series=first.series, activity__status=ActivityStatus.CANCELLED).delete()


def _enrich_one_off_activities(rng: random.Random, residents: list[Resident], now: dt.datetime) -> None:
    """Parties get crowds counted without names; some activities are intergenerational or resident-led."""
    adults = [r for r in residents if r.age_band != AgeBand.CHILD] or residents
    changed = []
    for activity in Activity.objects.filter(series__isnull=True).order_by("id"):
        if activity.starts_at < now and activity.kind in (ActivityKind.FESTIVE_EVENT, ActivityKind.COLLECTIVE_MOMENT):
            activity.anonymous_children = rng.randint(0, 15)
            activity.anonymous_neighbours = rng.randint(0, 10)
            activity.anonymous_guests = rng.randint(0, 4)
        activity.is_intergenerational = activity.kind == ActivityKind.FESTIVE_EVENT or rng.random() < 0.2
        if rng.random() < 0.25:
            activity.proposed_by_residents = True
            activity.organiser_kind, activity.organiser_resident = OrganiserKind.RESIDENT, rng.choice(adults)
            activity.facilitator = ""
        changed.append(activity)
    Activity.objects.bulk_update(changed, [
        "anonymous_children", "anonymous_neighbours", "anonymous_guests", "is_intergenerational",
        "proposed_by_residents", "organiser_kind", "organiser_resident", "facilitator",
    ])
