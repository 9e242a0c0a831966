"""Celery tasks: they only call services. The residence travels in the message headers."""
import datetime as dt

from celery import shared_task
from django.conf import settings
from django.db import connection

from apes_platform.fanout import one_task_per_active_residence
from reporting.models import RefreshRun
from reporting.services import (
    TRANSIENT_ERRORS,
    current_residence,
    default_months,
    refresh_run_create,
    residence_indicators_refresh,
    residence_refresh_in_run,
)
from tenants.selectors import active_residence_list


@shared_task(name="reporting.refresh_all_residences")
def refresh_all_residences(months: list[str] | None = None, run_id: int | None = None) -> int:
    """Fan out: one task per active residence, each sent from that residence's schema.

    The nightly beat call has no run yet: it records one, so every refresh shows its progress.
    """
    month_dates = [dt.date.fromisoformat(m) for m in months] if months else default_months()
    residences = list(active_residence_list())
    if run_id is None:
        run_id = refresh_run_create(trigger=RefreshRun.Trigger.NIGHTLY, months=month_dates,
                                    residences=residences).pk
    return one_task_per_active_residence(refresh_residence, [m.isoformat() for m in month_dates], run_id,
                                         residences=residences)


@shared_task(
    bind=True,
    name="reporting.refresh_residence",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=settings.REFRESH_MAX_RETRIES,
)
def refresh_residence(self, months: list[str], run_id: int | None = None) -> dict:
    """Refresh one residence. A transient error (connection lost, broker down) is raised to Celery's
    autoretry, with backoff; only the last attempt records it as a failure in the run."""
    month_dates = [dt.date.fromisoformat(m) for m in months]
    last_attempt = self.request.retries >= (self.max_retries or 0)
    try:
        residence = current_residence()
    except TRANSIENT_ERRORS:
        connection.close()  # the retry opens a fresh connection
        raise
    if run_id is None:
        values = residence_indicators_refresh(residence=residence, months=month_dates)
        return {"schema": connection.schema_name, "residence": residence.slug, "values": values}
    ok = residence_refresh_in_run(residence=residence, months=month_dates, run_id=run_id,
                                  last_attempt=last_attempt)
    return {"schema": connection.schema_name, "residence": residence.slug, "ok": ok,
            "attempts": self.request.retries + 1}
