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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def magic_link_create(*, resident: Resident, created_by_id: int,
                      lifetime: dt.timedelta | None = None) -> tuple[MagicLink, str]:
    """Issue a link for one resident; returns it with the raw token, shown once and never stored.

    The resident's older unused links are revoked: one live link per person.
    """
    now = timezone.now()
    lifetime = lifetime or dt.timedelta(hours=settings.PORTAL_LINK_LIFETIME_HOURS)
    MagicLink.objects.filter(resident=resident, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    link = MagicLink(resident=resident, token_hash=token_hash(token), created_by_id=created_by_id,
                     created_at=now, expires_at=now + lifetime)
    link.full_clean()
    link.save()
    return link, token


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
