"""Partners, projects and funding in the activity reports (residence and landlord PDFs)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from reporting.reports.sections import LANDLORD, RESIDENCE, ReportContext, report_section

FUNDING_CODES = ("applications_submitted", "applications_granted", "funding_requested", "funding_granted")


def _year(report: ReportContext) -> tuple[dt.date, dt.date]:
    return dt.date(report.year, 1, 1), dt.date(report.year + 1, 1, 1)


@report_section(code="partners", title=_("Le réseau des partenaires"), order=40, kinds=(RESIDENCE,))
def residence_partners(report: ReportContext) -> str | None:
    from core.partners.models import Interaction, Partner, PartnershipStatus

    first, last = _year(report)
    interactions = Interaction.objects.filter(date__gte=first, date__lt=last)
    active = list(Partner.objects.filter(interactions__date__gte=first, interactions__date__lt=last).distinct()
                  .order_by("name"))
    if not active and not interactions.exists():
        return None
    return render_to_string("partners/report/section.html", {
        "report": report, "active": active, "interaction_count": interactions.count(),
        "active_partnerships": Partner.objects.filter(status=PartnershipStatus.ACTIVE).count()})


@report_section(code="projects", title=_("Les projets d'habitants"), order=45, kinds=(RESIDENCE,))
def residence_projects(report: ReportContext) -> str | None:
    from core.funding.selectors import funding_plan
    from core.projects.models import ResidentProject

    first, last = _year(report)
    projects = list(ResidentProject.objects.filter(stage_changes__changed_on__gte=first,
                                                   stage_changes__changed_on__lt=last).distinct()
                    .prefetch_related("targets").order_by("title"))
    if not projects:
        return None
    rows = [{"project": p, "plan": funding_plan(project=p), "targets": list(p.targets.all())} for p in projects]
    return render_to_string("projects/report/section.html", {"report": report, "rows": rows})


@report_section(code="funding", title=_("Financements obtenus"), order=50, kinds=(RESIDENCE,))
def residence_funding(report: ReportContext) -> str | None:
    from core.funding.selectors import application_list, funding_totals

    first, last = _year(report)
    totals = funding_totals(start=first, end=last)
    applications = [a for a in application_list()
                    if (a.submitted_on and first <= a.submitted_on < last) or (a.decision_on and first <= a.decision_on < last)]
    if not applications:
        return None
    return render_to_string("funding/report/section.html", {"report": report, "totals": totals,
                                                             "applications": applications})


@report_section(code="landlord_funding", title=_("Financements des projets par résidence"), order=30,
                kinds=(LANDLORD,))
def landlord_funding(report: ReportContext) -> str | None:
    """Read through the landlord's scope (its residences only), from the stored yearly indicators."""
    scope = report.scope
    residences = report.cache.get("residences") or list(scope.residences())
    # The one door (ReportingScope.cells): the year's cells, with the scope's rules applied.
    grid = scope.cells(period_kind="year", start=dt.date(report.year, 1, 1), indicators=FUNDING_CODES,
                       residence_ids=[r.pk for r in residences])
    sums: dict[tuple[int, str], Decimal] = {(rid, code): cell.value for (rid, code, _day), cell in grid.items()
                                            if cell.value is not None}
    if not sums:
        return None
    rows = [{"residence": r, **{code: sums.get((r.pk, code), Decimal("0")) for code in FUNDING_CODES}}
            for r in residences]
    return render_to_string("funding/report/landlord_section.html", {"report": report, "rows": rows})
