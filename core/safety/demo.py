"""Demo data of the safety register: periodic checks with their history, a few incidents."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.safety.models import CheckRecord, SafetyCheck
from core.safety.services import incident_create

CHECKS = [
    # label, kind, frequency (days), space index or None
    ("Extincteur de la salle commune", "fire_extinguisher", 365, 0),
    ("Trousse de secours", "first_aid_kit", 90, 0),
    ("Outils du jardin", "garden_tools", 30, 1),
    ("Issues de secours", "emergency_exits", 30, 0),
]
PEOPLE = ["Coordination", "Gardien·ne", "Service technique du bailleur"]


def demo_populate(*, rng, spaces, start: dt.date) -> None:
    today = timezone.localdate()
    records = []
    for label, kind, frequency, space_index in CHECKS:
        due = start + dt.timedelta(days=rng.randint(0, 20))
        while due <= today:
            late = rng.random() < 0.2
            done = due + dt.timedelta(days=rng.randint(1, 12)) if late else due - dt.timedelta(days=rng.randint(0, 5))
            if done > today:
                break  # this one is pending: overdue
            records.append((label, due, done))
            due = done + dt.timedelta(days=frequency)
        check = SafetyCheck.objects.create(label=label, kind=kind, frequency_days=frequency, next_due_on=due,
                                           space=spaces[space_index] if space_index is not None else None)
        CheckRecord.objects.bulk_create([
            CheckRecord(check_item=check, due_on=d, done_on=done, checked_by=rng.choice(PEOPLE),
                        outcome=rng.choices(["ok", "issue", "failed"], weights=[8, 2, 1])[0])
            for name, d, done in records if name == label
        ])
    tz = ZoneInfo("Europe/Paris")
    for days_ago, title, severity, status, actions in [
        (120, "Chute d'une participante pendant l'atelier", "moderate", "closed",
         "Premiers secours, famille prévenue, tapis antidérapant acheté."),
        (40, "Prise électrique abîmée dans la salle commune", "minor", "in_progress",
         "Prise condamnée, demande d'intervention envoyée au bailleur."),
        (6, "Porte du jardin forcée", "serious", "open", ""),
    ]:
        occurred = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(15), tzinfo=tz)
        incident_create(title=title, occurred_at=occurred, severity=severity, status=status, actions_taken=actions,
                        description=title + ".", space=spaces[1 if "jardin" in title else 0],
                        reported_by="Coordination")
