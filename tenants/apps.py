from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Résidences et comptes")

    def ready(self):
        # Bind shared tasks to our app (TenantTask, broker settings) in every process.
        from apes_platform.celery import app  # noqa: F401
        from tenants import connection_recycle, host_cache, signals  # noqa: F401
        # django-tenants finds executors among MigrationExecutor's subclasses: `--executor=batched`.
        from tenants import batched_migrations  # noqa: F401
        from apes_platform import api  # noqa: F401  (bounds every API date-time)
