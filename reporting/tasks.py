"""Celery tasks: they only call services. The residence travels in the message headers."""
import datetime as dt

from celery import shared_task
from django.db import OperationalError, connection
from django_tenants.utils import schema_context

from reporting.periods import month_start, previous_month
from reporting.services import current_residence, residence_indicators_refresh
from tenants.models import Residence


def _default_months() -> list[str]:
    this_month = month_start(dt.date.today())
    return [previous_month(this_month).isoformat(), this_month.isoformat()]


@shared_task(name="reporting.refresh_all_residences")
def refresh_all_residences(months: list[str] | None = None) -> int:
    """Fan out: one task per active residence, each sent from that residence's schema."""
    months = months or _default_months()
    schemas = list(
        Residence.objects.filter(status=Residence.Status.ACTIVE).values_list("schema_name", flat=True)
    )
    for schema in schemas:
        with schema_context(schema):
            refresh_residence.delay(months)
    return len(schemas)


@shared_task(
    name="reporting.refresh_residence",
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    max_retries=5,
)
def refresh_residence(months: list[str]) -> dict:
    residence = current_residence()
    values = residence_indicators_refresh(
        residence=residence, months=[dt.date.fromisoformat(m) for m in months]
    )
    return {"schema": connection.schema_name, "residence": residence.slug, "values": values}
