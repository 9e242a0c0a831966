"""Demo data of drop-in hours, and the residents' contact and household details they rely on.

Deterministic for a given rng; called once per residence by tenants/demo.py, inside its schema.
"""
from __future__ import annotations

import datetime as dt
import random
import unicodedata
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.dropins.models import DropInSlot, DropInVisit, FollowUp, Recurrence, Topic
from core.dropins.selectors import slot_occurrences_between
from core.people.models import CHANNELS_NEEDING_EMAIL, CHANNELS_NEEDING_PHONE, ContactChannel, Interest, Resident

TOPIC_WEIGHTS = {Topic.INFORMATION: 5, Topic.ADMINISTRATIVE: 6, Topic.ACTIVITY_IDEA: 2, Topic.COMPLAINT: 3,
                 Topic.NEED: 3, Topic.OTHER: 1}
NOTES = {
    Topic.INFORMATION: ["Horaires de la salle commune", "Prochain repas partagé", "Inscription sortie au marché"],
    Topic.ADMINISTRATIVE: ["Dossier CAF à compléter", "Aide pour un rendez-vous en ligne", "Courrier de la CPAM"],
    Topic.ACTIVITY_IDEA: ["Propose un atelier tricot", "Voudrait une fête des voisins", "Idée de troc de plantes"],
    Topic.COMPLAINT: ["Bruit dans la cage d'escalier B", "Ascenseur en panne", "Éclairage du parking"],
    Topic.NEED: ["Cherche un cours de français", "Besoin d'aide pour les courses", "Garde d'enfants le mercredi"],
    Topic.OTHER: ["Passage pour dire bonjour", ""],
}
OUTCOMES = ["Orienté·e vers le CCAS", "Dossier envoyé", "Transmis au bailleur", "Atelier programmé",
            "Rappelé·e, c'est réglé"]
LANGUAGE_POOL = ["ar", "ber", "en", "es", "pt", "tr", "ro", "wo", "bm", "snk", "zh", "ta", "uk"]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def residents_enrich(*, rng: random.Random, residents: list[Resident]) -> None:
    """Household counts, contact channel (phone/e-mail only if it needs them), languages, interests."""
    channels = [c.value for c in ContactChannel]
    interests = [c.value for c in Interest]
    for resident in residents:
        adults = 1 if resident.age_band not in ("0-17", "60-74", "75+") else 0
        seniors = 1 if resident.age_band in ("60-74", "75+") else 0
        resident.household_adults = adults + rng.choice([0, 0, 1])
        resident.household_seniors = seniors + (rng.random() < 0.15)
        resident.household_minors = (1 if resident.age_band == "0-17" else 0) + rng.choice([0, 0, 0, 1, 2, 3])
        resident.contact_channel = rng.choices(channels, weights=[4, 3, 2, 3, 2, 3])[0]
        resident.phone = resident.email = ""
        if resident.contact_channel in CHANNELS_NEEDING_PHONE:
            resident.phone = "06 " + " ".join(f"{rng.randrange(100):02d}" for _ in range(4))
        if resident.contact_channel in CHANNELS_NEEDING_EMAIL:
            resident.email = f"{_ascii(resident.first_name)}.{resident.last_name_initial.lower()}@example.org"
        resident.languages = sorted({"fr"} | set(rng.sample(LANGUAGE_POOL, k=rng.choice([0, 0, 1, 1, 2]))))
        resident.interests = sorted(rng.sample(interests, k=rng.randint(0, 4)))
    Resident.objects.bulk_update(residents, ["household_minors", "household_adults", "household_seniors",
                                             "contact_channel", "phone", "email", "languages", "interests"])


def demo_populate(*, rng: random.Random, months: list[dt.date]) -> None:
    """Weekly drop-in hours over the months, visits at each past session, follow-ups (older ones closed)."""
    tz = ZoneInfo("Europe/Paris")
    residents = list(Resident.objects.order_by("id"))
    residents_enrich(rng=rng, residents=residents)
    first = months[0]
    tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7)
    friday = first + dt.timedelta(days=(4 - first.weekday()) % 7)
    DropInSlot.objects.bulk_create([
        DropInSlot(first_date=tuesday, start_time=dt.time(14), end_time=dt.time(17), recurrence=Recurrence.WEEKLY,
                   place="Bureau", note="Permanence de l'après-midi"),
        DropInSlot(first_date=friday, start_time=dt.time(9, 30), end_time=dt.time(12), recurrence=Recurrence.WEEKLY,
                   place="Salle commune", note="Café-permanence"),
    ])
    today = timezone.localdate()
    end = today + dt.timedelta(days=1)
    topics, weights = list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values())
    regulars = rng.sample(residents, k=max(3, len(residents) // 4)) if residents else []
    visits, follow_ups = [], []
    for occurrence in slot_occurrences_between(start=first, end=end):
        for _ in range(rng.randint(0, 6)):
            minutes = rng.randrange(int((occurrence.ends_at - occurrence.starts_at).total_seconds() // 60))
            visited_at = occurrence.starts_at + dt.timedelta(minutes=minutes)
            if visited_at > timezone.now():
                continue
            topic = rng.choices(topics, weights=weights)[0]
            who = None
            if residents and rng.random() < 0.75:
                who = rng.choice(regulars) if rng.random() < 0.6 else rng.choice(residents)
            visit = DropInVisit(visited_at=visited_at, resident=who, topic=topic, note=rng.choice(NOTES[topic]))
            visits.append(visit)
            if topic in (Topic.ADMINISTRATIVE, Topic.COMPLAINT, Topic.NEED) and rng.random() < 0.5:
                opened = visited_at.astimezone(tz).date()
                closed = None
                if (today - opened).days > 14 and rng.random() < 0.85:
                    closed = min(today, opened + dt.timedelta(days=rng.randint(1, 14)))
                follow_ups.append((visit, opened, closed))
    DropInVisit.objects.bulk_create(visits)
    FollowUp.objects.bulk_create([
        FollowUp(visit=visit, opened_on=opened, closed_on=closed, outcome=rng.choice(OUTCOMES) if closed else "")
        for visit, opened, closed in follow_ups
    ])
