from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "core.voice"
    label = "voice"
    verbose_name = _("Parole des habitant·es")

    def ready(self):
        from core.privacy.registry import ContactSource, register_contact_source, register_erasure_hook
        from core.voice.services import resident_voice_erase

        register_contact_source(ContactSource("voice.Submission", "resident", "answered_on"))
        register_contact_source(ContactSource("voice.Interview", "resident", "held_on"))
        register_erasure_hook(resident_voice_erase)
