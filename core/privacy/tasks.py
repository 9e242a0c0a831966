"""Celery tasks of the privacy app: they only call services. The residence travels in the headers."""
from celery import shared_task
from django.db import OperationalError, connection

from apes_platform.fanout import one_task_per_active_residence
from core.privacy.services import residence_retention_apply


@shared_task(name="privacy.retention_all_residences")
def retention_all_residences() -> int:
    """Fan out: one retention task per active residence, each sent from that residence's schema."""
    return one_task_per_active_residence(retention_residence)


@shared_task(
    name="privacy.retention_residence",
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def retention_residence() -> dict:
    """Idempotent: residents already anonymised are skipped, so a second run changes nothing."""
    return {"schema": connection.schema_name, "anonymised": residence_retention_apply()}
