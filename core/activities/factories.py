import datetime as dt

import factory

from core.activities.models import Activity, ActivityKind

# (title, kind): what a residence's year of activities looks like.
ACTIVITY_CATALOGUE = [
    ("Café des habitant·es", ActivityKind.COLLECTIVE_MOMENT), ("Goûter des voisins", ActivityKind.COLLECTIVE_MOMENT),
    ("Atelier couture", ActivityKind.WORKSHOP), ("Aide aux devoirs", ActivityKind.WORKSHOP),
    ("Atelier numérique", ActivityKind.WORKSHOP), ("Prévention des chutes", ActivityKind.WORKSHOP),
    ("Atelier cuisine du monde", ActivityKind.WORKSHOP), ("Bricolage solidaire", ActivityKind.WORKSHOP),
    ("Jardinage au potager", ActivityKind.COLLECTIVE_MOMENT), ("Sortie au marché", ActivityKind.OUTING),
    ("Visite du musée", ActivityKind.OUTING), ("Loto intergénérationnel", ActivityKind.FESTIVE_EVENT),
    ("Repas partagé", ActivityKind.FESTIVE_EVENT), ("Comité de résidents", ActivityKind.MEETING),
]
ACTIVITY_TITLES = [title for title, _ in ACTIVITY_CATALOGUE]


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Faker("random_element", elements=ACTIVITY_TITLES)
    kind = factory.Faker("random_element", elements=[c.value for c in ActivityKind])
    starts_at = factory.Faker("date_time_between", start_date="-30d", end_date="+30d", tzinfo=dt.timezone.utc)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Salle commune"
    facilitator = factory.Faker("name", locale="fr_FR")
