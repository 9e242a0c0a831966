"""The head office's (and a landlord's) budget execution table on the bare domain."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.exports import FORMATS, export_response
from core.budget.execution import execution_table
from reporting.views import scope_for_request
from tenants.models import Landlord

COLUMNS = [
    (gettext_lazy("Résidence"), lambda r: r.residence.name if r.residence else _("Total")),
    (gettext_lazy("Bailleur"), lambda r: r.residence.landlord.short_name if r.residence else ""),
    (gettext_lazy("Prévu (€)"), lambda r: r.planned),
    (gettext_lazy("Engagé (€)"), lambda r: r.committed),
    (gettext_lazy("Dépensé (€)"), lambda r: r.spent),
    (gettext_lazy("Reste (€)"), lambda r: r.remaining),
    (gettext_lazy("Taux d'exécution (%)"), lambda r: r.rate),
    (gettext_lazy("Recettes propres (€)"), lambda r: r.own_income),
]


@login_required
def execution(request):
    """Planned, committed, spent and remaining per residence for a year: all residences for the
    head office (or one landlord's, ?bailleur=), a landlord viewer's own only."""
    scope = scope_for_request(request)
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    table = execution_table(scope=scope, year=year)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response([*table.rows, table.total], COLUMNS, filename=f"execution-budget-{year}", fmt=fmt)
    return render(request, "budget/execution.html", {
        "table": table, "scope": scope, "year": year, "years": range(timezone.localdate().year, 2019, -1),
        "landlords": Landlord.objects.all() if request.user.is_head_office else None,
    })
