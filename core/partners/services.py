"""Writes of partners, their contacts and status, interactions, network meetings, and merging duplicates."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.partners.models import (
    Interaction,
    InteractionKind,
    NetworkMeeting,
    Partner,
    PartnerContact,
    PartnerKind,
    PartnershipStatus,
    PartnerStatusChange,
)
from core.partners.validators import normalise_rna, normalise_siret

FIELDS = ("name", "kind", "scope", "areas", "address", "postcode", "city", "website", "siret", "rna",
          "contact_name", "email", "phone", "is_active", "runs_workshops", "notes")


def _clean_value(name: str, value):
    if name == "siret":
        return normalise_siret(value)
    if name == "rna":
        return normalise_rna(value)
    if name == "areas":
        return sorted(set(value or []))
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def partner_create(*, name: str, kind: str = PartnerKind.ASSOCIATION, status: str = PartnershipStatus.IDENTIFIED,
                   status_changed_on: dt.date | None = None, recorded_by: str = "", **fields) -> Partner:
    """Create a partner and the first dated entry of its partnership status. Possible duplicates
    (same SIRET, or same name and city) are allowed, then flagged by `partner_duplicates`."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields {sorted(unknown)!r}")
    partner = Partner(name=name.strip(), kind=kind, status=status,
                      status_changed_on=status_changed_on or timezone.localdate(),
                      **{k: _clean_value(k, v) for k, v in fields.items()})
    partner.full_clean()
    partner.save()
    PartnerStatusChange.objects.create(partner=partner, status=partner.status, changed_on=partner.status_changed_on,
                                       recorded_by=recorded_by)
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, **fields) -> Partner:
    """Update a partner's description. The status changes only through `partner_status_set` (dated)."""
    status = fields.pop("status", None)
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(f"unknown partner field {name!r}")
        setattr(partner, name, _clean_value(name, value))
    partner.full_clean()
    partner.save()
    if status and status != partner.status:
        partner_status_set(partner=partner, status=status)
    return partner


@transaction.atomic
def partner_status_set(*, partner: Partner, status: str, changed_on: dt.date | None = None, note: str = "",
                       recorded_by: str = "") -> PartnerStatusChange:
    """Move the partnership to `status` on `changed_on` (today by default), keeping the dated history."""
    if status not in PartnershipStatus.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    changed_on = changed_on or timezone.localdate()
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": _("La date d'un changement de statut ne peut pas être dans le futur.")})
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if status == partner.status:
        raise ValidationError({"status": _("Le partenariat a déjà ce statut.")})
    change = PartnerStatusChange.objects.create(partner=partner, status=status, changed_on=changed_on,
                                                note=note.strip(), recorded_by=recorded_by)
    latest = partner.status_changes.order_by("-changed_on", "-id").first()
    Partner.objects.filter(pk=partner.pk).update(status=latest.status, status_changed_on=latest.changed_on)
    return change


@transaction.atomic
def partner_contact_add(*, partner: Partner, name: str, role: str = "", email: str = "",
                        phone: str = "") -> PartnerContact:
    contact = PartnerContact(partner=partner, name=name.strip(), role=role.strip(), email=email.strip(),
                             phone=phone.strip())
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def partner_contact_remove(*, contact: PartnerContact) -> None:
    contact.delete()


@transaction.atomic
def interaction_record(*, partner: Partner, kind: str = InteractionKind.MEETING, date: dt.date | None = None,
                       note: str = "", next_step: str = "", next_step_due: dt.date | None = None, activity=None,
                       meeting: NetworkMeeting | None = None, recorded_by: str = "") -> Interaction:
    """Log an exchange with a partner. A next step with a due date shows on the coordinator's home page
    until it is marked done. Refused: a due date without a next step, a due date before the exchange."""
    date = date or timezone.localdate()
    errors = {}
    if next_step_due and not next_step.strip():
        errors["next_step"] = _("Décrivez la prochaine étape pour lui donner une échéance.")
    if next_step_due and next_step_due < date:
        errors["next_step_due"] = _("L'échéance ne peut pas précéder la date de l'échange.")
    if errors:
        raise ValidationError(errors)
    interaction = Interaction(partner=partner, kind=kind, date=date, note=note.strip(), next_step=next_step.strip(),
                              next_step_due=next_step_due, activity=activity, meeting=meeting,
                              recorded_by=recorded_by)
    interaction.full_clean()
    interaction.save()
    return interaction


@transaction.atomic
def interaction_next_step_done(*, interaction: Interaction, done_on: dt.date | None = None) -> Interaction:
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if not interaction.next_step:
        raise ValidationError({"next_step": _("Cet échange n'a pas de prochaine étape.")})
    if interaction.next_step_done_on:
        raise ValidationError({"next_step": _("Cette étape est déjà faite.")})
    interaction.next_step_done_on = done_on or timezone.localdate()
    interaction.save(update_fields=["next_step_done_on"])
    return interaction


@transaction.atomic
def network_meeting_save(*, meeting: NetworkMeeting | None = None, title: str, date: dt.date, place: str = "",
                         invited=(), present=(), minutes: str = "", decisions: str = "",
                         recorded_by: str = "") -> NetworkMeeting:
    """Create or update a network meeting. Each partner present gets one "network meeting" interaction
    (so the meeting counts in its activity); partners present are also counted as invited."""
    meeting = meeting or NetworkMeeting()
    meeting.title, meeting.date, meeting.place = title.strip(), date, place.strip()
    meeting.minutes, meeting.decisions = minutes.strip(), decisions.strip()
    meeting.full_clean()
    meeting.save()
    present = list(present)
    meeting.invited.set(set(invited) | set(present))
    meeting.present.set(present)
    meeting.interactions.exclude(partner__in=present).delete()
    logged = set(meeting.interactions.values_list("partner_id", flat=True))
    Interaction.objects.bulk_create([
        Interaction(partner=p, kind=InteractionKind.NETWORK_MEETING, date=date, meeting=meeting,
                    note=_("Présent·e à « %(title)s ».") % {"title": meeting.title}, recorded_by=recorded_by)
        for p in present if p.pk not in logged
    ])
    meeting.interactions.update(date=date)
    return meeting


_MERGE_FILL = ("address", "postcode", "city", "website", "siret", "rna", "contact_name", "email", "phone")


@transaction.atomic
def partner_merge(*, keep: Partner, duplicate: Partner, recorded_by: str = "") -> Partner:
    """Fold `duplicate` into `keep`: every record pointing to the duplicate (interactions, contacts,
    bookings, activities, projects, applications, meetings, documents…) now points to `keep`, empty
    fields of `keep` are filled from the duplicate, then the duplicate is deleted. All or nothing."""
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": _("Choisissez deux partenaires différents.")})
    keep = Partner.objects.select_for_update().get(pk=keep.pk)
    duplicate = Partner.objects.select_for_update().get(pk=duplicate.pk)
    for relation in Partner._meta.related_objects:
        model, field = relation.related_model, relation.field
        if relation.many_to_many:
            through = field.remote_field.through
            source = field.m2m_reverse_field_name()  # the column pointing to the partner
            for row in through.objects.filter(**{source: duplicate}):
                other = {f.attname: getattr(row, f.attname) for f in through._meta.concrete_fields
                         if f.is_relation and f.name != source}
                if through.objects.filter(**{source: keep}, **other).exists():
                    row.delete()
                else:
                    through.objects.filter(pk=row.pk).update(**{source: keep})
            continue
        for row in model._default_manager.filter(**{field.name: duplicate}):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{field.name: keep})
            except IntegrityError:
                row.delete()  # keep already has the same record (e.g. the same safety acknowledgement)
    # Both were at the same network meeting: one attendance is enough.
    seen_meetings = set()
    for interaction in keep.interactions.filter(meeting__isnull=False).order_by("id"):
        if interaction.meeting_id in seen_meetings:
            interaction.delete()
        seen_meetings.add(interaction.meeting_id)
    for field in Partner._meta.many_to_many:
        getattr(keep, field.name).add(*getattr(duplicate, field.name).all())
    for name in _MERGE_FILL:
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    keep.areas = sorted(set(keep.areas) | set(duplicate.areas))
    keep.runs_workshops = keep.runs_workshops or duplicate.runs_workshops
    if duplicate.notes:
        keep.notes = "\n\n".join(filter(None, [keep.notes, duplicate.notes]))
    keep.notes = "\n".join(filter(None, [keep.notes, _("Fusionné avec « %(name)s » le %(day)s%(by)s.") % {
        "name": duplicate.name, "day": timezone.localdate().strftime("%d/%m/%Y"),
        "by": f" ({recorded_by})" if recorded_by else ""}]))
    keep.save()
    duplicate.delete()
    return keep
