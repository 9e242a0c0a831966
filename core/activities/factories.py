import datetime as dt

import factory

from core.activities.models import Activity, ActivityKind

ACTIVITY_TITLES = [
    "Café des habitant·es", "Atelier couture", "Aide aux devoirs", "Repas partagé", "Atelier numérique",
    "Jardinage au potager", "Prévention des chutes", "Loto intergénérationnel", "Sortie au marché",
    "Comité de résidents", "Atelier cuisine du monde", "Goûter des voisins", "Bricolage solidaire",
]


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Faker("random_element", elements=ACTIVITY_TITLES)
    kind = factory.Faker("random_element", elements=[c.value for c in ActivityKind])
    starts_at = factory.Faker("date_time_between", start_date="-30d", end_date="+30d", tzinfo=dt.timezone.utc)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Salle commune"
    facilitator = factory.Faker("name", locale="fr_FR")
