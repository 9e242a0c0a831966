"""Head-office support: refresh runs (with a "recompute now" button) and stored values, read-only."""
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from reporting.models import IndicatorValue, RefreshRun
from reporting.services import refresh_all_start


@admin.register(RefreshRun)
class RefreshRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "trigger", "done", "errors", "total", "finished_at"]
    list_filter = ["trigger"]
    readonly_fields = [f.name for f in RefreshRun._meta.fields]
    change_list_template = "admin/reporting/refreshrun/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("lancer/", self.admin_site.admin_view(self.start_view), name="reporting_refreshrun_start"),
            *super().get_urls(),
        ]

    def start_view(self, request):
        """POST only: record a run over every active residence and send it to the workers."""
        if request.method != "POST" or not self.has_view_permission(request):
            return redirect(reverse("admin:reporting_refreshrun_changelist"))
        run = refresh_all_start(trigger=RefreshRun.Trigger.ADMIN)
        messages.success(request, _("Calcul lancé sur %(total)d résidence(s).") % {"total": run.total})
        return redirect(reverse("reporting:refresh-run", args=[run.pk]))


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["residence", "indicator_label", "period_kind", "period_start", "value", "count_basis",
                    "suppressed", "computed_at"]
    list_filter = ["period_kind", "indicator", "suppressed"]
    search_fields = ["residence__name", "indicator"]
    list_select_related = ["residence"]
    readonly_fields = [f.name for f in IndicatorValue._meta.fields]

    @admin.display(description=_("indicateur"), ordering="indicator")
    def indicator_label(self, obj):
        """The indicator's French name from the registry, not its code."""
        from reporting.indicators import CATALOGUE

        item = CATALOGUE.get(obj.indicator)
        return item.label if item else obj.indicator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
