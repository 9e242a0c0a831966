import datetime as dt

import factory

from core.evaluation.models import NarrativeKind, NarrativeSection, SurveyWave


class SurveyWaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyWave

    label = factory.Sequence(lambda n: f"Vague {n + 1}")
    starts_on = dt.date(2026, 3, 1)
    ends_on = dt.date(2026, 4, 30)


class NarrativeSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NarrativeSection

    year = 2026
    kind = NarrativeKind.HIGHLIGHTS
    body = factory.Faker("paragraph", locale="fr_FR")


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    """Answers with a consistent score (as the service computes it)."""

    class Meta:
        model = "evaluation.SurveyResponse"

    wave = factory.SubFactory(SurveyWaveFactory)
    answered_on = factory.LazyAttribute(lambda o: o.wave.starts_on)
    neighbour_contacts = factory.Faker("random_int", min=0, max=4)
    loneliness = factory.Faker("random_int", min=0, max=4)
    someone_to_count_on = factory.Faker("random_int", min=0, max=2)
    collective_participation = factory.Faker("random_int", min=0, max=3)
    feels_at_home = factory.Faker("random_int", min=0, max=3)
    ties_score = factory.LazyAttribute(lambda o: _score(o))


def _score(o):
    from core.evaluation.services import ties_score

    return ties_score(neighbour_contacts=o.neighbour_contacts, loneliness=o.loneliness,
                      someone_to_count_on=o.someone_to_count_on,
                      collective_participation=o.collective_participation, feels_at_home=o.feels_at_home)
