"""Everything held on one resident, for a subject access request (JSON and PDF)."""
from __future__ import annotations

import datetime as dt

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from core.people.models import Resident
from core.privacy.models import Anonymisation, SensitiveRecord
from core.privacy.selectors import audit_entries_for_resident

# Handled on their own: the sensitive record depends on a permission.
_SEPARATE = {SensitiveRecord, Anonymisation}
# Secrets, not personal data: a token or its hash would only help someone open a link or check in.
_SECRET_FIELDS = {"token_hash", "check_in_token"}


def _plain(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float, bool, str, list, dict)) or value is None:
        return value
    return str(value)


def _row(obj: models.Model, *, skip: str = "") -> dict:
    """Every concrete field of a row; a link to another row is shown by its label (and start, if dated)."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name == skip or field.name in _SECRET_FIELDS:
            continue
        if field.is_relation:
            target = getattr(obj, field.name)
            label = str(target) if target is not None else None
            start = getattr(target, "starts_at", None)
            row[str(field.verbose_name)] = f"{label} ({_plain(start)})" if start else label
        else:
            row[str(field.verbose_name)] = _plain(getattr(obj, field.attname))
    return row


def subject_access_data(*, resident: Resident, include_sensitive: bool) -> dict:
    """Identity, then every record pointing to the resident (consents, attendance, registrations, visits and
    their follow-ups, survey answers, bookings…), found over Resident's reverse relations (and the one-to-one
    extensions of those records) so that records added by other apps are included."""
    data = {
        "generated_at": _plain(timezone.now()),
        "identity": _row(resident),
        "records": {},
        "sensitive_record": None,
        "audit_entries": [],
    }
    for relation in Resident._meta.related_objects:
        model = relation.related_model
        if model in _SEPARATE or relation.many_to_many:
            continue
        related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name != relation.field.name]
        rows = model._default_manager.filter(**{relation.field.name: resident}).select_related(*related)
        data["records"][str(model._meta.verbose_name_plural)] = [_row(r, skip=relation.field.name) for r in rows]
        # One step further: a record that extends one of those one-to-one (a visit's follow-up).
        for extension in model._meta.related_objects:
            if not extension.one_to_one:
                continue
            lookup = {f"{extension.field.name}__{relation.field.name}": resident}
            rows = extension.related_model._default_manager.filter(**lookup).select_related(extension.field.name)
            data["records"][str(extension.related_model._meta.verbose_name_plural)] = [_row(r) for r in rows]
    for field in Resident._meta.many_to_many:
        data["records"][str(field.verbose_name)] = [str(o) for o in getattr(resident, field.name).all()]
    if include_sensitive:
        record = SensitiveRecord.objects.filter(resident=resident).first()
        data["sensitive_record"] = _row(record, skip="resident") if record else {}
    data["audit_entries"] = [
        {"date": _plain(e.timestamp), "action": str(e.get_action_display()),
         "objet": str(e.content_type.model_class()._meta.verbose_name) if e.content_type.model_class() else "",
         "par": e.actor_email or "", "modifications": e.changes}
        for e in audit_entries_for_resident(resident_id=resident.pk)
    ]
    return data


def subject_access_pdf(*, resident: Resident, data: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("privacy/subject_access_pdf.html", {"resident": resident, "data": data})
    return HTML(string=html).write_pdf()
