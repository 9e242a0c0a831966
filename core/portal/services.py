"""Writes of the residents' portal: issuing and redeeming magic links."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.people.models import Resident
from core.portal.models import MagicLink


ACTIVITY_REF_SALT = "portal.activity"


def activity_ref(activity_id: int) -> str:
    """How the portal and posters name an activity in a URL: signed and opaque, not its bare id, and the
    same every time (a printed poster keeps working)."""
    from django.core import signing

    return signing.Signer(salt=ACTIVITY_REF_SALT).sign_object(int(activity_id))


def activity_from_ref(ref: str) -> int:
    """The activity id behind a reference; ValueError if it was not made by us."""
    from django.core import signing

    try:
        return int(signing.Signer(salt=ACTIVITY_REF_SALT).unsign_object(ref))
    except signing.BadSignature as exc:
        raise ValueError("bad activity reference") from exc


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def magic_link_create(*, resident: Resident, created_by_id: int,
                      lifetime: dt.timedelta | None = None, token: str | None = None) -> tuple[MagicLink, str]:
    """Issue a link for one resident; returns it with the raw token, shown once and never stored.

    The resident's older unused links are revoked: one live link per person.
    """
    now = timezone.now()
    lifetime = lifetime or dt.timedelta(hours=settings.PORTAL_LINK_LIFETIME_HOURS)
    MagicLink.objects.filter(resident=resident, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token = token or secrets.token_urlsafe(32)
    link = MagicLink(resident=resident, token_hash=token_hash(token), created_by_id=created_by_id,
                     created_at=now, expires_at=now + lifetime)
    link.full_clean()
    link.save()
    return link, token


# Short codes: 8 characters without look-alikes (no 0/O, 1/I/L), ~40 bits; typed on the hall poster's page,
# throttled like log-ins, single-use and short-lived. Stored like links: only their hash.
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHORT_CODE_LENGTH = 8


def short_code_normalise(code: str) -> str:
    """What the person typed, as it was issued: capitals, no spaces or dashes."""
    return "".join(c for c in (code or "").upper() if c.isalnum())


def short_code_create(*, resident: Resident, created_by_id: int) -> tuple[MagicLink, str]:
    """A code the coordinator reads out or writes down; works like a link (single use, one live per person)."""
    code = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
    link, _token = magic_link_create(resident=resident, created_by_id=created_by_id,
                                     lifetime=dt.timedelta(hours=settings.PORTAL_CODE_LIFETIME_HOURS), token=code)
    return link, f"{code[:4]}-{code[4:]}"


@transaction.atomic
def magic_link_redeem(*, token: str) -> Resident | None:
    """The link's resident if the token is live (known here, unused, not expired); it is then spent."""
    link = (MagicLink.objects.select_for_update().select_related("resident")
            .filter(token_hash=token_hash(token)).first())
    now = timezone.now()
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    link.used_at = now
    link.save(update_fields=["used_at"])
    return link.resident


@transaction.atomic
def resident_magic_links_delete(*, resident: Resident) -> int:
    """Erasure hook of the privacy app: an erased resident has no space to open any more."""
    return MagicLink.objects.filter(resident=resident).delete()[0]
