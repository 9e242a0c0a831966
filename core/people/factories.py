import datetime as dt

import factory

from core.people.models import AgeBand, Resident


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name_initial = factory.Faker("random_uppercase_letter")
    age_band = factory.Faker("random_element", elements=[c.value for c in AgeBand])
    consent_on = factory.Faker("date_between", start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 6, 30))
