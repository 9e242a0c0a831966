"""The budget demo: deterministic, valid, every kind of entry, last year closed with its carry-over."""
import datetime as dt
from decimal import Decimal as D

from core.budget.demo import demo_populate
from core.budget.models import BudgetEntry, BudgetYear, Decision
from core.budget.selectors import line_figures, year_summary

TODAY = dt.date(2026, 3, 15)
MONTHS = [dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]


def _snapshot():
    return list(BudgetEntry.objects.order_by("id").values_list("kind", "date", "amount", "label"))


def test_demo_budget_is_complete_valid_and_deterministic(residence_a, residence_b, in_schema):
    with in_schema(residence_a):
        demo_populate(seed="demo-test", months=MONTHS, today=TODAY)
        old, current = BudgetYear.objects.get(year=2025), BudgetYear.objects.get(year=2026)
        assert old.is_closed and not current.is_closed
        kinds = set(BudgetEntry.objects.values_list("kind", flat=True))
        assert kinds == {"commitment", "expense", "refund", "income", "carry_over"}
        assert BudgetEntry.objects.filter(corrects__isnull=False).exists()
        assert BudgetEntry.objects.filter(decision__isnull=False).exists()
        assert set(BudgetEntry.objects.values_list("income_kind", flat=True)) >= {"cafe", "coworking"}
        assert not BudgetEntry.objects.filter(date__gt=TODAY).exists()
        carried = BudgetEntry.objects.get(kind="carry_over")
        assert carried.year == current and carried.amount == year_summary(old).total.remaining
        for year in (old, current):
            for line in year.lines.all():
                if line.overspend_rule == "refuse":
                    assert line_figures([line])[line.pk].remaining >= D(0)
        assert Decision.objects.count() == 6
        first = [row[:3] for row in _snapshot()]
    with in_schema(residence_b):  # the same seed elsewhere: the same budget
        demo_populate(seed="demo-test", months=MONTHS, today=TODAY)
        assert [row[:3] for row in _snapshot()] == first


def test_demo_budget_cites_the_demo_projects_and_granted_applications(residence_a, in_schema):
    """tenants/demo.py seeds partners and funding (projects, applications) before the budget."""
    from core.funding.demo import demo_populate as funding_demo
    from core.partners.demo import demo_populate as partners_demo

    this_year = dt.date.today().year
    months = [dt.date(this_year, m, 1) for m in range(1, dt.date.today().month + 1)]
    with in_schema(residence_a):
        partners_demo(seed="demo-test-partners", months=months)
        funding_demo(seed="demo-test-funding", months=months)
        demo_populate(seed="demo-test", months=months, today=dt.date.today())
        assert BudgetEntry.objects.filter(kind="expense", project__isnull=False).exists()
        grants = BudgetEntry.objects.filter(kind="income", income_kind="grant").select_related("application")
        assert grants and all(g.application.stage in ("granted", "partly_granted") for g in grants)
        assert all(g.amount == g.application.amount_granted for g in grants)
