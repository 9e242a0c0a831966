from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "core.portal"
    label = "portal"
    verbose_name = _("Espace habitant·es")

    def ready(self):
        from core.portal.services import resident_magic_links_delete
        from core.privacy.registry import register_erasure_hook

        register_erasure_hook(resident_magic_links_delete)
