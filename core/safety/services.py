"""Writes of the safety register."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.safety.models import (
    CheckKind,
    CheckRecord,
    Incident,
    IncidentStatus,
    IncidentSeverity,
    RulesAcknowledgement,
    SafetyCheck,
    SpaceRules,
)
from core.safety.selectors import current_rules


@transaction.atomic
def rules_publish(*, space, max_occupancy: int, equipment: str = "", allowed: str = "", forbidden: str = "",
                  published_by: str = "") -> SpaceRules:
    """Publish a new version of the rules of `space`; earlier versions and their
    acknowledgements stay as they were. Partners must acknowledge the new version before booking."""
    # Lock the space row so two publications cannot take the same version number.
    type(space).objects.select_for_update().get(pk=space.pk)
    previous = current_rules(space=space)
    if max_occupancy is not None and max_occupancy > space.capacity:
        raise ValidationError({"max_occupancy": _(
            "La capacité des règles (%(rules)d) dépasse la capacité de l'espace (%(space)d personnes)."
        ) % {"rules": max_occupancy, "space": space.capacity}})
    rules = SpaceRules(
        space=space, version=(previous.version + 1) if previous else 1, max_occupancy=max_occupancy,
        equipment=equipment.strip(), allowed=allowed.strip(), forbidden=forbidden.strip(),
        published_by=published_by,
    )
    rules.full_clean()
    rules.save()
    return rules


@transaction.atomic
def rules_acknowledge(*, rules: SpaceRules, partner, acknowledged_by: str, recorded_by: str = "",
                      acknowledged_at: dt.datetime | None = None) -> RulesAcknowledgement:
    """Record that a partner's representative (by name) read and accepted this version of the rules.
    Only the version in force can be acknowledged."""
    errors = {}
    if not acknowledged_by.strip():
        errors["acknowledged_by"] = _("Indiquez le nom de la personne qui prend connaissance des règles.")
    latest = current_rules(space=rules.space)
    if latest is not None and latest.pk != rules.pk:
        errors["rules"] = _("Ces règles ne sont plus en vigueur : la version %(version)d les remplace.") % {
            "version": latest.version}
    if not partner.is_active:
        errors["partner"] = _("%(partner)s n'est plus un partenaire actif.") % {"partner": partner.name}
    if errors:
        raise ValidationError(errors)
    ack = RulesAcknowledgement(rules=rules, partner=partner, acknowledged_by=acknowledged_by.strip(),
                               recorded_by=recorded_by, acknowledged_at=acknowledged_at or timezone.now())
    ack.full_clean()
    ack.save()
    return ack


@transaction.atomic
def check_create(*, label: str, frequency_days: int, next_due_on: dt.date, kind: str = CheckKind.OTHER,
                 space=None) -> SafetyCheck:
    check = SafetyCheck(label=label.strip(), kind=kind, frequency_days=frequency_days, next_due_on=next_due_on,
                        space=space)
    check.full_clean()
    check.save()
    return check


@transaction.atomic
def check_record(*, check: SafetyCheck, done_on: dt.date, checked_by: str, outcome: str,
                 note: str = "") -> CheckRecord:
    """Record a check done. It answers the due date pending now; the next one is due
    `frequency_days` after the day it was done."""
    check = SafetyCheck.objects.select_for_update().get(pk=check.pk)
    errors = {}
    if done_on > timezone.localdate():
        errors["done_on"] = _("Un contrôle ne peut pas être noté dans le futur.")
    if not checked_by.strip():
        errors["checked_by"] = _("Indiquez qui a fait le contrôle.")
    if errors:
        raise ValidationError(errors)
    record = CheckRecord(check_item=check, due_on=check.next_due_on, done_on=done_on,
                         checked_by=checked_by.strip(), outcome=outcome, note=note.strip())
    record.full_clean()
    record.save()
    check.next_due_on = done_on + dt.timedelta(days=check.frequency_days)
    check.save(update_fields=["next_due_on"])
    return record


@transaction.atomic
def incident_create(*, title: str, occurred_at: dt.datetime, description: str,
                    severity: str = IncidentSeverity.MINOR, space=None,
                    actions_taken: str = "", status: str = IncidentStatus.OPEN, reported_by: str = "") -> Incident:
    incident = Incident(title=title.strip(), occurred_at=occurred_at, description=description.strip(),
                        severity=severity, space=space, actions_taken=actions_taken.strip(), status=status,
                        reported_by=reported_by)
    _incident_validate(incident)
    incident.save()
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, **fields) -> Incident:
    """Update an incident (actions taken, status…). Closing it stamps the closing time."""
    for name, value in fields.items():
        setattr(incident, name, value.strip() if isinstance(value, str) and name != "status" else value)
    _incident_validate(incident)
    incident.save()
    return incident


def _incident_validate(incident: Incident) -> None:
    if incident.occurred_at and incident.occurred_at > timezone.now():
        raise ValidationError({"occurred_at": _("Un incident ne peut pas être daté dans le futur.")})
    if incident.status == IncidentStatus.CLOSED:
        if not incident.actions_taken:
            raise ValidationError({"actions_taken": _("Décrivez les mesures prises avant de clore l'incident.")})
        incident.closed_at = incident.closed_at or timezone.now()
    else:
        incident.closed_at = None
    incident.full_clean()
