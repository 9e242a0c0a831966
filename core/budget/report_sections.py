"""The budget's part of the residence and landlord activity reports."""
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.budget.execution import execution_table
from core.budget.models import BudgetYear
from core.budget.selectors import year_summary
from reporting.reports.sections import LANDLORD, RESIDENCE, ReportContext, report_section


@report_section(code="residence_budget", title=_("Budget d'animation : décidé, dépensé, restant"), order=60,
                kinds=(RESIDENCE,))
def residence_budget(report: ReportContext) -> str | None:
    year = BudgetYear.objects.filter(year=report.year).first()
    if year is None:
        return None
    return render_to_string("budget/report_residence.html", {"report": report, "summary": year_summary(year)})


@report_section(code="landlord_budget", title=_("Exécution des budgets des résidences"), order=60,
                kinds=(LANDLORD,))
def landlord_budget(report: ReportContext) -> str | None:
    """Read through the landlord's scope: its residences only, yearly totals only."""
    table = execution_table(scope=report.scope, year=report.year)
    if all(row.planned is None for row in table.rows):
        return None
    return render_to_string("budget/report_landlord.html", {"report": report, "table": table})
