import datetime as dt

import factory

from core.dropins.models import DropInSlot, DropInVisit, FollowUp, Recurrence, Topic
from core.people.factories import ResidentFactory

NOTES = [
    "Question sur la régularisation des charges", "Dossier CAF à compléter", "Propose un atelier tricot",
    "Bruit dans la cage d'escalier B", "Cherche un cours de français", "Fuite dans la salle de bain signalée",
    "Demande d'aide pour un rendez-vous en ligne", "Voudrait organiser une fête des voisins",
]


class DropInSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DropInSlot

    first_date = factory.Faker("date_between", start_date="-30d", end_date="+30d")
    start_time = dt.time(14, 0)
    end_time = dt.time(17, 0)
    recurrence = Recurrence.ONCE
    place = "Bureau"


class DropInVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DropInVisit

    visited_at = factory.Faker("date_time_between", start_date="-60d", end_date="now", tzinfo=dt.timezone.utc)
    resident = factory.SubFactory(ResidentFactory)
    topic = factory.Faker("random_element", elements=[c.value for c in Topic])
    note = factory.Faker("random_element", elements=NOTES)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    visit = factory.SubFactory(DropInVisitFactory)
    opened_on = factory.LazyAttribute(lambda o: o.visit.visited_at.date())
