from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "core.messaging"
    label = "messaging"
    verbose_name = _("Messages aux habitant·es")

    def ready(self):
        from core.messaging.audit import register_models
        from core.messaging.services import opt_out_contact_corrected, resident_messaging_erase
        from core.people.registry import register_contact_change_hook
        from core.privacy.registry import register_erasure_hook

        register_erasure_hook(resident_messaging_erase)
        register_contact_change_hook(opt_out_contact_corrected)
        register_models()
