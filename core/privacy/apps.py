from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "core.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")

    def ready(self):
        from core.privacy import audit
        from core.privacy.registry import discover_dropin_sources

        audit.register_models()
        discover_dropin_sources()
