"""The Celery app, and the task base class that carries the residence.

A task queued while the connection is on a residence schema records that schema
in the message headers; the worker switches to it before running the task and
back to public afterwards, whatever the previous task on the same worker did.
"""
import functools
import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apes_platform.settings")

SCHEMA_HEADER = "residence_schema"


class TenantTask(Task):
    abstract = True

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None, link_error=None,
                    shadow=None, **options):
        """Send the task once the current transaction commits (at once outside a transaction).

        A task sent from a transaction that rolls back is never queued, and a worker
        never reads rows that are not committed yet. The residence is taken now, at
        send time. Retries (which escape the failing transaction) and callers passing
        `on_commit=False` are sent at once.
        """
        import uuid

        from django.db import connection, transaction

        headers = dict(options.pop("headers", None) or {})
        headers.setdefault(SCHEMA_HEADER, getattr(connection, "schema_name", "public"))
        defer = options.pop("on_commit", True) and "retries" not in options and connection.in_atomic_block
        task_id = task_id or str(uuid.uuid4())
        send = functools.partial(super().apply_async, args, kwargs, task_id, producer, link, link_error, shadow,
                                 headers=headers, **options)
        if not defer:
            return send()
        transaction.on_commit(send)
        return self.AsyncResult(task_id)

    def _schema_from_request(self) -> str:
        schema = getattr(self.request, SCHEMA_HEADER, None)
        if not schema:
            schema = (self.request.headers or {}).get(SCHEMA_HEADER)
        return schema or "public"

    def __call__(self, *args, **kwargs):
        import sentry_sdk
        from django.db import connection
        from django_tenants.utils import get_public_schema_name

        previous = connection.schema_name or get_public_schema_name()
        schema = self._schema_from_request() if self.request.id else previous
        connection.set_schema(schema)
        sentry_sdk.set_tag("residence", schema)
        try:
            return super().__call__(*args, **kwargs)
        finally:
            # A worker goes back to public; an in-process call gets its caller's schema back.
            connection.set_schema(previous)


app = Celery("apes_platform", task_cls=TenantTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
