from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "core.activities"
    label = "activities"
    verbose_name = _("Animations")

    def ready(self):
        from core.privacy.registry import ContactSource, register_contact_source

        # Signing up is contact too (attendance is a built-in source of the registry).
        register_contact_source(ContactSource("activities.Registration", "resident", "created_at"))
