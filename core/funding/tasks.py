"""Celery tasks of calls for projects: they only call services. The residence travels in the headers."""
from celery import shared_task
from django.db import OperationalError, connection
from django_tenants.utils import schema_context

from core.funding.services import calls_feed_import, reminders_send
from tenants.models import Residence


def _active_schemas() -> list[str]:
    return list(Residence.objects.filter(status=Residence.Status.ACTIVE).values_list("schema_name", flat=True))


def _residence() -> Residence:
    return Residence.objects.get(schema_name=connection.schema_name)


@shared_task(name="funding.feed_all_residences")
def feed_all_residences() -> int:
    """Fan out: one feed import per active residence, each sent from that residence's schema."""
    schemas = _active_schemas()
    for schema in schemas:
        with schema_context(schema):
            feed_residence.delay()
    return len(schemas)


@shared_task(name="funding.feed_residence", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def feed_residence() -> dict:
    """The import retries the API itself and records its failure (FeedRun): no Celery retry for it."""
    run = calls_feed_import(residence=_residence())
    if run is None:
        return {"schema": connection.schema_name, "feed": "off"}
    return {"schema": connection.schema_name, "status": run.status, "created": run.created, "updated": run.updated,
            "skipped": run.skipped}


@shared_task(name="funding.reminders_all_residences")
def reminders_all_residences() -> int:
    schemas = _active_schemas()
    for schema in schemas:
        with schema_context(schema):
            reminders_residence.delay()
    return len(schemas)


@shared_task(name="funding.reminders_residence", autoretry_for=(ConnectionError, OperationalError),
             retry_backoff=True, max_retries=5)
def reminders_residence() -> dict:
    """Safe to run twice: each reminder is recorded once (database constraint) with its sending."""
    return {"schema": connection.schema_name, "sent": reminders_send(residence=_residence())}
