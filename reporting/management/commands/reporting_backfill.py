from django.core.management.base import BaseCommand, CommandError

from reporting.services import residence_backfill
from tenants.models import Residence


class Command(BaseCommand):
    help = "Recompute a residence's whole indicator history: every month since its first record."

    def add_arguments(self, parser):
        parser.add_argument("--residence", required=True, help="slug of the residence, e.g. les-tilleuls")

    def handle(self, *args, residence, **options):
        found = Residence.objects.filter(slug=residence).first()
        if found is None:
            raise CommandError(f"Aucune résidence « {residence} ».")
        run = residence_backfill(residence=found)
        first, last = run.months
        if run.errors:
            raise CommandError(f"{found.slug} : échec de la reprise ({run.error_log.strip()})")
        self.stdout.write(f"{found.slug} : indicateurs recalculés de {first[:7]} à {last[:7]}.")
