"""Reads for the privacy screens and jobs. They run on the current residence schema only."""
from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Greatest
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.people.models import Resident
from core.people.selectors import current_residents
from core.privacy.models import SENSITIVE_PERMISSION, Consent, SensitiveRecord
from core.privacy.registry import CONTACT_SOURCES

RETENTION_YEARS = 2


def access_resident_by_id(*, actor, id) -> Resident:  # noqa: A002
    """A resident of the current residence, or 404: ids of another schema never resolve.
    The actor must be allowed in the residence."""
    return access_by_id(Resident.objects.all(), id, actor=actor, message=_("Habitant·e introuvable"))


def user_can_access_sensitive(*, user) -> bool:
    """Only an explicit grant counts: head-office staff and superusers do not get it implicitly."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    app_label, codename = SENSITIVE_PERMISSION.split(".")
    return (
        user.user_permissions.filter(codename=codename, content_type__app_label=app_label).exists()
        or user.groups.filter(permissions__codename=codename, permissions__content_type__app_label=app_label).exists()
    )


def residents_with_last_contact() -> QuerySet[Resident]:
    """Residents annotated with `last_contact`: the latest of creation and every registered contact source."""
    dates = ["created_at"]
    annotations = {}
    for index, source in enumerate(CONTACT_SOURCES):
        model = source.resolve()
        if model is None:
            continue
        name = f"_contact_{index}"
        latest = (
            model.objects.filter(**{source.resident_path: OuterRef("pk")})
            .order_by()
            .values(source.resident_path)
            .annotate(latest=Max(Cast(source.date_path, output_field=DateTimeField())))
            .values("latest")
        )
        annotations[name] = Subquery(latest, output_field=DateTimeField())
        dates.append(name)
    qs = Resident.objects.annotate(**annotations)
    # PostgreSQL's GREATEST ignores NULLs: a source with no row for the resident does not count.
    return qs.annotate(last_contact=Greatest(*dates) if len(dates) > 1 else Cast("created_at", DateTimeField()))


def retention_cutoff(*, now: dt.datetime) -> dt.datetime:
    try:
        return now.replace(year=now.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return now.replace(year=now.year - RETENTION_YEARS, day=28)


def residents_due_for_anonymisation(*, now: dt.datetime) -> QuerySet[Resident]:
    due = current_residents(residents_with_last_contact()).filter(last_contact__lt=retention_cutoff(now=now))
    return due.order_by("pk")


def consent_list(*, resident: Resident) -> QuerySet[Consent]:
    return resident.consents.all()


def sensitive_record_for(*, resident: Resident) -> SensitiveRecord | None:
    return SensitiveRecord.objects.filter(resident=resident).first()


def audit_entries_for_resident(*, resident_id: int) -> QuerySet[LogEntry]:
    """The resident's own entries and those of their consents, sensitive record and anonymisation."""
    resident_type = ContentType.objects.get_for_model(Resident)
    return (
        LogEntry.objects.filter(
            Q(content_type=resident_type, object_pk=str(resident_id))
            | Q(additional_data__resident_id=resident_id)
        )
        .select_related("content_type")
        .order_by("-timestamp", "-id")
    )


def audit_entry_changes(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field label, before, after) in French labels and choice names, without a query per entry."""
    model = entry.content_type.model_class()
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        before, after = (list(values) + [None, None])[:2] if isinstance(values, (list, tuple)) else (None, values)
        label, choices = name, {}
        if model is not None:
            try:
                field = model._meta.get_field(name)
                label, choices = str(field.verbose_name), {str(k): str(v) for k, v in (field.flatchoices or [])}
            except Exception:  # a field removed since the entry was written keeps its raw name
                pass
        shown = [choices.get(str(v), "—" if v in (None, "None", "") else str(v)) for v in (before, after)]
        rows.append((label, *shown))
    return rows
