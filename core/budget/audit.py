"""Every change of the budget goes to the residence's audit trail (django-auditlog, per schema):
who (the request's user, set by AuditlogMiddleware, or `actor` in services), when, before/after."""
from auditlog.registry import auditlog


def register_models() -> None:
    from core.budget.models import BudgetEntry, BudgetLine, BudgetYear, Decision, Envelope

    for model in (BudgetYear, Envelope, BudgetLine, Decision, BudgetEntry):
        if not auditlog.contains(model):
            auditlog.register(model)
