from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reporting.services import residence_backfill
from tenants.models import Residence


class Command(BaseCommand):
    help = "Recompute a residence's whole indicator history: every month since its first record."

    def add_arguments(self, parser):
        parser.add_argument("--residence", required=True, help="slug of the residence, e.g. les-tilleuls")

    def handle(self, *args, residence, **options):
        found = Residence.objects.filter(slug=residence).first()
        if found is None:
            raise CommandError(_("Aucune résidence « %(slug)s ».") % {"slug": residence})
        run = residence_backfill(residence=found)
        first, last = run.months
        if run.errors:
            raise CommandError(_("%(slug)s : échec de la reprise (%(error)s)") % {"slug": found.slug, "error": run.error_log.strip()})
        self.stdout.write(_("%(slug)s : indicateurs recalculés de %(first)s à %(last)s.") % {
            "slug": found.slug, "first": first[:7], "last": last[:7]})
