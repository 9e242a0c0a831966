from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.services import template_schema_migrate

EXECUTORS = ["standard", "multiprocessing", "batched"]


class Command(BaseCommand):
    help = (
        "Migre tout : schéma public, schéma modèle des nouvelles résidences, puis chaque résidence. "
        "À utiliser au déploiement à la place de migrate_schemas seul."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--executor",
            choices=EXECUTORS,
            default=None,
            help=(
                "Exécuteur des migrations des résidences : « multiprocessing » migre plusieurs schémas "
                "en parallèle (TENANT_MULTIPROCESSING_MAX_PROCESSES processus) ; « batched » calcule le plan "
                "une fois, migre un schéma pilote avec Django puis rejoue son SQL dans les autres schémas "
                "(repli sur la migration standard quand ce n'est pas possible). Par défaut : "
                "TENANT_MIGRATION_EXECUTOR, sinon « standard »."
            ),
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        executor = options["executor"] or settings.TENANT_MIGRATION_EXECUTOR
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        # A plain migrate_schemas skips the template (not a tenant row): clones would come out stale.
        template_schema_migrate(verbosity=verbosity, executor=executor)
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity, executor=executor)
