"""Writes of drop-in hours: plan slots, log visits fast, close follow-ups."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dropins.models import DropInSlot, DropInVisit, FollowUp, Recurrence
from core.people.models import Resident


@transaction.atomic
def slot_create(
    *,
    first_date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    recurrence: str = Recurrence.ONCE,
    last_date: dt.date | None = None,
    place: str = "Bureau",
    note: str = "",
) -> DropInSlot:
    """A one-off slot has no last date; a weekly one may have one (none: open-ended)."""
    if recurrence == Recurrence.ONCE:
        last_date = None
    slot = DropInSlot(first_date=first_date, start_time=start_time, end_time=end_time, recurrence=recurrence,
                      last_date=last_date, place=place.strip(), note=note.strip())
    slot.full_clean()
    slot.save()
    return slot


@transaction.atomic
def slot_delete(*, slot: DropInSlot) -> None:
    slot.delete()


@transaction.atomic
def visit_log(
    *,
    topic: str,
    resident: Resident | None = None,
    note: str = "",
    follow_up_needed: bool = False,
    visited_at: dt.datetime | None = None,
) -> DropInVisit:
    """Record one visit (anonymous if no resident); open a follow-up in the same write if one is needed.

    A visit cannot be dated in the future.
    """
    now = timezone.now()
    visited_at = visited_at or now
    if visited_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"visited_at": _("Un passage ne peut pas être noté dans le futur.")})
    visit = DropInVisit(visited_at=visited_at, resident=resident, topic=topic, note=note.strip())
    visit.full_clean()
    visit.save()
    if follow_up_needed:
        follow_up = FollowUp(visit=visit, opened_on=timezone.localdate(visited_at))
        follow_up.full_clean()
        follow_up.save()
    return visit


@transaction.atomic
def follow_up_close(*, follow_up: FollowUp, outcome: str, closed_on: dt.date | None = None) -> FollowUp:
    """Close an open follow-up with what was done; the date is not before it was opened, nor in the future."""
    outcome = outcome.strip()
    closed_on = closed_on or timezone.localdate()
    errors = {}
    if not follow_up.is_open:
        errors["closed_on"] = _("Cette suite est déjà close.")
    if not outcome:
        errors["outcome"] = _("Notez en quelques mots la suite donnée.")
    if closed_on > timezone.localdate():
        errors["closed_on"] = _("La date de clôture ne peut pas être dans le futur.")
    elif closed_on < follow_up.opened_on:
        errors["closed_on"] = _("La date de clôture ne peut pas précéder l'ouverture (%(date)s).") % {
            "date": follow_up.opened_on.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)
    follow_up.outcome = outcome
    follow_up.closed_on = closed_on
    follow_up.full_clean()
    follow_up.save(update_fields=["outcome", "closed_on"])
    return follow_up


# What stays of a closed follow-up's outcome once its resident is erased (a closed one needs an outcome).
ERASED_OUTCOME = "(effacé)"


@transaction.atomic
def resident_dropin_notes_erase(*, resident: Resident) -> int:
    """Erasure hook of the privacy app: blank the free text of the resident's visits and follow-ups.

    The visits stay, pointing to the anonymised resident, so the visit and visitor counts of past
    months do not change; the follow-ups keep their dates (the "closed in the month" indicator).
    """
    visits = DropInVisit.objects.filter(resident=resident)
    FollowUp.objects.filter(visit__in=visits, closed_on__isnull=False).update(outcome=ERASED_OUTCOME)
    FollowUp.objects.filter(visit__in=visits, closed_on__isnull=True).update(outcome="")
    return visits.update(note="")
