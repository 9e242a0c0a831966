"""A task queued from residence A runs in A's schema, even right after one for B.

A real Celery worker (solo pool: one process, tasks one after another) on Redis,
against the test database; no eager mode.
"""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from apes_platform.celery import app as celery_app
from core.people.factories import ResidentFactory
from core.people.models import Resident
from reporting.models import IndicatorValue
from reporting.tasks import refresh_all_residences, refresh_residence
from tests.conftest import aware

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    queue = f"apes-test-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "apes_platform.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_QUEUE": queue,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "apes_platform", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        _wait_until_ready(process)
        yield process
    finally:
        celery_app.conf.task_default_queue = previous_queue
        process.terminate()
        output = process.communicate(timeout=30)[0]
        if process.returncode not in (0, -15):
            print(output)


def _wait_until_ready(process, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Celery worker exited: {process.communicate()[0]}")
        if celery_app.control.ping(timeout=0.5):
            return
    raise RuntimeError("Celery worker did not answer within 60 s")


@pytest.fixture
def committed_residents(residence_a, residence_b):
    """Different people in each residence, committed so the worker sees them."""
    from core.activities.factories import ActivityFactory

    with schema_context(residence_a.schema_name):
        people = ResidentFactory.create_batch(3)
        activity = ActivityFactory(starts_at=aware(2026, 10, 3), ends_at=aware(2026, 10, 3, 16))
        for person in people:
            activity.attendances.create(resident=person)
    with schema_context(residence_b.schema_name):
        person = ResidentFactory()
        for day in (4, 5):
            ActivityFactory(starts_at=aware(2026, 10, day), ends_at=aware(2026, 10, day, 16)).attendances.create(
                resident=person)
    yield
    for residence in (residence_a, residence_b):
        with schema_context(residence.schema_name):
            Resident.objects.all().delete()
            from core.activities.models import Activity

            Activity.objects.all().delete()


OCTOBER_ACTIVITY = {"period_kind": "month", "indicator__in": ("residents_attending", "activities_held")}


def _send_from(residence):
    with schema_context(residence.schema_name):
        return refresh_residence.delay(["2026-10-01"])


def test_task_runs_in_the_schema_it_was_queued_from_a_then_b_then_a(
    worker, residence_a, residence_b, committed_residents
):
    first_a = _send_from(residence_a).get(timeout=60)
    then_b = _send_from(residence_b).get(timeout=60)
    again_a = _send_from(residence_a).get(timeout=60)

    assert first_a["schema"] == again_a["schema"] == residence_a.schema_name
    assert then_b["schema"] == residence_b.schema_name
    def activity_values(result):  # the catalogue holds more indicators; these two are counted here
        return {k: v for k, v in result["values"]["2026-10-01"].items() if k in ("residents_attending", "activities_held")}

    assert activity_values(first_a) == activity_values(again_a) == {
        "residents_attending": "3", "activities_held": "1",
    }
    assert activity_values(then_b) == {"residents_attending": "1", "activities_held": "2"}
    assert connection.schema_name == "public"


def test_beat_fan_out_computes_every_residence(worker, residence_a, residence_b, committed_residents):
    sent = refresh_all_residences.delay(["2026-10-01"]).get(timeout=60)
    assert sent >= 2

    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if IndicatorValue.objects.filter(residence__in=[residence_a, residence_b], **OCTOBER_ACTIVITY).count() == 4:
            break
        time.sleep(0.2)
    values = {
        (v.residence.slug, v.indicator): int(v.value)
        for v in IndicatorValue.objects.filter(residence__in=[residence_a, residence_b], **OCTOBER_ACTIVITY)
        .select_related("residence")
    }
    assert values == {
        (residence_a.slug, "residents_attending"): 3, (residence_a.slug, "activities_held"): 1,
        (residence_b.slug, "residents_attending"): 1, (residence_b.slug, "activities_held"): 2,
    }


def test_health_reports_database_redis_and_celery(worker, db):
    from django.test import Client

    response = Client(HTTP_HOST="localhost").get("/sante/")
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "celery": "ok"}}
