"""Opt-outs go to the residence's audit trail (django-auditlog, per schema): made by a link, a STOP, a provider's
report, lifted by a corrected address or by a coordinator (who, when, and why: `OptOut.get_additional_data`)."""
from auditlog.registry import auditlog


def register_models() -> None:
    from core.messaging.models import OptOut

    if not auditlog.contains(OptOut):
        auditlog.register(OptOut)
