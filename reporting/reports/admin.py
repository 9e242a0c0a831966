from django.contrib import admin

from reporting.reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    """Support view for the head office: who asked for which report, and why one failed."""

    list_display = ["id", "kind", "residence", "landlord", "year", "status", "progress", "requested_by", "created_at"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["residence__name", "landlord__short_name", "requested_by__email"]
    list_select_related = ["residence", "landlord", "requested_by"]
    readonly_fields = ["kind", "residence", "landlord", "year", "requested_by", "status", "progress", "step",
                       "filename", "error", "created_at", "finished_at"]
    exclude = ["pdf"]

    def has_add_permission(self, request):
        return False
