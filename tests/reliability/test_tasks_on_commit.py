"""Tasks are sent when the transaction commits: a rollback queues nothing, a commit queues once.

Checked on the real Redis broker: each test sends to a queue of its own and reads its length.
"""
import json
import uuid

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django_tenants.utils import schema_context

from apes_platform.celery import SCHEMA_HEADER
from apes_platform.celery import app as celery_app
from core.privacy.tasks import retention_residence


class Rollback(Exception):
    pass


@pytest.fixture
def queue():
    name = f"apes-test-oncommit-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    yield name, client
    client.delete(name)


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_queues_nothing_and_committed_one_queues_once(queue, residence_a):
    name, broker = queue
    with pytest.raises(Rollback):
        with transaction.atomic():
            retention_residence.apply_async(queue=name)
            assert broker.llen(name) == 0
            raise Rollback
    assert broker.llen(name) == 0

    with schema_context(residence_a.schema_name), transaction.atomic():
        result = retention_residence.apply_async(queue=name)
        assert broker.llen(name) == 0
    assert broker.llen(name) == 1
    message = json.loads(broker.lindex(name, 0))
    assert message["headers"]["id"] == result.id
    assert message["headers"][SCHEMA_HEADER] == residence_a.schema_name


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_task_is_sent_at_once(queue):
    name, broker = queue
    retention_residence.apply_async(queue=name)
    assert broker.llen(name) == 1


def test_reliability_settings():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    # Redis redelivers unacknowledged messages after visibility_timeout: it must outlast any delay.
    visibility = conf.broker_transport_options["visibility_timeout"]
    assert visibility > settings.CELERY_LONGEST_COUNTDOWN
    for task in (retention_residence, celery_app.tasks["reporting.refresh_residence"]):
        assert task.max_retries and task.retry_backoff
        assert visibility > getattr(task, "retry_backoff_max", 600)
