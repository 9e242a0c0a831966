import datetime as dt

import factory

from core.safety.models import CheckKind, Incident, SafetyCheck, SpaceRules
from core.spaces.factories import SpaceFactory


class SpaceRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceRules

    space = factory.SubFactory(SpaceFactory)
    version = 1
    max_occupancy = factory.LazyAttribute(lambda o: o.space.capacity)
    equipment = "Extincteur à eau près de la porte, trousse de secours dans le placard de l'entrée."
    allowed = "Ateliers, réunions, goûters. Musique modérée jusqu'à 22 h."
    forbidden = "Flamme nue, barbecue, alcool fort, sortie de secours encombrée."
    published_by = factory.Faker("name", locale="fr_FR")


class SafetyCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyCheck

    label = factory.Faker("random_element", elements=["Extincteur salle commune", "Trousse de secours",
                                                      "Outils du jardin", "Issues de secours"])
    kind = factory.Faker("random_element", elements=[c.value for c in CheckKind])
    frequency_days = 30
    next_due_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=10))


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    title = factory.Faker("random_element", elements=["Chute dans l'escalier", "Prise électrique abîmée",
                                                      "Porte du jardin forcée"])
    occurred_at = factory.Faker("date_time_between", start_date="-60d", end_date="-1d", tzinfo=dt.timezone.utc)
    description = factory.Faker("paragraph", locale="fr_FR")
    severity = "minor"
