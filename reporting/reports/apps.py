from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reporting.reports"
    label = "reports"
    verbose_name = _("Rapports d'activité")

    def ready(self):
        # Each app declares its part of the activity report in its own `report_sections` module.
        autodiscover_modules("report_sections")
