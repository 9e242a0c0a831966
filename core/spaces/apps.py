from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "core.spaces"
    label = "spaces"
    verbose_name = _("Espaces et réservations")

    def ready(self):
        from core.privacy.registry import ContactSource, register_contact_source, register_erasure_hook
        from core.spaces.services import resident_bookings_erase

        register_contact_source(ContactSource("spaces.Booking", "resident", "starts_at"))
        register_contact_source(ContactSource("spaces.DeskSignIn", "resident", "arrived_at"))
        register_erasure_hook(resident_bookings_erase)
