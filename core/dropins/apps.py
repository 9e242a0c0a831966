from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropinsConfig(AppConfig):
    name = "core.dropins"
    label = "dropins"
    verbose_name = _("Permanences")
