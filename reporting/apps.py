from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Indicateurs")

    def ready(self):
        # Each app declares its indicators in its own `indicators` module.
        autodiscover_modules("indicators")
        # The reach and participation indicators belong to reporting itself.
        import reporting.catalogue.reach  # noqa: F401
