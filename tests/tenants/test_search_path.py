"""Routing a request costs at most one statement: the schema switch, and only when it changes.

`tenants/postgresql_backend` sends `SET search_path` only when the PostgreSQL session does
not already stand in the wanted schema, and forgets what it knows whenever PostgreSQL may
have reverted it (rollback, rollback to a savepoint, new connection). The membership rule
of a residence host is read with the user (`user_for_session`), not by a query of its own.
"""
import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from core.people.factories import ResidentFactory
from core.people.models import Resident
from tenants.models import ResidenceMembership
from tests.conftest import client_on

pytestmark = pytest.mark.django_db


def statements(run):
    with CaptureQueriesContext(connection) as ctx:
        result = run()
    sql = [q["sql"] for q in ctx.captured_queries]
    return result, sql, [s for s in sql if s.startswith("SET search_path")]


def count_residents():
    return Resident.objects.count()


def test_switching_back_to_the_same_schema_sends_no_set(residence_a):
    connection.set_tenant(residence_a)
    _, _, first = statements(count_residents)
    connection.set_schema_to_public()  # as the tenant middleware does at every request
    connection.set_tenant(residence_a)
    _, sql, again = statements(count_residents)

    assert len(first) == 1
    assert again == [] and len(sql) == 1


def test_another_schema_gets_its_set_and_its_own_rows(residence_a, residence_b):
    with schema_context(residence_a.schema_name):
        ResidentFactory()
    connection.set_tenant(residence_a)
    assert count_residents() == 1
    connection.set_tenant(residence_b)
    count, _, sets = statements(count_residents)

    assert count == 0
    assert sets == ['SET search_path = "%s","public"' % residence_b.schema_name]


def test_a_rolled_back_savepoint_does_not_leave_the_wrong_schema(residence_a, residence_b):
    """PostgreSQL undoes a `SET` made inside a rolled-back savepoint: the next query must set it again."""
    with schema_context(residence_a.schema_name):
        ResidentFactory()
    connection.set_tenant(residence_a)
    assert count_residents() == 1  # the session stands in A

    def rolled_back_then_count():
        try:
            with transaction.atomic():
                connection.set_tenant(residence_b)
                assert count_residents() == 0  # SET to B, inside the savepoint
                raise DatabaseError("annulé")
        except DatabaseError:
            pass
        # PostgreSQL is back in A: the wrapper must not believe it still stands in B.
        return count_residents()

    count, sql, _ = statements(rolled_back_then_count)
    rollback = next(i for i, s in enumerate(sql) if s.startswith("ROLLBACK TO SAVEPOINT"))

    assert count == 0
    assert any(s.startswith("SET search_path") for s in sql[rollback:])


@pytest.mark.django_db(transaction=True)
def test_a_closed_connection_sets_the_path_again(residence_a):
    connection.set_tenant(residence_a)
    count_residents()
    connection.close()
    connection.set_tenant(residence_a)
    _, _, sets = statements(count_residents)

    assert len(sets) == 1


@pytest.mark.django_db(transaction=True)  # the host cache keeps committed state only
def test_a_coordinator_request_reads_memberships_with_the_user(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    client.get("/")  # the connection now stands in A
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    sql = [q["sql"] for q in ctx.captured_queries]

    assert response.status_code == 200
    assert not any(s.startswith("SET search_path") for s in sql)
    assert not any("tenants_domain" in s for s in sql)
    membership_reads = [s for s in sql if "tenants_residencemembership" in s]
    assert len(membership_reads) == 1 and '"tenants_user"' in membership_reads[0]


def test_a_revoked_membership_closes_the_door_on_the_next_request(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    assert client.get("/").status_code == 200
    ResidenceMembership.objects.filter(user=coordinator_a, residence=residence_a).delete()

    assert client.get("/").status_code == 404


def test_another_residences_coordinator_is_still_refused(residence_a, coordinator_b):
    assert client_on(residence_a, coordinator_b).get("/").status_code == 404
