"""Erase the contacts of refused applications past their retention (run nightly by Celery beat)."""
from django.core.management.base import BaseCommand

from network.calls.services import refused_applications_purge


class Command(BaseCommand):
    help = "Anonymise refused and ineligible landlords' call applications past LANDLORD_CALL_REFUSED_RETENTION_DAYS."

    def handle(self, *args, **options):
        count = refused_applications_purge()
        self.stdout.write(f"{count}")
