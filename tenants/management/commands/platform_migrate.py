from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.services import template_schema_migrate


class Command(BaseCommand):
    help = (
        "Migre tout : schéma public, schéma modèle des nouvelles résidences, puis chaque résidence. "
        "À utiliser au déploiement à la place de migrate_schemas seul."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        # A plain migrate_schemas skips the template (not a tenant row): clones would come out stale.
        template_schema_migrate(verbosity=verbosity)
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
