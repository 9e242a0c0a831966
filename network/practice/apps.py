from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """The network of practice: practice sheets, resources, network events (public schema)."""

    name = "network.practice"
    label = "practice"
    verbose_name = _("Réseau de pratiques")
