import datetime as dt

import factory

from core.people.factories import ResidentFactory
from core.privacy.models import Autonomy, Consent, ConsentScope, SensitiveRecord


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    resident = factory.SubFactory(ResidentFactory)
    scope = ConsentScope.ACTIVITIES_FOLLOW_UP
    given_on = factory.Faker("date_between", start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 12, 31))


class SensitiveRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SensitiveRecord

    resident = factory.SubFactory(ResidentFactory)
    autonomy = factory.Faker("random_element", elements=[c.value for c in Autonomy])
    health_situation = factory.Faker("random_element", elements=[
        "Se déplace avec un déambulateur", "Malvoyance, a besoin d'aide pour lire les affiches",
        "Sortie d'hospitalisation récente", "Suivi par le SSIAD deux fois par semaine",
    ])
    free_note = factory.Faker("sentence", locale="fr_FR")
