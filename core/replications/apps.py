from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplicationsConfig(AppConfig):
    """What a residence copied from the network of practice (« Faire pareil chez nous »): activity templates."""

    name = "core.replications"
    label = "replications"
    verbose_name = _("Modèles repris du réseau")
