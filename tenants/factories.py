"""factory-boy factories for the public schema, realistic French data."""
import factory
from faker import Faker

from tenants.models import Landlord, User

fake = Faker("fr_FR")


class LandlordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Landlord
        django_get_or_create = ["short_name"]

    name = factory.Sequence(lambda n: f"Habitat {fake.city()} {n}")
    short_name = factory.Sequence(lambda n: f"ESH{n}")
    siren = factory.Sequence(lambda n: f"{500000000 + n:09d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"compte{n}@exemple.fr")
    full_name = factory.Faker("name", locale="fr_FR")
    role = User.Role.COORDINATOR
    password = factory.django.Password("motdepasse-de-test-2026")
