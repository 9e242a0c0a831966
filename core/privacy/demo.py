"""Demo data: consents for every demo resident, a few sensitive records (run inside a residence schema)."""
import random

from core.people.models import AgeBand, Resident
from core.privacy.models import Autonomy, Consent, ConsentScope, SensitiveRecord

SITUATIONS = [
    "Se déplace avec une canne, préfère le rez-de-chaussée",
    "Malvoyance : lire les affiches à voix haute",
    "Sortie d'hospitalisation récente, passage de l'infirmière le matin",
]


def demo_populate(*, rng: random.Random) -> None:
    consents, records = [], []
    for resident in Resident.objects.order_by("pk"):
        consents.append(Consent(resident=resident, scope=ConsentScope.ACTIVITIES_FOLLOW_UP, given_on=resident.consent_on))
        if rng.random() < 0.5:
            consents.append(Consent(resident=resident, scope=ConsentScope.CONTACT_SMS, given_on=resident.consent_on))
        if resident.age_band in (AgeBand.SENIOR, AgeBand.ELDER) and rng.random() < 0.15:
            records.append(SensitiveRecord(resident=resident, autonomy=rng.choice([Autonomy.AUTONOMOUS, Autonomy.PARTIAL]),
                                           health_situation=rng.choice(SITUATIONS)))
    Consent.objects.bulk_create(consents)
    SensitiveRecord.objects.bulk_create(records)
