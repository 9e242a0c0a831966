from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandlordCallsConfig(AppConfig):
    """Landlords' calls for projects: public schema, bare domain, landlord-scoped."""

    name = "network.calls"
    label = "landlord_calls"
    verbose_name = _("Appels à projets des bailleurs")
