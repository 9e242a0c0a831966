"""Celery tasks: they only call services. The residence travels in the message headers."""
import datetime as dt

from celery import shared_task
from django.db import OperationalError, connection
from django_tenants.utils import schema_context

from reporting.models import RefreshRun
from reporting.services import (
    current_residence,
    default_months,
    refresh_run_create,
    residence_indicators_refresh,
    residence_refresh_in_run,
)
from tenants.models import Residence


@shared_task(name="reporting.refresh_all_residences")
def refresh_all_residences(months: list[str] | None = None, run_id: int | None = None) -> int:
    """Fan out: one task per active residence, each sent from that residence's schema.

    The nightly beat call has no run yet: it records one, so every refresh shows its progress.
    """
    month_dates = [dt.date.fromisoformat(m) for m in months] if months else default_months()
    residences = list(Residence.objects.filter(status=Residence.Status.ACTIVE))
    if run_id is None:
        run_id = refresh_run_create(trigger=RefreshRun.Trigger.NIGHTLY, months=month_dates,
                                    residences=residences).pk
    payload = [m.isoformat() for m in month_dates]
    for residence in residences:
        with schema_context(residence.schema_name):
            refresh_residence.delay(payload, run_id)
    return len(residences)


@shared_task(
    name="reporting.refresh_residence",
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    max_retries=5,
)
def refresh_residence(months: list[str], run_id: int | None = None) -> dict:
    residence = current_residence()
    month_dates = [dt.date.fromisoformat(m) for m in months]
    if run_id is None:
        values = residence_indicators_refresh(residence=residence, months=month_dates)
        return {"schema": connection.schema_name, "residence": residence.slug, "values": values}
    ok = residence_refresh_in_run(residence=residence, months=month_dates, run_id=run_id)
    return {"schema": connection.schema_name, "residence": residence.slug, "ok": ok}
