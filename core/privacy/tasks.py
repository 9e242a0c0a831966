"""Celery tasks of the privacy app: they only call services. The residence travels in the headers."""
from celery import shared_task
from django.db import OperationalError, connection
from django_tenants.utils import schema_context

from core.privacy.services import residence_retention_apply
from tenants.models import Residence


@shared_task(name="privacy.retention_all_residences")
def retention_all_residences() -> int:
    """Fan out: one retention task per active residence, each sent from that residence's schema."""
    schemas = list(
        Residence.objects.filter(status=Residence.Status.ACTIVE).values_list("schema_name", flat=True)
    )
    for schema in schemas:
        with schema_context(schema):
            retention_residence.delay()
    return len(schemas)


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
