"""Dashboards read from the read replica when the deployment has one; writes never go there.

The test database's `replica` alias is a mirror of the primary (a second connection to the same
database, settings_test.py), so the figures are real; what is checked is which connection each
statement went through.
"""
import datetime as dt

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from reporting.models import IndicatorValue
from tests.conftest import client_on

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def october(residence_a, residence_b):
    for residence, reached in ((residence_a, 30), (residence_b, 24)):
        IndicatorValue.objects.create(residence=residence, indicator="residents_reached", period_kind="month",
                                      period_start=OCTOBER, value=reached, count_basis=reached)
    return residence_a, residence_b


def reads(path, user):
    client = client_on(None, user)
    with override_settings(REPORTING_DATABASE="replica"):
        with CaptureQueriesContext(connections["default"]) as primary:
            with CaptureQueriesContext(connections["replica"]) as replica:
                response = client.get(path)
    return response, [q["sql"] for q in primary.captured_queries], [q["sql"] for q in replica.captured_queries]


def test_head_office_comparison_reads_values_and_residences_on_the_replica(october, head_office):
    response, primary, replica = reads("/pilotage/?periode=2026-10", head_office)

    assert response.status_code == 200
    assert ">30<" in response.content.decode().replace(" ", "")
    assert any("reporting_indicatorvalue" in sql for sql in replica)
    assert any("tenants_residence" in sql for sql in replica)
    assert not any("reporting_indicatorvalue" in sql for sql in primary)
    assert not any(sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in replica)


def test_a_landlord_reading_the_replica_still_sees_only_its_residences(october, viewer_l1):
    a, b = october
    response, _, replica = reads("/pilotage/bailleur/?periode=2026-10", viewer_l1)
    page = response.content.decode()

    assert response.status_code == 200
    assert a.name in page and b.name not in page
    assert any("reporting_indicatorvalue" in sql for sql in replica)


def test_reporting_api_reads_the_replica_within_the_landlord_scope(october, viewer_l1):
    a, b = october
    response, primary, replica = reads("/api/reporting/values/?period=2026-10", viewer_l1)

    assert response.status_code == 200
    residences = {row["residence"] for row in response.json()["results"]}
    assert residences == {a.slug}
    assert any("reporting_indicatorvalue" in sql for sql in replica)
    assert not any("reporting_indicatorvalue" in sql for sql in primary)
