"""Writes on activities. Every rule lives here; views, forms and the API only call these."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.activities.models import (
    Activity,
    ActivitySeries,
    ActivityStatus,
    Attendance,
    AttendanceSource,
    Registration,
    WaitlistEntry,
)
from core.activities.recurrence import MAX_OCCURRENCES, PARIS, occurrence_starts
from core.activities.selectors import WAITING_ORDER
from core.people.models import Resident
from core.spaces.occupancy import check_opening_hours, occupancy_clash, refused_when_occupied

# What describes an occurrence besides its dates: copied to every session of a series.
DETAIL_FIELDS = (
    "title", "kind", "space", "place", "organiser_kind", "organiser_resident", "organiser_partner", "facilitator",
    "capacity", "audience", "is_intergenerational", "proposed_by_residents",
)


def _clean_details(details: dict) -> dict:
    cleaned = {key: value for key, value in details.items() if key in DETAIL_FIELDS}
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    for key in ("title", "place", "facilitator"):
        if isinstance(cleaned.get(key), str):
            cleaned[key] = cleaned[key].strip()
    # Only the organiser matching the chosen kind is kept, so a stale choice in a form never sticks.
    kind = cleaned.get("organiser_kind")
    if kind is not None:
        if kind != "resident":
            cleaned["organiser_resident"] = None
        if kind != "partner":
            cleaned["organiser_partner"] = None
    return cleaned


def _check_place(*, space, slots: list[tuple[dt.datetime, dt.datetime]], confirmed: bool,
                 exclude_activity_ids: Iterable[int] = (), field: str = "starts_at") -> None:
    """A session held in a space follows the space's rules, as a booking does: opening hours (refused,
    or confirmed by the coordinator when the space says « avertir ») and no overlap with a booking or
    another session. The overlap is checked here to name every clash; the database decides anyway."""
    if space is None:
        return
    errors = check_opening_hours(space=space, slots=slots, confirmed=confirmed, field=field, hours_required=False)
    if errors:
        raise ValidationError(errors)
    excluded = set(exclude_activity_ids)
    clashes = []
    for start, end in slots:
        clash = occupancy_clash(space=space, starts_at=start, ends_at=end)
        if clash is not None and clash.activity_id not in excluded:
            clashes.append(clash)
    if clashes:
        from core.spaces.occupancy import clash_message

        message = clash_message(clashes[0])
        if len(clashes) > 1:
            message = _("%(first)s (%(n)d séances de la série sont concernées.)") % {
                "first": message, "n": len(clashes)}
        raise ValidationError({field: [message]})


def _occupancy_guard(*, space, starts_at: dt.datetime, ends_at: dt.datetime, exclude_activity_id=None):
    """Savepoint around a write: the database's occupancy refusal becomes a message naming the other."""
    return refused_when_occupied(field="starts_at", find_clash=lambda: occupancy_clash(
        space=space, starts_at=starts_at, ends_at=ends_at, exclude_activity_id=exclude_activity_id)
        if space is not None else None)


def _refuse_if_cancelled(activity: Activity, message: str) -> None:
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError({"status": message})


@transaction.atomic
def activity_create(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    frequency: str = "",
    until: dt.date | None = None,
    occurrence_count: int | None = None,
    confirm_outside_hours: bool = False,
    **details,
) -> Activity:
    """Create a one-off activity, or a series and all its sessions when `frequency` is given.

    A series ends either on a date (`until`, inclusive) or after `occurrence_count` sessions, never
    both; it may not exceed MAX_OCCURRENCES sessions. Returns the first session. Held in a space,
    every session occupies it: refused over a booking or another session, and outside opening hours.
    """
    details = _clean_details(details)
    first = Activity(starts_at=starts_at, ends_at=ends_at, **details)
    first.full_clean()
    space = details.get("space")
    if not frequency:
        _check_place(space=space, slots=[(starts_at, ends_at)], confirmed=confirm_outside_hours)
        with _occupancy_guard(space=space, starts_at=starts_at, ends_at=ends_at):
            first.save()
        return first

    errors = {}
    if (until is None) == (occurrence_count is None):
        errors["until"] = _("Indiquez soit une date de fin, soit un nombre de séances.")
    elif until is not None and until < timezone.localtime(starts_at, PARIS).date():
        errors["until"] = _("La date de fin de la série doit suivre la première séance.")
    elif occurrence_count is not None and occurrence_count < 1:
        errors["occurrence_count"] = _("Il faut au moins une séance.")
    if errors:
        raise ValidationError(errors)
    series = ActivitySeries(frequency=frequency, first_starts_at=starts_at, until=until,
                            occurrence_count=occurrence_count)
    series.full_clean()
    starts = occurrence_starts(frequency=frequency, first_starts_at=starts_at, until=until, count=occurrence_count)
    if len(starts) > MAX_OCCURRENCES:
        field = "until" if until is not None else "occurrence_count"
        raise ValidationError({field: _("Une série compte au plus %(max)d séances.") % {"max": MAX_OCCURRENCES}})
    duration = ends_at - starts_at
    _check_place(space=space, slots=[(start, start + duration) for start in starts], confirmed=confirm_outside_hours)
    series.save()
    with refused_when_occupied(field="starts_at", find_clash=lambda: next(
            (c for c in (occupancy_clash(space=space, starts_at=s, ends_at=s + duration) for s in starts) if c), None)):
        Activity.objects.bulk_create([
            Activity(series=series, starts_at=start, ends_at=start + duration, **details) for start in starts
        ])
    return series.occurrences.order_by("starts_at").first()


def _check_capacity_keeps_registrations(activity: Activity, capacity: int | None) -> None:
    if capacity is None:
        return
    registered = activity.registrations.count()
    if registered > capacity:
        raise ValidationError({"capacity": _(
            "%(n)d personnes sont déjà inscrites le %(date)s : la capacité ne peut pas descendre à %(capacity)d."
        ) % {"n": registered, "date": timezone.localtime(activity.starts_at).strftime("%d/%m/%Y"),
             "capacity": capacity}})


@transaction.atomic
def activity_update(*, activity: Activity, starts_at: dt.datetime, ends_at: dt.datetime,
                    confirm_outside_hours: bool = False, **details) -> Activity:
    """Change one session only (of a series or not). A cancelled session can still be corrected."""
    details = _clean_details(details)
    for key, value in details.items():
        setattr(activity, key, value)
    activity.starts_at, activity.ends_at = starts_at, ends_at
    activity.full_clean()
    _check_capacity_keeps_registrations(activity, activity.capacity)
    if not activity.is_cancelled:
        _check_place(space=activity.space, slots=[(starts_at, ends_at)], confirmed=confirm_outside_hours,
                     exclude_activity_ids=[activity.pk])
    with _occupancy_guard(space=activity.space, starts_at=starts_at, ends_at=ends_at,
                          exclude_activity_id=activity.pk):
        activity.save()
    return activity


@transaction.atomic
def series_update(
    *,
    series: ActivitySeries,
    start_time: dt.time,
    duration: dt.timedelta,
    from_at: dt.datetime | None = None,
    confirm_outside_hours: bool = False,
    **details,
) -> int:
    """Apply new details, start time and duration to the sessions of `series` from `from_at` (now).

    Past sessions keep what happened. Each session keeps its date; cancelled ones stay cancelled.
    Returns how many sessions changed.
    """
    if duration <= dt.timedelta(0):
        raise ValidationError({"ends_at": _("La fin doit être postérieure au début.")})
    details = _clean_details(details)
    from_at = from_at or timezone.now()
    sessions = list(series.occurrences.filter(starts_at__gte=from_at).order_by("starts_at"))
    if not sessions:
        raise ValidationError({"series": _("Cette série n'a plus de séance à venir.")})
    probe = sessions[0]
    for key, value in details.items():
        setattr(probe, key, value)
    probe.full_clean(exclude=["starts_at", "ends_at"])
    for session in sessions:
        _check_capacity_keeps_registrations(session, details.get("capacity", session.capacity))
        day = timezone.localtime(session.starts_at, PARIS).date()
        session.starts_at = dt.datetime.combine(day, start_time, tzinfo=PARIS)
        session.ends_at = session.starts_at + duration
        for key, value in details.items():
            setattr(session, key, value)
    live = [s for s in sessions if not s.is_cancelled]
    if live:
        _check_place(space=live[0].space, slots=[(s.starts_at, s.ends_at) for s in live],
                     confirmed=confirm_outside_hours, exclude_activity_ids=[s.pk for s in sessions],
                     field="start_time")
    with refused_when_occupied(field="start_time", find_clash=lambda: None):
        Activity.objects.bulk_update(sessions, ["starts_at", "ends_at", *details.keys()])
    return len(sessions)


@transaction.atomic
def activity_cancel(*, activity: Activity, reason: str) -> Activity:
    """Cancel one session; the reason is required and kept. Registrations stay, to warn people."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"cancellation_reason": _("Indiquez le motif de l'annulation.")})
    _refuse_if_cancelled(activity, _("Cette animation est déjà annulée."))
    activity.status = ActivityStatus.CANCELLED
    activity.cancellation_reason = reason
    activity.full_clean()
    activity.save(update_fields=["status", "cancellation_reason"])
    return activity


@transaction.atomic
def registration_create(*, activity: Activity, resident: Resident, waitlist: bool = False) -> Registration | WaitlistEntry:
    """Sign a resident up. Refused on a cancelled session; once the capacity is reached, refused, or
    (with `waitlist`) the resident joins the waiting list and takes the first place that frees."""
    # Lock the session so two simultaneous sign-ups cannot both take the last place.
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _refuse_if_cancelled(activity, _("Impossible de s'inscrire à une animation annulée."))
    if Registration.objects.filter(activity=activity, resident=resident).exists():
        raise ValidationError({"resident": _("Cette personne est déjà inscrite.")})
    if activity.capacity is not None and activity.registrations.count() >= activity.capacity:
        if not waitlist:
            raise ValidationError({"resident": _(
                "Complet : les %(capacity)d places de cette animation sont déjà prises."
            ) % {"capacity": activity.capacity}})
        if WaitlistEntry.objects.filter(activity=activity, resident=resident).exists():
            raise ValidationError({"resident": _("Cette personne est déjà sur la liste d'attente.")})
        return WaitlistEntry.objects.create(activity=activity, resident=resident)
    WaitlistEntry.objects.filter(activity=activity, resident=resident).delete()
    return Registration.objects.create(activity=activity, resident=resident)


@dataclass
class SeriesRegistration:
    registered: list[Activity] = field(default_factory=list)
    waiting: list[Activity] = field(default_factory=list)
    already: list[Activity] = field(default_factory=list)


@transaction.atomic
def series_registration_create(*, activity: Activity, resident: Resident,
                               now: dt.datetime | None = None) -> SeriesRegistration:
    """Sign a resident up for every upcoming session of `activity`'s series (this one included,
    cancelled ones skipped); a full session puts them on its waiting list."""
    if not activity.series_id:
        raise ValidationError({"series": _("Cette animation ne fait pas partie d'une série.")})
    now = now or timezone.now()
    sessions = (Activity.objects.filter(series_id=activity.series_id, status=ActivityStatus.SCHEDULED,
                                        ends_at__gt=now, starts_at__gte=min(activity.starts_at, now))
                .order_by("starts_at"))
    result = SeriesRegistration()
    for session in sessions:
        try:
            made = registration_create(activity=session, resident=resident, waitlist=True)
        except ValidationError:
            result.already.append(session)
            continue
        (result.waiting if isinstance(made, WaitlistEntry) else result.registered).append(session)
    if not (result.registered or result.waiting or result.already):
        raise ValidationError({"series": _("Cette série n'a plus de séance à venir.")})
    return result


@transaction.atomic
def registration_delete(*, activity: Activity, resident_id: int) -> Resident | None:
    """Remove a registration (or a place on the waiting list). A place that frees goes to the first
    person waiting, who is returned so the coordinator can tell them."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    WaitlistEntry.objects.filter(activity=activity, resident_id=resident_id).delete()
    removed, _detail = activity.registrations.filter(resident_id=resident_id).delete()
    if not removed or activity.status == ActivityStatus.CANCELLED:
        return None
    if activity.capacity is not None and activity.registrations.count() >= activity.capacity:
        return None
    first = (WaitlistEntry.objects.filter(activity=activity).select_related("resident")
             .order_by(*WAITING_ORDER).first())
    if first is None:
        return None
    Registration.objects.create(activity=activity, resident=first.resident)
    first.delete()
    return first.resident


# Attendance opens one hour before the start (people come early); before that a tick would show a
# « dernière venue » in the future.
ATTENDANCE_OPENS_BEFORE = dt.timedelta(hours=1)


def attendance_opens_at(activity: Activity) -> dt.datetime:
    return activity.starts_at - ATTENDANCE_OPENS_BEFORE


def _refuse_if_too_early(activity: Activity, now: dt.datetime | None = None) -> None:
    opens = attendance_opens_at(activity)
    if (now or timezone.now()) < opens:
        local = timezone.localtime(opens)
        raise ValidationError({"residents": _(
            "Trop tôt pour noter les présences : elles s'ouvrent le %(day)s à %(time)s, une heure avant le début."
        ) % {"day": local.strftime("%d/%m/%Y"), "time": local.strftime("%H:%M")}})


def _known_residents(ids: set[int]) -> None:
    known = set(Resident.objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = ids - known
    if unknown:
        raise ValidationError(
            {"residents": _("Habitant·e inconnu·e dans cette résidence : %(ids)s.")
             % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}}
        )


@transaction.atomic
def attendance_set(*, activity: Activity, resident_ids: Iterable[int]) -> list[int]:
    """Make the attendance of `activity` exactly `resident_ids` (the ticked list).

    Every id must be a resident of this residence, and the session must not be cancelled;
    otherwise nothing changes.
    """
    _refuse_if_cancelled(activity, _("Cette animation est annulée : on ne peut pas y noter de présences."))
    _refuse_if_too_early(activity)
    wanted = set(int(pk) for pk in resident_ids)
    _known_residents(wanted)
    current = set(activity.attendances.values_list("resident_id", flat=True))
    activity.attendances.filter(resident_id__in=current - wanted).delete()
    Attendance.objects.bulk_create([Attendance(activity=activity, resident_id=pk) for pk in wanted - current])
    return sorted(wanted)


@transaction.atomic
def attendance_mark(*, activity: Activity, resident_id: int, present: bool,
                    source: str = AttendanceSource.SCREEN) -> bool:
    """Tick (or untick) one resident; idempotent. Returns whether the resident is now present."""
    _refuse_if_cancelled(activity, _("Cette animation est annulée : on ne peut pas y noter de présences."))
    _refuse_if_too_early(activity)
    _known_residents({int(resident_id)})
    if not present:
        activity.attendances.filter(resident_id=resident_id).delete()
        return False
    try:
        with transaction.atomic():
            Attendance.objects.get_or_create(activity=activity, resident_id=resident_id, defaults={"source": source})
    except IntegrityError:
        pass  # ticked at the same moment on another phone: already present
    return True


@transaction.atomic
def anonymous_counts_set(*, activity: Activity, children: int, neighbours: int, guests: int) -> Activity:
    """Record how many people came without being named, by category."""
    _refuse_if_cancelled(activity, _("Cette animation est annulée : on ne peut pas y noter de présences."))
    errors = {}
    for field, value in (("anonymous_children", children), ("anonymous_neighbours", neighbours),
                         ("anonymous_guests", guests)):
        if value is None or int(value) < 0:
            errors[field] = _("Indiquez un nombre positif ou nul.")
    if errors:
        raise ValidationError(errors)
    activity.anonymous_children, activity.anonymous_neighbours, activity.anonymous_guests = (
        int(children), int(neighbours), int(guests))
    activity.save(update_fields=["anonymous_children", "anonymous_neighbours", "anonymous_guests"])
    return activity
