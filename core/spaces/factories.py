import datetime as dt

import factory

from core.spaces.models import Booking, DeskSignIn, OpeningHours, Space, SpaceKind

SPACE_NAMES = {
    SpaceKind.COMMON_ROOM: ["Salle commune", "Salle des fêtes", "Salon du rez-de-chaussée"],
    SpaceKind.GARDEN: ["Jardin partagé", "Potager"],
    SpaceKind.OFFICE: ["Bureau de la coordination", "Bureau des associations"],
    SpaceKind.COWORKING_DESK: ["Poste coworking 1", "Poste coworking 2", "Poste coworking 3"],
}


class SpaceFactory(factory.django.DjangoModelFactory):
    """A space open every day 08:00–22:00 unless `opening_hours` is given."""

    class Meta:
        model = Space
        skip_postgeneration_save = True

    kind = SpaceKind.COMMON_ROOM
    name = factory.Sequence(lambda n: f"Salle n° {n + 1}")
    capacity = 30
    description = factory.Faker("sentence", locale="fr_FR")

    @factory.post_generation
    def opening_hours(self, create, extracted, **kwargs):
        if not create:
            return
        ranges = extracted if extracted is not None else [(d, dt.time(8), dt.time(22)) for d in range(7)]
        OpeningHours.objects.bulk_create(
            [OpeningHours(space=self, weekday=w, opens_at=o, closes_at=c) for w, o, c in ranges]
        )


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    space = factory.SubFactory(SpaceFactory)
    title = factory.Faker("random_element", elements=[
        "Café des habitant·es", "Atelier couture", "Réunion du comité", "Anniversaire", "Atelier numérique",
    ])
    starts_at = factory.Faker("date_time_between", start_date="-30d", end_date="+30d", tzinfo=dt.timezone.utc)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    party_size = 8
    booked_by = factory.Faker("name", locale="fr_FR")


class DeskSignInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskSignIn

    desk = factory.SubFactory(SpaceFactory, kind=SpaceKind.COWORKING_DESK, capacity=1,
                              name=factory.Sequence(lambda n: f"Poste coworking {n + 1}"))
    visitor_name = factory.Faker("name", locale="fr_FR")
    arrived_at = factory.Faker("date_time_between", start_date="-30d", end_date="now", tzinfo=dt.timezone.utc)
    left_at = factory.LazyAttribute(lambda o: o.arrived_at + dt.timedelta(hours=3))
