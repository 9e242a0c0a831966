from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from apes_platform.exports import FORMATS, export_response
from core.funding.network import funding_overview
from reporting.selectors import ReportingScope


@login_required
def funding_network(request):
    """Head office: every residence; a landlord viewer: its own residences (ReportingScope)."""
    scope = ReportingScope.for_user(request.user)
    overview = funding_overview(residences=scope.residences().order_by("name"))
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        columns = [(_("Financeur"), lambda r: r.funder), (_("Résidences"), lambda r: ", ".join(sorted(r.residences))),
                   (_("Dossiers"), lambda r: r.applications), (_("En préparation"), lambda r: r.open),
                   (_("Déposés"), lambda r: r.submitted), (_("Accordés"), lambda r: r.granted),
                   (_("Refusés"), lambda r: r.refused), (_("Demandé (€)"), lambda r: r.requested),
                   (_("Accordé (€)"), lambda r: r.granted_amount)]
        return export_response(overview.by_funder, columns, filename="financements-par-financeur", fmt=fmt)
    return render(request, "funding/network.html", {"overview": overview, "scope": scope})
