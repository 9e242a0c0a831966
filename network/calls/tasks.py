"""Nightly retention of refused applications (public schema: one task, no fan-out over residences)."""
from celery import shared_task


@shared_task(name="landlord_calls.retention")
def retention() -> int:
    from django.db import connection

    from network.calls.services import refused_applications_purge

    connection.set_schema_to_public()
    return refused_applications_purge()
