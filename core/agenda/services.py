"""Writes of the agenda: the private token of the iCal feed."""
import secrets

from django.db import transaction
from django.utils import timezone

from core.agenda.models import CalendarFeed


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_ensure() -> CalendarFeed:
    """The residence's feed, created with a fresh token the first time it is needed."""
    feed = CalendarFeed.objects.select_for_update().order_by("id").first()
    if feed is None:
        feed = CalendarFeed.objects.create(token=_new_token())
    return feed


@transaction.atomic
def calendar_feed_regenerate() -> CalendarFeed:
    """Replace the token: the previous feed URL stops working at once."""
    feed = calendar_feed_ensure()
    feed.token = _new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
