from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropinsConfig(AppConfig):
    name = "core.dropins"
    label = "dropins"
    verbose_name = _("Permanences")

    def ready(self):
        # Visits count as contact already: core.privacy discovers them (registry.discover_dropin_sources).
        from core.dropins.services import resident_dropin_notes_erase
        from core.privacy.registry import register_erasure_hook

        register_erasure_hook(resident_dropin_notes_erase)
