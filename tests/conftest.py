"""Shared fixtures: two residences of two landlords, and the personas who use them.

Schemas are created once per session (committed); each test then runs in a
transaction that is rolled back. Transactional tests flush the public tables,
so residence rows are re-created on demand from their existing schemas.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from tenants.models import Domain, Landlord, Residence, User
from tenants.selectors import user_can_enter_residence, user_requires_mfa
from tenants.services import (
    residence_create,
    residence_domain,
    schema_name_for_slug,
    template_schema_migrate,
    user_create,
)

PASSWORD = "motdepasse-de-test-2026"


@dataclass(frozen=True)
class ResidenceSpec:
    name: str
    slug: str
    landlord: str
    city: str
    department: str
    postcode: str


LANDLORDS = {"Seqens": "Seqens Test", "Logirep": "Logirep Test"}
RESIDENCE_A = ResidenceSpec("Les Tilleuls", "tilleuls-test", "Seqens", "Saint-Denis", "93", "93200")
RESIDENCE_B = ResidenceSpec("Les Cèdres", "cedres-test", "Logirep", "Vitry-sur-Seine", "94", "94400")


def _landlord(short: str) -> Landlord:
    landlord, _ = Landlord.objects.get_or_create(short_name=short, defaults={"name": LANDLORDS[short]})
    return landlord


def ensure_residence(spec: ResidenceSpec) -> Residence:
    residence = Residence.objects.filter(slug=spec.slug).first()
    if residence is not None:
        return residence
    fields = dict(
        name=spec.name, slug=spec.slug, landlord=_landlord(spec.landlord), address="1 rue de la Paix",
        postcode=spec.postcode, city=spec.city, department=spec.department, dwellings=100,
    )
    schema = schema_name_for_slug(spec.slug)
    if not schema_exists(schema):
        return residence_create(**fields).residence
    # The schema survived a flush of the public tables: give it its rows back.
    residence = Residence.objects.create(schema_name=schema, **fields)
    Domain.objects.create(domain=residence_domain(spec.slug), tenant=residence, is_primary=True)
    return residence


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        template_schema_migrate()
        ensure_residence(RESIDENCE_A)
        ensure_residence(RESIDENCE_B)


@pytest.fixture
def residence_a(db) -> Residence:
    return ensure_residence(RESIDENCE_A)


@pytest.fixture
def residence_b(db) -> Residence:
    return ensure_residence(RESIDENCE_B)


def make_user(email: str, role: str, *, landlord: Landlord | None = None, residences=()) -> User:
    user = user_create(email=email, password=PASSWORD, full_name=email.split("@")[0], role=role,
                       landlord=landlord, residences=list(residences))
    if user_requires_mfa(user=user):
        totp_device(user)  # personas who must give a second factor have their app set up
    return user


def totp_device(user: User):
    """The user's confirmed authenticator app (TOTP), created if missing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return (TOTPDevice.objects.filter(user=user, confirmed=True).first()
            or TOTPDevice.objects.create(user=user, name="Téléphone de test", confirmed=True))


def totp_code(user: User) -> str:
    """A code the user's app shows now. Replay protection is reset first, so one persona
    may log in on several hosts within the same 30 seconds."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = totp_device(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0,
                                                    throttling_failure_timestamp=None)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return str(token).zfill(device.digits)


def owes_second_factor(user: User, residence: Residence | None) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if residence is not None and not user_can_enter_residence(user=user, residence=residence):
        return False  # refused by the residence host before any second factor
    return user_requires_mfa(user=user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@pytest.fixture
def head_office(db) -> User:
    """The head-office analyst of L'apes."""
    return make_user("analyste@lapes.test", User.Role.HEAD_OFFICE)


@pytest.fixture
def coordinator_a(residence_a) -> User:
    """The coordinator of Les Tilleuls."""
    return make_user("coord.tilleuls@lapes.test", User.Role.COORDINATOR, residences=[residence_a])


@pytest.fixture
def coordinator_b(residence_b) -> User:
    """The coordinator of Les Cèdres."""
    return make_user("coord.cedres@lapes.test", User.Role.COORDINATOR, residences=[residence_b])


@pytest.fixture
def viewer_l1(residence_a) -> User:
    """A landlord viewer of Seqens (owner of Les Tilleuls)."""
    return make_user("lecture@seqens.test", User.Role.LANDLORD_VIEWER, landlord=residence_a.landlord)


@pytest.fixture
def viewer_l2(residence_b) -> User:
    """A landlord viewer of Logirep (owner of Les Cèdres)."""
    return make_user("lecture@logirep.test", User.Role.LANDLORD_VIEWER, landlord=residence_b.landlord)


def host_of(residence: Residence | None) -> str:
    return residence_domain(residence.slug) if residence else "localhost"


def client_on(residence: Residence | None, user: User | None = None) -> Client:
    """A browser on the residence's subdomain (or the bare domain), logged in through the real form."""
    client = Client(HTTP_HOST=host_of(residence))
    if user is not None:
        response = client.post("/connexion/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, "login failed"
        if owes_second_factor(user, residence):
            response = client.post("/connexion/verification/", {"code": totp_code(user)})
            assert response.status_code == 302, "second factor refused"
    return client


@pytest.fixture
def in_schema():
    """Run ORM code inside a residence schema: `with in_schema(residence): ...`."""
    return lambda residence: schema_context(residence.schema_name)


def schema_tables(schema: str) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def aware(year, month, day, hour=14, minute=0) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def _public_schema_between_tests():
    """Requests leave the connection on their residence; every test starts on public."""
    from django.db import connection

    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()
