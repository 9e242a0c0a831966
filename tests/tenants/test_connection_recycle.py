"""A connection that served more than DB_MAX_SCHEMAS_PER_CONNECTION schemas is closed at the end
of the request or task, so its backend's catalogue cache stays bounded."""
import pytest
from celery.signals import task_postrun
from django.core.signals import request_finished
from django.db import connection, connections
from django.test import override_settings
from django_tenants.utils import schema_context

from core.people.models import Resident
from tenants.connection_recycle import SEEN
from tests.conftest import RESIDENCE_A, RESIDENCE_B, ensure_residence

pytestmark = pytest.mark.django_db(transaction=True)


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture(autouse=True)
def persistent_connection(transactional_db):
    """The test settings close connections after each request (CONN_MAX_AGE=0): keep this one open."""
    backend_pid()
    connection.close_at = None
    connections["default"].__dict__.pop(SEEN, None)  # schemas served by earlier tests on this connection


def serve(residence, signal):
    with schema_context(residence.schema_name):
        Resident.objects.count()
        signal.send(sender=None)


@override_settings(DB_MAX_SCHEMAS_PER_CONNECTION=2)
@pytest.mark.parametrize("signal", [request_finished, task_postrun], ids=["request", "task"])
def test_connection_is_replaced_after_too_many_schemas(signal):
    a, b = ensure_residence(RESIDENCE_A), ensure_residence(RESIDENCE_B)
    first = backend_pid()
    serve(a, signal)
    serve(b, signal)
    serve(a, signal)
    assert backend_pid() == first  # A and B: 2 schemas, at the limit

    with schema_context("public"):
        signal.send(sender=None)  # A, B and public: 3 > 2

    assert connection.connection is None
    assert backend_pid() != first


@override_settings(DB_MAX_SCHEMAS_PER_CONNECTION=0)
def test_zero_means_never():
    a, b = ensure_residence(RESIDENCE_A), ensure_residence(RESIDENCE_B)
    first = backend_pid()
    for residence in (a, b, a, b):
        serve(residence, request_finished)
    with schema_context("public"):
        request_finished.send(sender=None)
    assert backend_pid() == first


@override_settings(DB_MAX_SCHEMAS_PER_CONNECTION=1)
def test_never_closed_inside_a_transaction():
    from django.db import transaction

    a, b = ensure_residence(RESIDENCE_A), ensure_residence(RESIDENCE_B)
    with transaction.atomic():
        serve(a, task_postrun)
        serve(b, task_postrun)
        assert connection.connection is not None
