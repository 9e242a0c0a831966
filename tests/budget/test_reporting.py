"""Budget indicators against hand counts, the head office's execution table (landlords see their
own residences only), and the budget sections of the residence and landlord PDF reports."""
import datetime as dt
from decimal import Decimal as D

import pytest
from django_tenants.utils import schema_context

from core.activities.factories import ActivityFactory
from core.budget.factories import BudgetLineFactory, BudgetYearFactory, DecisionFactory, EnvelopeFactory
from core.budget.indicators import (
    budget_execution_rate,
    budget_own_income,
    budget_share_decided_by_residents,
    budget_spent_on_resident_led_actions,
)
from core.budget.services import commitment_create, entry_correct, expense_create, income_create, refund_create
from reporting.periods import month_bounds
from reporting.services import residence_indicators_refresh
from tests.conftest import aware, client_on
from tests.reports.test_reports import pdf_text

OCTOBER = dt.date(2026, 10, 1)


def budget_of(residence, *, planned="1000.00", spent="250.00"):
    """2026: one line (planned), in October an expense citing a decision of 200 €, another for an
    activity proposed by residents, a refund of 20 €, a cancelled expense, café takings of 35,50 €
    and a room hire of 60 €; a commitment of 100 €."""
    with schema_context(residence.schema_name):
        year = BudgetYearFactory(year=2026)
        EnvelopeFactory(year=year, source="landlord", amount=D(planned))
        line = BudgetLineFactory(year=year, name="Animations", planned_amount=D(planned), overspend_rule="warn")
        decision = DecisionFactory(year=year, decided_on=dt.date(2026, 10, 2), amount=D("200.00"), line=line)
        activity = ActivityFactory(starts_at=aware(2026, 10, 9), ends_at=aware(2026, 10, 9, 16),
                                   proposed_by_residents=True)
        expense_create(line=line, date=dt.date(2026, 10, 3), amount=D("150.00"), label="Car", decision=decision)
        expense_create(line=line, date=dt.date(2026, 10, 9), amount=D(spent) - D("150.00"), label="Goûter",
                       activity=activity)
        wrong = expense_create(line=line, date=dt.date(2026, 10, 10), amount=D("999.00"), label="Erreur",
                               overspend_reason="—")
        entry_correct(entry=wrong, reason="Saisie erronée", date=dt.date(2026, 10, 11))
        refund_create(line=line, date=dt.date(2026, 10, 20), amount=D("20.00"), label="Avoir")
        commitment_create(line=line, date=dt.date(2026, 10, 21), amount=D("100.00"), label="Devis sortie")
        income_create(date=dt.date(2026, 10, 4), amount=D("35.50"), label="Café du samedi", income_kind="cafe")
        income_create(date=dt.date(2026, 10, 5), amount=D("60.00"), label="Location salle", income_kind="room_hire")
        income_create(date=dt.date(2026, 9, 5), amount=D("10.00"), label="Café de septembre", income_kind="cafe")
    return residence


def test_budget_indicators_equal_the_hand_count(residence_a):
    budget_of(residence_a)
    start, end = month_bounds(OCTOBER)
    with schema_context(residence_a.schema_name):
        # (150 + 100 + 999 − 999 − 20) / 1000 = 23 %
        assert budget_execution_rate(start, end) == (D("23.00"), 5)
        assert budget_share_decided_by_residents(start, end) == (D("20.00"), 1)
        assert budget_spent_on_resident_led_actions(start, end) == (D("250.00"), 2)
        assert budget_own_income(start, end) == (D("95.50"), 2)
        september = month_bounds(dt.date(2026, 9, 1))
        assert budget_execution_rate(*september) == (D("0.00"), 0)
        # The year's position at the end of each period: nothing spent by the end of September.
        from core.budget.indicators import budget_committed, budget_planned, budget_remaining, budget_spent

        assert budget_spent(*september) == (D("0.00"), 1) and budget_planned(*september) == (D("1000.00"), 1)
        assert budget_spent(start, end) == (D("250.00"), 1)
        assert budget_committed(start, end) == (D("100.00"), 1)
        assert budget_remaining(start, end) == (D("770.00"), 1)


def test_no_budget_means_no_rate_not_zero(residence_b):
    with schema_context(residence_b.schema_name):
        assert budget_execution_rate(*month_bounds(OCTOBER)) == (None, 0)


@pytest.fixture
def two_budgets(residence_a, residence_b):
    budget_of(residence_a, planned="1000.00", spent="250.00")
    budget_of(residence_b, planned="400.00", spent="300.00")
    for residence in (residence_a, residence_b):
        residence_indicators_refresh(residence=residence, months=[OCTOBER])


def test_head_office_sees_every_residence_execution_and_landlords_only_theirs(two_budgets, residence_a, residence_b,
                                                                            head_office, viewer_l1, coordinator_a):
    page = client_on(None, head_office).get("/pilotage/budget/?annee=2026").content.decode()
    assert residence_a.name in page and residence_b.name in page
    # A: planned 1 000, spent 150 + 100 + 999 − 999 = 250, remaining 1 000 − 250 + 20 = 770.
    assert "1\u00a0000,00\u00a0€" in page and "250,00\u00a0€" in page and "770,00\u00a0€" in page
    landlord = client_on(None, viewer_l1).get("/pilotage/budget/?annee=2026&bailleur=999").content.decode()
    assert residence_a.name in landlord and residence_b.name not in landlord
    export = client_on(None, viewer_l1).get("/pilotage/budget/?annee=2026&export=csv").content.decode("utf-8-sig")
    assert residence_a.name in export and residence_b.name not in export
    assert client_on(None, coordinator_a).get("/pilotage/budget/").status_code == 403
    assert client_on(None).get("/pilotage/budget/").status_code == 302


def test_residence_and_landlord_reports_hold_the_budget(two_budgets, residence_a, residence_b, coordinator_a):
    from reporting.reports.models import ReportJob
    from reporting.reports.selectors import report_pdf
    from reporting.reports.services import report_job_run

    job = ReportJob.objects.create(kind=ReportJob.Kind.RESIDENCE, residence=residence_a, year=2026)
    with schema_context(residence_a.schema_name):
        job = report_job_run(job_id=job.pk)
    text = " ".join(pdf_text(report_pdf(job=job)).split())
    assert "Budget d'animation" in text and "Animations" in text and "Dépensé" in text
    landlord_job = ReportJob.objects.create(kind=ReportJob.Kind.LANDLORD, landlord=residence_a.landlord, year=2026)
    landlord_job = report_job_run(job_id=landlord_job.pk)
    text = " ".join(pdf_text(report_pdf(job=landlord_job)).split())
    assert "Exécution des budgets des résidences" in text
    assert residence_a.name in text and residence_b.name not in text


def test_execution_page_costs_the_same_queries_with_one_or_two_residences_having_values(
        residence_a, residence_b, head_office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_on(None, head_office)

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/pilotage/budget/?annee=2026").status_code == 200
        return len(ctx.captured_queries)

    budget_of(residence_a)
    residence_indicators_refresh(residence=residence_a, months=[OCTOBER])
    one = cost()
    budget_of(residence_b)
    residence_indicators_refresh(residence=residence_b, months=[OCTOBER])
    assert cost() == one
