"""The refresh of a residence survives a killed database connection: Celery retries it with backoff,
and the run records a failure only once the last retry failed too.

A real Celery worker (solo pool, own queue) on Redis and the test database. A second connection
locks the values table, so the worker's refresh waits on it; the test then kills the worker's
backend with `pg_terminate_backend`, exactly as a failover or an idle-connection reaper would.
"""
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from reporting.models import IndicatorValue, RefreshRun
from reporting.tasks import refresh_residence
from tests.platform.test_celery_tenant import worker  # noqa: F401 - the real worker fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
MONTHS = ["2026-10-01"]


@pytest.fixture
def one_retry(monkeypatch):
    """The worker started after this fixture allows one retry (production: REFRESH_MAX_RETRIES=5)."""
    monkeypatch.setenv("REFRESH_MAX_RETRIES", "1")


@pytest.fixture
def locked_values():
    db = settings.DATABASES["default"]
    locker = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])
    locker.execute("LOCK TABLE reporting_indicatorvalue IN ACCESS EXCLUSIVE MODE")
    yield locker
    locker.close()


def kill_the_waiting_refresh(locker, timeout: float = 60) -> int:
    """Terminate the worker's backend once it waits on the locked values table; its pid."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND query ILIKE '%%reporting_indicatorvalue%%' AND pid <> %s", [locker.info.backend_pid])
            found = cursor.fetchone()
            if found:
                cursor.execute("SELECT pg_terminate_backend(%s)", [found[0]])
                return found[0]
        time.sleep(0.1)
    raise AssertionError("the refresh never waited on the values table")


def run_of(residence) -> RefreshRun:
    return RefreshRun.objects.create(trigger=RefreshRun.Trigger.NIGHTLY, months=MONTHS, total=1)


def wait_for(predicate, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (found := predicate()):
            return found
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_connection_killed_mid_refresh_is_retried_and_the_run_succeeds(one_retry, worker, residence_a,
                                                                        locked_values):
    run = run_of(residence_a)
    with schema_context(residence_a.schema_name):
        result = refresh_residence.delay(MONTHS, run.pk)
    first = kill_the_waiting_refresh(locked_values)
    locked_values.rollback()  # the lock goes: the retry can write

    outcome = result.get(timeout=90)
    assert outcome["ok"] is True and outcome["attempts"] == 2
    run.refresh_from_db()
    assert (run.done, run.errors, run.error_log) == (1, 0, "")
    assert run.finished_at is not None
    assert IndicatorValue.objects.filter(residence=residence_a, period_start="2026-10-01").exists()
    assert first


def test_the_run_records_the_failure_only_after_the_last_retry(one_retry, worker, residence_a, locked_values):
    run = run_of(residence_a)
    with schema_context(residence_a.schema_name):
        result = refresh_residence.delay(MONTHS, run.pk)
    first = kill_the_waiting_refresh(locked_values)
    time.sleep(0.5)
    run.refresh_from_db()
    assert (run.done, run.errors) == (0, 0)  # killed once: retried, nothing recorded yet

    second = kill_the_waiting_refresh(locked_values)  # the retry, the last attempt
    assert second != first
    locked_values.rollback()
    outcome = result.get(timeout=90)
    assert outcome["ok"] is False and outcome["attempts"] == 2
    run.refresh_from_db()
    assert (run.done, run.errors) == (0, 1) and "OperationalError" in run.error_log
    assert residence_a.slug in run.error_log
