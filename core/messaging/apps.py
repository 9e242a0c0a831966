from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "core.messaging"
    label = "messaging"
    verbose_name = _("Messages aux habitant·es")

    def ready(self):
        from core.messaging.services import resident_messaging_erase
        from core.privacy.registry import register_erasure_hook

        register_erasure_hook(resident_messaging_erase)
