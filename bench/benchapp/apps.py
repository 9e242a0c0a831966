from django.apps import AppConfig


class BenchAppConfig(AppConfig):
    """A tenant app that exists only in the benchmark database: it carries the 'added field' migration."""

    name = "benchapp"
    default_auto_field = "django.db.models.BigAutoField"
