"""Two expenses at once on the last euros of a "refuse" line: exactly one wins.

Two threads, each with its own database connection, call the service at the same moment on
committed rows; the line's row lock (SELECT … FOR UPDATE) makes the second wait for the first and
then see its expense."""
import datetime as dt
import threading
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from core.budget.models import BudgetEntry, BudgetLine, BudgetYear, Decision, Envelope
from core.budget.selectors import line_figures
from core.budget.services import expense_create

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 5


@pytest.fixture
def refuse_line(residence_a):
    with schema_context(residence_a.schema_name):
        year = BudgetYear.objects.create(year=2026)
        line = BudgetLine.objects.create(year=year, name="Sorties", planned_amount=D("100.00"),
                                         overspend_rule="refuse")
    yield line
    with schema_context(residence_a.schema_name):  # committed rows of the residence schema: ours to remove
        BudgetEntry.objects.all().delete()
        Decision.objects.all().delete()
        BudgetLine.objects.all().delete()
        Envelope.objects.all().delete()
        BudgetYear.objects.all().delete()
        LogEntry.objects.filter(content_type__app_label="budget").delete()


def _race(schema: str, line_id: int, amount: D) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(n: int):
        try:
            with schema_context(schema):
                line = BudgetLine.objects.select_related("year").get(pk=line_id)
                barrier.wait(timeout=10)
                expense_create(line=line, date=dt.date(2026, 7, 1), amount=amount, label=f"Car n° {n}")
            outcomes.append("won")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.message_dict["amount"]))
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=attempt, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_expenses_on_the_last_euros_of_a_refuse_line_only_one_wins(residence_a, refuse_line):
    schema = residence_a.schema_name
    for _round in range(ROUNDS):
        with schema_context(schema):
            BudgetEntry.objects.all().delete()
            expense_create(line=BudgetLine.objects.select_related("year").get(pk=refuse_line.pk),
                           date=dt.date(2026, 6, 30), amount=D("60.00"), label="Repas partagé")
        # 40 € left: each 30 € expense fits alone, not both.
        outcomes = _race(schema, refuse_line.pk, D("30.00"))
        assert sorted(o == "won" for o in outcomes) == [False, True], outcomes
        assert "il reste 10,00" in next(o for o in outcomes if o != "won")
        with schema_context(schema):
            assert BudgetEntry.objects.count() == 2
            assert line_figures([BudgetLine.objects.get(pk=refuse_line.pk)])[refuse_line.pk].remaining == D("10.00")
