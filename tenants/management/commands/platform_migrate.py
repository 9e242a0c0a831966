from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.services import template_schema_migrate


class Command(BaseCommand):
    help = (
        "Migre tout : schéma public, schéma modèle des nouvelles résidences, puis chaque résidence. "
        "À utiliser au déploiement à la place de migrate_schemas seul."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--executor",
            choices=["standard", "multiprocessing"],
            default=None,
            help=(
                "Exécuteur des migrations des résidences : « multiprocessing » migre plusieurs schémas "
                "en parallèle (TENANT_MULTIPROCESSING_MAX_PROCESSES processus). Par défaut : "
                "TENANT_MIGRATION_EXECUTOR, sinon « standard »."
            ),
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        # A plain migrate_schemas skips the template (not a tenant row): clones would come out stale.
        template_schema_migrate(verbosity=verbosity)
        tenant_options = {"executor": options["executor"]} if options["executor"] else {}
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity, **tenant_options)
