import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.activities.models import Activity, Attendance
from core.people.models import Resident


@transaction.atomic
def activity_create(
    *,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    facilitator: str,
) -> Activity:
    activity = Activity(
        title=title.strip(), kind=kind, starts_at=starts_at, ends_at=ends_at, place=place.strip(),
        facilitator=facilitator.strip(),
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def attendance_set(*, activity: Activity, resident_ids: Iterable[int]) -> list[int]:
    """Make the attendance of `activity` exactly `resident_ids` (the ticked list).

    Every id must be a resident of this residence; otherwise nothing changes.
    """
    wanted = set(int(pk) for pk in resident_ids)
    known = set(Resident.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    unknown = wanted - known
    if unknown:
        raise ValidationError(
            {"residents": _("Habitant·e inconnu·e dans cette résidence : %(ids)s.")
             % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}}
        )
    current = set(activity.attendances.values_list("resident_id", flat=True))
    activity.attendances.filter(resident_id__in=current - wanted).delete()
    Attendance.objects.bulk_create([Attendance(activity=activity, resident_id=pk) for pk in wanted - current])
    return sorted(wanted)
