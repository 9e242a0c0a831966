"""Reads of the residents' portal, on the current residence schema only."""
import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from core.activities.models import Attendance, Registration
from core.people.models import Resident
from core.portal.models import MagicLink


def portal_resident(*, resident_id: int) -> Resident | None:
    return Resident.objects.filter(pk=resident_id).first()


def resident_attendance_list(*, resident: Resident) -> QuerySet[Attendance]:
    """The activities this resident attended, latest first (their own record, nothing of others)."""
    return (Attendance.objects.filter(resident=resident).select_related("activity")
            .order_by("-activity__starts_at"))


def resident_upcoming_registration_list(*, resident: Resident, now: dt.datetime | None = None
                                        ) -> QuerySet[Registration]:
    """The sessions this resident signed up for that have not started yet, soonest first (cancelled ones
    included: the registration stays so the person learns of the cancellation). Their own, nothing of others."""
    return (Registration.objects.filter(resident=resident, activity__starts_at__gte=now or timezone.now())
            .select_related("activity", "activity__space").order_by("activity__starts_at", "activity_id"))


def magic_link_list(*, resident: Resident) -> QuerySet[MagicLink]:
    return MagicLink.objects.filter(resident=resident).order_by("-created_at")[:10]


def magic_link_is_live(*, token: str) -> bool:
    """Known here, unused and not expired (without spending it)."""
    from core.portal.services import token_hash

    return MagicLink.objects.filter(token_hash=token_hash(token), used_at__isnull=True,
                                    expires_at__gt=timezone.now()).exists()
