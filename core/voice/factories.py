import datetime as dt

import factory
from django.utils import timezone

from core.people.factories import ResidentFactory
from core.voice.models import (
    BodyDecision,
    Consultation,
    ConsultationOption,
    GovernanceBody,
    Interview,
    Mandate,
    Meeting,
    Need,
    Questionnaire,
    QuestionnaireVersion,
    QuestionSection,
    SkillCategory,
    SkillDirection,
    SkillEntry,
    SkillExchange,
)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    label = factory.Sequence(lambda n: f"Besoin {n + 1}")


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A questionnaire open around today, with its first version (sections and questions added by tests)."""

    class Meta:
        model = Questionnaire
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Diagnostic {n + 1}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    version = factory.RelatedFactory("core.voice.factories.QuestionnaireVersionFactory", "questionnaire")


class QuestionnaireVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireVersion

    number = 1


class QuestionSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionSection

    title = "Votre quotidien"


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    resident = factory.SubFactory(ResidentFactory)
    held_on = dt.date(2026, 3, 10)


class SkillEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillEntry

    resident = factory.SubFactory(ResidentFactory)
    direction = SkillDirection.OFFER
    category = SkillCategory.SEWING


class SkillExchangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillExchange

    giver = factory.SubFactory(ResidentFactory)
    learner = factory.SubFactory(ResidentFactory)
    category = SkillCategory.SEWING
    happened_on = dt.date(2026, 3, 12)
    hours = 2


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    question = factory.Sequence(lambda n: f"Quelle animation cet été ? ({n + 1})")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=5))
    options = factory.RelatedFactoryList("core.voice.factories.ConsultationOptionFactory", "consultation", size=2)


class ConsultationOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationOption

    label = factory.Sequence(lambda n: f"Choix {n + 1}")


class GovernanceBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    name = factory.Sequence(lambda n: f"Comité de résidents {n + 1}")


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    body = factory.SubFactory(GovernanceBodyFactory)
    resident = factory.SubFactory(ResidentFactory)
    starts_on = dt.date(2026, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(GovernanceBodyFactory)
    held_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))


class BodyDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyDecision

    body = factory.SubFactory(GovernanceBodyFactory)
    title = "Organiser une fête des voisins"
    decided_on = dt.date(2026, 3, 1)
    owner = "Comité"
