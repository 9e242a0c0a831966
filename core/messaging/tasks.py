"""Celery tasks of the messaging app: they only call services. The residence travels in the headers
(TenantTask), so no task takes a residence id."""
from celery import shared_task
from django.db import OperationalError, connection
from django_tenants.utils import schema_context

from core.messaging import services
from core.messaging.models import Message
from tenants.models import Residence


@shared_task(name="messaging.send_message", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=5)
def send_message(message_id: int) -> dict:
    """Create the message's delivery rows (once each, by the database) and fan the due ones out in chunks.
    Running it twice adds no row and sends nothing twice: chunks only send rows they claim."""
    message = Message.objects.get(pk=message_id)
    added = services.deliveries_create(message=message)
    ids = services.due_delivery_ids(message=message)
    for chunk in services.chunks(ids):
        send_deliveries.delay(chunk)
    services.message_complete_if_done(message_id=message.pk)
    return {"schema": connection.schema_name, "added": added, "queued": len(ids)}


@shared_task(name="messaging.send_deliveries", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=5)
def send_deliveries(ids: list[int]) -> dict:
    result = services.deliveries_send(ids=ids)
    if result["retry"]:
        # Temporary failures: the same rows again later, with a growing delay (exponential backoff).
        send_deliveries.apply_async((result["retry"],), countdown=result["retry_in"])
    return {"sent": result["sent"], "failed": result["failed"], "retry": len(result["retry"])}


@shared_task(name="messaging.send_due")
def send_due() -> int:
    """Rows whose time has come: SMS held overnight, retries whose delay ran out."""
    ids = services.due_delivery_ids()
    for chunk in services.chunks(ids):
        send_deliveries.delay(chunk)
    return len(ids)


@shared_task(name="messaging.reminders")
def reminders() -> int:
    messages = services.reminders_create()
    for message in messages:
        send_message.delay(message.pk)
    return len(messages)


def _fan_out(task) -> int:
    schemas = list(Residence.objects.filter(status=Residence.Status.ACTIVE).values_list("schema_name", flat=True))
    for schema in schemas:
        with schema_context(schema):
            task.delay()
    return len(schemas)


@shared_task(name="messaging.send_due_all_residences")
def send_due_all_residences() -> int:
    return _fan_out(send_due)


@shared_task(name="messaging.reminders_all_residences")
def reminders_all_residences() -> int:
    return _fan_out(reminders)
