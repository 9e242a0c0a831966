"""Close a database connection once it has served more than N residence schemas.

Each PostgreSQL backend caches the catalogue (tables, indexes) of every schema it touched, and
never gives it back: a connection kept alive by CONN_MAX_AGE that hops across hundreds of
residences (a Celery worker during the nightly refresh, a gunicorn worker) grows by that much.
At the end of each request and each task, the schemas used by the connection are counted, and the
connection is closed past `DB_MAX_SCHEMAS_PER_CONNECTION` (the next query opens a fresh one).
Figures: docs/performance.md.
"""
from __future__ import annotations

from celery.signals import task_postrun
from django.conf import settings
from django.core.signals import request_finished
from django.db import connections
from django.dispatch import receiver

SEEN = "_apes_schemas_seen"


def connection_note_schema_and_recycle() -> bool:
    """Record the current schema; close the connection past the limit. True when it was closed."""
    limit = getattr(settings, "DB_MAX_SCHEMAS_PER_CONNECTION", 0)
    connection = connections["default"]
    if not limit or connection.connection is None:
        connection.__dict__.pop(SEEN, None)
        return False
    # Keyed by the DB-API connection: a connection reopened by Django (CONN_MAX_AGE) starts afresh.
    owner, seen = connection.__dict__.get(SEEN, (None, set()))
    if owner is not connection.connection:
        seen = set()
        connection.__dict__[SEEN] = (connection.connection, seen)
    seen.add(connection.schema_name)
    if len(seen) <= limit or connection.in_atomic_block:
        return False
    connection.close()
    connection.__dict__.pop(SEEN, None)
    return True


@receiver(request_finished)
def _after_request(sender, **kwargs):
    connection_note_schema_and_recycle()


@task_postrun.connect
def _after_task(sender=None, **kwargs):
    connection_note_schema_and_recycle()
