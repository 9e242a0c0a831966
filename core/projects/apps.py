from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "core.projects"
    label = "projects"
    verbose_name = _("Projets d'habitants")
