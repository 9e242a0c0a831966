"""Writes of the public schema: provisioning residences, accounts."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import quote_schema_name, schema_exists

from tenants.models import Domain, Landlord, Residence, ResidenceMembership, User


class ProvisioningError(ValidationError):
    pass


def schema_name_for_slug(slug: str) -> str:
    return "r_" + slug.replace("-", "_")


def residence_domain(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


@dataclass(frozen=True)
class ProvisioningResult:
    residence: Residence
    domain: str
    method: str
    seconds: float


@transaction.atomic
def residence_create(
    *,
    name: str,
    slug: str,
    landlord: Landlord,
    address: str,
    postcode: str,
    city: str,
    department: str,
    dwellings: int,
    is_priority_neighbourhood: bool = False,
    opened_on: dt.date | None = None,
) -> ProvisioningResult:
    """Create a residence: its row, its schema (fully migrated) and its domain.

    All of it in one transaction (PostgreSQL DDL is transactional), so a failure
    at any step leaves nothing behind, and a slug already taken is a clear error.
    """
    started = time.perf_counter()
    schema_name = schema_name_for_slug(slug)
    if Residence.objects.filter(slug=slug).exists() or schema_exists(schema_name):
        raise ProvisioningError(
            {"slug": _("Une résidence utilise déjà l'identifiant « %(slug)s ».") % {"slug": slug}},
            code="duplicate_slug",
        )
    residence = Residence(
        name=name,
        slug=slug,
        schema_name=schema_name,
        landlord=landlord,
        address=address,
        postcode=postcode,
        city=city,
        department=department,
        dwellings=dwellings,
        is_priority_neighbourhood=is_priority_neighbourhood,
        opened_on=opened_on,
    )
    residence.full_clean()
    residence.save()
    method = _create_schema(residence)
    domain = Domain(domain=residence_domain(slug), tenant=residence, is_primary=True)
    domain.full_clean()
    domain.save()
    return ProvisioningResult(
        residence=residence, domain=domain.domain, method=method, seconds=time.perf_counter() - started
    )


def _create_schema(residence: Residence) -> str:
    """Create the residence's schema with RESIDENCE_PROVISIONING; returns how it was made."""
    method = settings.RESIDENCE_PROVISIONING
    if method == "script":
        from tenants.schema_script import residence_schema_create

        return residence_schema_create(residence.schema_name)
    if method == "clone" and not schema_exists(settings.RESIDENCE_TEMPLATE_SCHEMA):
        # django-tenants would silently fall back to migrating: refuse instead.
        raise ProvisioningError(
            _("Le schéma modèle « %(schema)s » est absent : lancez « manage.py platform_migrate ».")
            % {"schema": settings.RESIDENCE_TEMPLATE_SCHEMA}
        )
    if method == "clone" and unapplied_tenant_migrations(settings.RESIDENCE_TEMPLATE_SCHEMA):
        # Cloning fakes the migrations: a stale template would give a residence missing tables.
        raise ProvisioningError(
            _("Le schéma modèle « %(schema)s » n'est pas à jour : lancez « manage.py platform_migrate ».")
            % {"schema": settings.RESIDENCE_TEMPLATE_SCHEMA}
        )
    residence.create_schema(check_if_exists=False, verbosity=0)  # ends on the public schema
    return method


def unapplied_tenant_migrations(schema: str) -> list:
    """Migrations not yet applied in `schema` (empty when it is up to date)."""
    from django.db.migrations.executor import MigrationExecutor
    from django_tenants.utils import schema_context

    with schema_context(schema):
        executor = MigrationExecutor(connection)
        return executor.migration_plan(executor.loader.graph.leaf_nodes())


def template_schema_migrate(*, verbosity: int = 0, executor: str | None = None) -> None:
    """Create or migrate the template schema that new residences are cloned from (same executor as theirs)."""
    template = settings.RESIDENCE_TEMPLATE_SCHEMA
    if not schema_exists(template):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {quote_schema_name(template)}")
    executor_option = {"executor": executor} if executor else {}
    call_command("migrate_schemas", schema_name=template, interactive=False, verbosity=verbosity, **executor_option)
    connection.set_schema_to_public()


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str,
    full_name: str,
    role: str,
    landlord: Landlord | None = None,
    residences: list[Residence] | None = None,
) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        role=role,
        landlord=landlord,
        is_staff=role == User.Role.HEAD_OFFICE,
    )
    for residence in residences or []:
        ResidenceMembership.objects.create(user=user, residence=residence)
    return user


TOTP_DEVICE_NAME = "Application d'authentification"


def totp_device_start(*, user: User):
    """The unconfirmed TOTP device shown during enrolment (created on first call, then reused)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device, token: str) -> bool:
    """Confirm an enrolment: the code from the app must match; other pending devices go."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
    return True
