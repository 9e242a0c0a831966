"""Reads of the residents' portal, on the current residence schema only."""
from django.db.models import QuerySet
from django.utils import timezone

from core.activities.models import Attendance
from core.people.models import Resident
from core.portal.models import MagicLink


def portal_resident(*, resident_id: int) -> Resident | None:
    return Resident.objects.filter(pk=resident_id).first()


def resident_attendance_list(*, resident: Resident) -> QuerySet[Attendance]:
    """The activities this resident attended, latest first (their own record, nothing of others)."""
    return (Attendance.objects.filter(resident=resident).select_related("activity")
            .order_by("-activity__starts_at"))


def magic_link_list(*, resident: Resident) -> QuerySet[MagicLink]:
    return MagicLink.objects.filter(resident=resident).order_by("-created_at")[:10]


def magic_link_is_live(*, token: str) -> bool:
    """Known here, unused and not expired (without spending it)."""
    from core.portal.services import token_hash

    return MagicLink.objects.filter(token_hash=token_hash(token), used_at__isnull=True,
                                    expires_at__gt=timezone.now()).exists()
