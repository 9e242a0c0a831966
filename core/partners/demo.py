"""Demo data of the partner network (run after core/spaces/demo.py, which creates the first partners)."""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from core.partners.models import Partner
from core.partners.services import (
    interaction_record,
    network_meeting_save,
    partner_contact_add,
    partner_create,
    partner_status_set,
    partner_update,
)

EXTRA = [
    # name, kind, scope, areas, city, siret
    ("Centre social des Francs-Moisins", "social_centre", "neighbourhood", ["access_to_rights", "parenting"],
     "Saint-Denis", ""),
    ("Mission locale", "public_body", "city", ["employment", "youth"], "Saint-Denis", ""),
    ("Fondation de France", "funder", "department", ["other"], "Paris", ""),
    ("Collège Elsa-Triolet", "school", "neighbourhood", ["youth"], "Saint-Denis", ""),
    ("Repair Café du quartier", "association", "neighbourhood", ["repairs", "environment"], "Saint-Denis", ""),
]
AREAS = {"Siel Bleu": ["health", "seniors"], "Emmaüs Connect": ["digital"], "Lire et faire lire": ["youth", "culture"],
         "Service jeunesse de la ville": ["youth"]}
STEPS = ["Envoyer la convention de partenariat", "Fixer la date du prochain atelier", "Relancer pour le bilan",
         "Présenter le projet au comité de résidents", "Partager le compte rendu"]


def demo_populate(*, seed: str, months: list[dt.date]) -> list[Partner]:
    rng = random.Random(seed)
    today = timezone.localdate()
    first = months[0]
    for partner in Partner.objects.all():
        partner_update(partner=partner, areas=AREAS.get(partner.name, ["other"]), city="Saint-Denis",
                       scope="city")
    for name, kind, scope, areas, city, siret in EXTRA:
        partner_create(name=name, kind=kind, scope=scope, areas=areas, city=city, siret=siret,
                       status_changed_on=first)
    # A duplicate typed in by mistake: the list flags it, the coordinator can merge it.
    partner_create(name="centre social des francs-moisins", kind="social_centre", city="Saint-Denis",
                   status_changed_on=first)
    partners = list(Partner.objects.order_by("id"))
    for i, partner in enumerate(partners):
        partner_contact_add(partner=partner, name=f"Contact {i + 1}", role=rng.choice(
            ["coordinatrice", "directeur", "animatrice", "chargé de mission"]), email=f"contact{i + 1}@partenaire.demo")
        path = ["contacted", "met", "active"][: rng.randint(1, 3)]
        day = first + dt.timedelta(days=rng.randint(0, 20))
        for status in path:
            if day > today:
                break
            partner_status_set(partner=partner, status=status, changed_on=day, recorded_by="Coordination")
            day += dt.timedelta(days=rng.randint(10, 40))
        for _ in range(rng.randint(1, 5)):
            when = first + dt.timedelta(days=rng.randint(0, max(1, (today - first).days)))
            due = when + dt.timedelta(days=rng.randint(3, 30)) if rng.random() < 0.4 else None
            interaction_record(partner=partner, kind=rng.choice(["meeting", "call", "email", "co_organised"]),
                               date=min(when, today), note="Échange sur les projets de l'année.",
                               next_step=rng.choice(STEPS) if due else "", next_step_due=due,
                               recorded_by="Coordination")
    for offset in (60, 150):
        day = today - dt.timedelta(days=offset)
        if day < first:
            continue
        present = rng.sample(partners, k=min(4, len(partners)))
        network_meeting_save(title="Réunion du réseau des partenaires du quartier", date=day, place="Salle commune",
                             invited=partners[:6], present=present, minutes="Tour de table des actions.",
                             decisions="Un forum des associations à la rentrée.", recorded_by="Coordination")
    return partners
