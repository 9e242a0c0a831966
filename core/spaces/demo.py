"""Demo data of spaces, bookings, the coworking log and the safety register of one residence.

Deterministic for a given seed; called by tenants/demo.py inside the residence's schema.
"""
from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from faker import Faker

from core.partners.services import partner_create
from core.people.models import Resident
from core.safety.demo import demo_populate as safety_demo_populate
from core.safety.services import rules_acknowledge, rules_publish
from core.spaces.models import DeskSignIn, SpaceKind
from core.spaces.services import booking_create, space_create

TZ = ZoneInfo("Europe/Paris")
WEEKDAYS = range(5)
T = dt.time

SPACES = [
    # name, kind, capacity, opening ranges
    ("Salle commune", SpaceKind.COMMON_ROOM, 40,
     [(d, T(9), T(12)) for d in WEEKDAYS] + [(d, T(14), T(20)) for d in WEEKDAYS] + [(5, T(10), T(18))]),
    ("Jardin partagé", SpaceKind.GARDEN, 20, [(d, T(9), T(19)) for d in range(1, 7)]),
    ("Bureau des associations", SpaceKind.OFFICE, 6, [(d, T(9), T(18)) for d in WEEKDAYS]),
] + [(f"Poste coworking {i}", SpaceKind.COWORKING_DESK, 1, [(d, T(8, 30), T(19)) for d in WEEKDAYS])
     for i in (1, 2, 3)]

PARTNERS = [
    # name, kind, runs workshops, (weekday, start hour, hours, space index, theme, title)
    ("Siel Bleu", "association", True, (1, 14, 2, 0, "fall_prevention", "Atelier prévention des chutes")),
    ("Emmaüs Connect", "association", True, (2, 10, 2, 0, "computer_class", "Atelier informatique")),
    ("Lire et faire lire", "association", True, (3, 17, 1.5, 2, "homework_help", "Aide aux devoirs")),
    ("Service jeunesse de la ville", "city_service", False, None),
]
COORDINATION = ["Café des habitant·es", "Comité de résidents", "Repas partagé", "Atelier cuisine du monde",
                "Jardinage au potager", "Réunion de concertation"]


def demo_populate(*, seed: str, months: list[dt.date]) -> None:
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(rng.randint(0, 10**9))
    spaces = [space_create(name=name, kind=kind, capacity=capacity, opening_hours=hours)
              for name, kind, capacity, hours in SPACES]
    _activities_into_their_space(spaces)
    partners = []
    for name, kind, runs, _slot in PARTNERS:
        partners.append(partner_create(name=name, kind=kind, runs_workshops=runs, contact_name=fake.name(),
                                       email=f"contact@{name.split()[0].lower()}.demo", phone=fake.phone_number()))
    for space in spaces[:3]:
        rules = rules_publish(
            space=space, max_occupancy=space.capacity, published_by="Coordination",
            equipment="Extincteur près de l'entrée, trousse de secours dans le placard, issue de secours balisée.",
            allowed="Ateliers, réunions, repas partagés. Musique modérée jusqu'à 22 h.",
            forbidden="Flamme nue, barbecue hors de l'espace prévu, issues de secours encombrées.",
        )
        for partner in partners[:3]:
            rules_acknowledge(rules=rules, partner=partner, acknowledged_by=fake.name(), recorded_by="Coordination")
    residents = list(Resident.objects.order_by("id")[:40])
    first = months[0]
    last = months[-1]
    end = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    day = first
    while day < end:
        _book_day(rng, day, spaces, partners, residents)
        day += dt.timedelta(days=1)
    _desk_log(rng, fake, spaces[3:], residents, first)
    safety_demo_populate(rng=rng, spaces=spaces, start=first)


def _activities_into_their_space(spaces) -> None:
    """The activities demo ran before spaces existed and named « Salle commune » as free text: held
    in the room, its sessions now occupy it (those outside its hours or over another session stay
    where they were), so the planning and the booking rules see them."""
    from django.db import IntegrityError, transaction

    from core.activities.models import Activity, ActivityStatus
    from core.spaces.occupancy import opening_hours_problem

    by_name = {space.name: space for space in spaces}
    for activity in Activity.objects.filter(place__in=by_name, status=ActivityStatus.SCHEDULED).order_by("starts_at"):
        space = by_name[activity.place]
        if opening_hours_problem(space, activity.starts_at, activity.ends_at):
            continue
        activity.space, activity.place = space, ""
        try:
            with transaction.atomic():
                activity.save(update_fields=["space", "place"])
        except IntegrityError:
            pass


def _try_book(**kwargs) -> None:
    try:
        booking_create(booked_by="Coordination", **kwargs)
    except ValidationError:
        pass  # a clash or a closed slot: the demo simply skips it, as the coordinator would


def _at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime.combine(day, T(int(hour), int(hour % 1 * 60)), tzinfo=TZ)


def _book_day(rng, day, spaces, partners, residents) -> None:
    for partner in partners:
        slot = next(s for n, _k, _r, s in PARTNERS if n == partner.name)
        if slot and slot[0] == day.weekday() and rng.random() < 0.85:
            weekday, hour, hours, space_index, theme, title = slot
            _try_book(space=spaces[space_index], title=title, starts_at=_at(day, hour),
                      ends_at=_at(day, hour + hours), party_size=rng.randint(5, 14), booker_kind="partner",
                      partner=partner, workshop_theme=theme)
    if day.weekday() < 5 and rng.random() < 0.5:
        hour = rng.choice([9, 10, 14, 15, 17, 18])
        _try_book(space=rng.choice(spaces[:3]), title=rng.choice(COORDINATION), starts_at=_at(day, hour),
                  ends_at=_at(day, hour + rng.choice([1, 2])), party_size=rng.randint(3, 6))
    if day.weekday() == 5 and residents and rng.random() < 0.4:
        resident = rng.choice(residents)
        _try_book(space=spaces[0], title=f"Anniversaire chez {resident.first_name}", starts_at=_at(day, 14),
                  ends_at=_at(day, 18), party_size=rng.randint(8, 25), booker_kind="resident", resident=resident)


def _desk_log(rng, fake, desks, residents, start: dt.date) -> None:
    now = dt.datetime.now(TZ)
    rows = []
    day = start
    visitors = [fake.name() for _ in range(8)]
    while day < now.date():
        if day.weekday() < 5:
            for desk in desks:
                if rng.random() < 0.45:
                    arrived = _at(day, rng.choice([8.5, 9, 10, 13.5, 14]))
                    use_resident = residents and rng.random() < 0.6
                    rows.append(DeskSignIn(
                        desk=desk, resident=rng.choice(residents) if use_resident else None,
                        visitor_name="" if use_resident else rng.choice(visitors), arrived_at=arrived,
                        left_at=arrived + dt.timedelta(hours=rng.choice([1, 2, 3, 4]))))
        day += dt.timedelta(days=1)
    DeskSignIn.objects.bulk_create(rows)
