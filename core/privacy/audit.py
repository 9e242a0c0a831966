"""The audit trail (django-auditlog): which models are followed, and the residence on every entry.

auditlog is installed in the public schema (accounts) and in every residence
schema (residents and their records), so a residence's entries never leave it.
"""
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.db import connection
from django.db.models.signals import pre_save

SENSITIVE_FIELDS = ["autonomy", "health_situation", "free_note"]


def mask_value(value) -> str:
    """Sensitive values never enter the audit trail, not even partly."""
    return "[masqué]"


def register_models() -> None:
    from core.people.models import Resident
    from core.privacy.models import Anonymisation, Consent, SensitiveRecord
    from tenants.models import ResidenceMembership, User

    if not auditlog.contains(Resident):
        auditlog.register(Resident)
        auditlog.register(Consent)
        auditlog.register(SensitiveRecord, mask_fields=SENSITIVE_FIELDS,
                          mask_callable="core.privacy.audit.mask_value")
        auditlog.register(Anonymisation)
        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(ResidenceMembership)
        pre_save.connect(_tag_residence, sender=LogEntry, dispatch_uid="privacy_tag_residence")
        post_log.connect(_tag_membership_residence, sender=ResidenceMembership,
                         dispatch_uid="privacy_tag_membership")


def _tag_residence(sender, instance: LogEntry, **kwargs) -> None:
    data = dict(instance.additional_data or {})
    data.setdefault("residence", connection.schema_name)
    instance.additional_data = data


def _tag_membership_residence(sender, instance, log_entry=None, **kwargs) -> None:
    # A membership entry is written in public: name the residence it grants.
    if log_entry is not None:
        log_entry.additional_data = {**(log_entry.additional_data or {}), "residence": instance.residence.schema_name}
        log_entry.save(update_fields=["additional_data"])
