import datetime as dt

import factory

from core.activities.models import Activity, ActivityKind, ActivitySeries, Frequency, Registration

# (title, kind): what a residence's year of activities looks like.
ACTIVITY_CATALOGUE = [
    ("Café des habitant·es", ActivityKind.COLLECTIVE_MOMENT), ("Goûter des voisins", ActivityKind.COLLECTIVE_MOMENT),
    ("Atelier couture", ActivityKind.WORKSHOP), ("Aide aux devoirs", ActivityKind.WORKSHOP),
    ("Atelier numérique", ActivityKind.WORKSHOP), ("Prévention des chutes", ActivityKind.WORKSHOP),
    ("Atelier cuisine du monde", ActivityKind.WORKSHOP), ("Bricolage solidaire", ActivityKind.WORKSHOP),
    ("Jardinage au potager", ActivityKind.COLLECTIVE_MOMENT), ("Sortie au marché", ActivityKind.OUTING),
    ("Visite du musée", ActivityKind.OUTING), ("Loto intergénérationnel", ActivityKind.FESTIVE_EVENT),
    ("Repas partagé", ActivityKind.FESTIVE_EVENT), ("Comité de résidents", ActivityKind.MEETING),
    ("Gym douce", ActivityKind.PHYSICAL), ("Troc de savoirs", ActivityKind.SKILL_SHARING),
    ("Réunion d'information du bailleur", ActivityKind.INFORMATION),
]
ACTIVITY_TITLES = [title for title, _ in ACTIVITY_CATALOGUE]


class ActivitySeriesFactory(factory.django.DjangoModelFactory):
    """The rule only; create its sessions with ActivityFactory(series=...) or through activity_create."""

    class Meta:
        model = ActivitySeries

    frequency = Frequency.WEEKLY
    first_starts_at = factory.Faker("date_time_between", start_date="-30d", end_date="+30d", tzinfo=dt.timezone.utc)
    occurrence_count = 4


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Faker("random_element", elements=ACTIVITY_TITLES)
    kind = factory.Faker("random_element", elements=[c.value for c in ActivityKind])
    # In the past by default: attendance can only be noted from an hour before the start.
    starts_at = factory.Faker("date_time_between", start_date="-30d", end_date="-2h", tzinfo=dt.timezone.utc)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Salle commune"
    facilitator = factory.Faker("name", locale="fr_FR")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    activity = factory.SubFactory(ActivityFactory)
    resident = factory.SubFactory("core.people.factories.ResidentFactory")
