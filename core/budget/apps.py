from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "core.budget"
    label = "budget"
    verbose_name = _("Budget de la résidence")

    def ready(self):
        from core.budget.audit import register_models

        register_models()
