"""Writes of the privacy app: consents, sensitive records, anonymisation and erasure."""
from __future__ import annotations

import datetime as dt

from auditlog.context import disable_auditlog
from auditlog.signals import accessed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.people.models import Resident
from core.privacy.anonymisation import blank_resident
from core.privacy.models import Anonymisation, Consent, SensitiveRecord
from core.privacy.registry import ERASURE_HOOKS
from core.privacy.selectors import (
    audit_entries_for_resident,
    residents_due_for_anonymisation,
    user_can_access_sensitive,
)


@transaction.atomic
def consent_give(*, resident: Resident, scope: str, given_on: dt.date) -> Consent:
    """A scope has at most one consent in force; giving it again while in force is refused."""
    if resident.consents.filter(scope=scope, withdrawn_on__isnull=True).exists():
        raise ValidationError({"scope": _("Un consentement en cours existe déjà pour cet objet.")})
    consent = Consent(resident=resident, scope=scope, given_on=given_on)
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_on: dt.date) -> Consent:
    """Withdrawal keeps the row, dated: the history of what was agreed stays provable."""
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("Ce consentement est déjà retiré.")})
    consent.withdrawn_on = withdrawn_on
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    return consent


def _require_sensitive_access(user) -> None:
    if not user_can_access_sensitive(user=user):
        raise PermissionDenied(_("Accès aux informations sensibles non autorisé."))


def sensitive_record_read(*, resident: Resident, user) -> SensitiveRecord | None:
    """Every read by an authorised user leaves an access entry in the audit trail."""
    _require_sensitive_access(user)
    record = SensitiveRecord.objects.filter(resident=resident).first()
    if record is not None:
        accessed.send(sender=SensitiveRecord, instance=record)
    return record


@transaction.atomic
def sensitive_record_save(*, resident: Resident, user, autonomy: str, health_situation: str,
                          free_note: str) -> SensitiveRecord:
    _require_sensitive_access(user)
    record = SensitiveRecord.objects.filter(resident=resident).first() or SensitiveRecord(resident=resident)
    record.autonomy = autonomy
    record.health_situation = health_situation.strip()
    record.free_note = free_note.strip()
    record.full_clean()
    record.save()
    return record


def _scrub_audit_entries(*, resident_id: int) -> int:
    """Entries about the resident keep their date, action and actor, but no value and no name."""
    return audit_entries_for_resident(resident_id=resident_id).update(
        changes=None, changes_text="", object_repr=f"#{resident_id}", serialized_data=None,
    )


@transaction.atomic
def resident_anonymise(*, resident: Resident, reason: str) -> Anonymisation:
    """Remove everything that identifies the resident, keep the row so attendance still counts.

    Idempotent: a resident already anonymised is returned unchanged.
    """
    existing = Anonymisation.objects.filter(resident=resident).first()
    if existing is not None:
        return existing
    with disable_auditlog():
        # The audit trail must not receive the old values it is about to lose.
        blank_resident(resident)
        resident.consents.all().delete()
        SensitiveRecord.objects.filter(resident=resident).delete()
        for hook in ERASURE_HOOKS:
            hook(resident=resident)
    _scrub_audit_entries(resident_id=resident.pk)
    return Anonymisation.objects.create(resident=resident, reason=reason, done_at=timezone.now())


def resident_erase(*, resident: Resident) -> Anonymisation:
    """Erasure on request is anonymisation: past attendance stays as anonymous counts."""
    return resident_anonymise(resident=resident, reason=Anonymisation.Reason.REQUEST)


def residence_retention_apply(*, now: dt.datetime | None = None) -> int:
    """Anonymise every resident of the current residence with no contact for two years."""
    now = now or timezone.now()
    count = 0
    for resident in residents_due_for_anonymisation(now=now):
        resident_anonymise(resident=resident, reason=Anonymisation.Reason.RETENTION)
        count += 1
    return count

