"""The landlords' calls' part of the landlord activity report: the laureates of the calls it funds."""
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from network.calls.selectors import laureate_rows_for_landlord, targets_vs_actuals
from reporting.reports.sections import LANDLORD, ReportContext, report_section


@report_section(code="landlord_call_laureates", title=_("Lauréats des appels à projets bailleurs"), order=70,
                kinds=(LANDLORD,))
def landlord_call_laureates(report: ReportContext) -> str | None:
    """Laureates named up to the report's year in the calls the landlord funds (its own calls only)."""
    if report.landlord is None:
        return None
    rows = [row for row in laureate_rows_for_landlord(landlord_id=report.landlord.pk)
            if row["agreement"].application.decision.decided_at.year <= report.year]
    if not rows:
        return None
    for row in rows:
        row["targets"] = targets_vs_actuals(agreement=row["agreement"])
    return render_to_string("landlord_calls/report_landlord.html", {"report": report, "rows": rows})
