from django.core.management.base import BaseCommand

from tenants.demo import DEMO_PASSWORD, demo_exists, demo_load


class Command(BaseCommand):
    help = "Charge les données de démonstration (une seule fois ; sans effet si elles existent)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write("Données de démonstration déjà présentes.")
            return
        self.stdout.write("Chargement des données de démonstration…")
        logins = demo_load(stdout=self.stdout)
        port = options["port"]
        self.stdout.write(self.style.SUCCESS(f"Démo prête. Mot de passe de tous les comptes : {DEMO_PASSWORD}"))
        for login in logins:
            self.stdout.write(f"  {login.role:<20} {login.email:<34} http://{login.where}:{port}/")
