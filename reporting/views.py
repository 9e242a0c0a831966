"""Public-schema pages: head-office comparison and the landlord view (same page, scoped)."""
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from reporting.indicators import CATALOGUE
from reporting.periods import month_start, parse_month, previous_month
from reporting.selectors import ReportingScope, available_months, comparison_table, last_refresh
from tenants.models import Landlord
from tenants.selectors import residence_list_for_user


@login_required
def public_home(request):
    user = request.user
    if user.is_head_office:
        return redirect("reporting:comparison")
    if user.is_landlord_viewer:
        return redirect("reporting:landlord")
    residences = residence_list_for_user(user=user).prefetch_related("domains")
    return render(request, "reporting/coordinator_home.html", {"residences": residences})


def _comparison(request, *, scope: ReportingScope, template: str, extra: dict | None = None):
    default_month = previous_month(month_start(dt.date.today()))
    months = available_months(scope=scope)
    month = parse_month(request.GET.get("mois"), default=months[0] if months else default_month)
    context = {
        "scope": scope,
        "month": month,
        "months": months,
        "indicators": list(CATALOGUE.values()),
        "rows": comparison_table(scope=scope, month=month),
        "last_refresh": last_refresh(scope=scope),
        **(extra or {}),
    }
    return render(request, template, context)


@login_required
def comparison(request):
    if not request.user.is_head_office:
        raise PermissionDenied
    scope = ReportingScope.for_user(request.user)
    return _comparison(request, scope=scope, template="reporting/comparison.html")


@login_required
def landlord(request):
    landlord_id = None
    if request.user.is_head_office:
        # The head office picks a landlord (the first one by default); a viewer's own is imposed by the scope.
        asked = request.GET.get("bailleur", "")
        landlord_id = int(asked) if asked.isdigit() else Landlord.objects.values_list("pk", flat=True).first()
    scope = ReportingScope.for_user(request.user, landlord_id=landlord_id)
    if scope.landlord is None:
        raise PermissionDenied
    extra = {"landlords": Landlord.objects.all() if request.user.is_head_office else None}
    return _comparison(request, scope=scope, template="reporting/landlord.html", extra=extra)
