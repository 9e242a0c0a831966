from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenants.demo import demo_code


class Command(BaseCommand):
    help = "Affiche le code de double authentification des comptes de démonstration (développement seulement)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Réservé au développement (DEBUG) : les comptes de démonstration n'existent pas ailleurs.")
        self.stdout.write(demo_code())
