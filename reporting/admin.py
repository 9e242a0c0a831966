"""Head-office support: refresh runs (with a "recompute now" button) and stored values, read-only."""
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from reporting.indicators import CATALOGUE
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


class IndicatorFilter(admin.SimpleListFilter):
    """Filter by indicator, listed by their French names (the registry's), not their codes."""

    title = _("indicateur")
    parameter_name = "indicator"

    def lookups(self, request, model_admin):
        return sorted(((code, item.label) for code, item in CATALOGUE.items()), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(indicator=self.value()) if self.value() else queryset


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["residence", "indicator_label", "period_kind", "period_start", "value", "count_basis",
                    "suppressed", "computed_at"]
    list_filter = ["period_kind", IndicatorFilter, "suppressed"]
    search_fields = ["residence__name", "indicator"]
    list_select_related = ["residence"]
    fields = ["residence", "indicator_label", "indicator_code", "period_kind", "period_start", "value", "count_basis",
              "suppressed", "computed_at"]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        """A search finds indicators by their French name too (« animations » → activities_held…)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().casefold()
        codes = [code for code, item in CATALOGUE.items() if term and term in str(item.label).casefold()]
        if codes:
            queryset |= self.model.objects.filter(indicator__in=codes)
        return queryset, may_have_duplicates

    @admin.display(description=_("indicateur"), ordering="indicator")
    def indicator_label(self, obj):
        """The indicator's French name from the registry, not its code."""
        item = CATALOGUE.get(obj.indicator)
        return item.label if item else obj.indicator

    @admin.display(description=_("code de l'indicateur"))
    def indicator_code(self, obj):
        return obj.indicator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
