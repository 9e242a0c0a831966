"""Reads of the public schema, each taking its scope explicitly."""
from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet

from tenants.models import Domain, Residence, ResidenceMembership, User


def active_residence_list() -> QuerySet[Residence]:
    """The only definition of an active residence: served on its host, refreshed, reported on, fanned
    out to by nightly tasks (`apes_platform.fanout`). A closed or suspended one is none of these."""
    return Residence.objects.filter(status=Residence.Status.ACTIVE)
def normalise_host(hostname: str) -> str:
    """The one spelling of a host: lower case, no port, no trailing dot, IDNA (punycode) labels.

    "" for what cannot be a host name. The host cache key and the `Domain` lookup both use
    this spelling, so `TILLEULS.example.org.:443` and `tilleuls.example.org` are one answer:
    a request spelled otherwise can never cache "unknown host" over a residence's real host.
    """
    host = (hostname or "").strip().lower()
    if host.startswith("["):  # IPv6 literal: never a residence
        return ""
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    host = host.removesuffix(".")
    if not host or ":" in host:
        return ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""
    return host.lower()


def residence_for_host(hostname: str) -> Residence | None:
    """The active residence served on `hostname` (any spelling, see `normalise_host`), or None.

    Runs on every request, so it is cached (tenants/host_cache.py): no query on
    a hit, and any save or delete of a Residence or Domain drops the entry.
    """
    from tenants.host_cache import UNKNOWN_HOST, host_cache_get, host_cache_set

    hostname = normalise_host(hostname)
    if not hostname:
        return None
    cached = host_cache_get(hostname)
    if cached is not None:
        return None if cached == UNKNOWN_HOST else cached
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    if domain is None or domain.tenant.status != Residence.Status.ACTIVE:
        host_cache_set(hostname, UNKNOWN_HOST)
        return None
    host_cache_set(hostname, domain.tenant)
    return domain.tenant


def user_can_enter_residence(*, user: User, residence: Residence) -> bool:
    """Only the residence's coordinators and head-office staff get onto its subdomain."""
    if not user.is_active:
        return False
    if user.is_head_office:
        return True
    if user.is_coordinator:
        # Read with the user at the start of the request (`user_for_session`): no query here.
        member_of = getattr(user, "member_residence_ids", None)
        if member_of is not None:
            return residence.pk in member_of
        return user.memberships.filter(residence_id=residence.pk).exists()
    return False


def user_for_session(*, user_id) -> User | None:
    """The logged-in user of a request, with the ids of the residences they belong to.

    Read in the same statement as the user (a sub-select), so the membership rule of every
    residence request costs no query of its own, and it is never staler than the request.
    """
    memberships = ResidenceMembership.objects.filter(user_id=OuterRef("pk")).values("residence_id")
    return User.objects.annotate(member_residence_ids=ArraySubquery(memberships)).filter(pk=user_id).first()


def residence_list_for_user(*, user: User) -> QuerySet[Residence]:
    """The residences a user may see in public pages and APIs."""
    qs = Residence.objects.select_related("landlord")
    if user.is_head_office:
        return qs
    if user.is_landlord_viewer:
        return qs.filter(landlord_id=user.landlord_id)
    if user.is_coordinator:
        return qs.filter(memberships__user=user)
    return qs.none()



def user_requires_mfa(*, user: User) -> bool:
    """A second factor is required of the head office, landlord viewers and admin staff;
    of coordinators only where the deployment sets MFA_REQUIRED_FOR_COORDINATORS."""
    from django.conf import settings

    if user.is_head_office or user.is_landlord_viewer or user.is_staff or user.is_superuser:
        return True
    return user.is_coordinator and settings.MFA_REQUIRED_FOR_COORDINATORS


def totp_device_confirmed(*, user: User):
    """The user's confirmed authenticator app (TOTP), if any."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
