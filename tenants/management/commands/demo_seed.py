from django.conf import settings
from django.core.management.base import BaseCommand

from tenants.demo import DEMO_PASSWORD, demo_exists, demo_load
from tenants.models import Domain, Residence, User


class Command(BaseCommand):
    help = ("Charge les données de démonstration (une seule fois ; sans effet si elles existent), "
            "puis affiche les comptes de démonstration et l'adresse de chaque résidence.")

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write("Données de démonstration déjà présentes.")
        else:
            self.stdout.write("Chargement des données de démonstration…")
            demo_load(stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS("Démo prête."))
        # Printed on every run, from the database: what the server about to start really answers.
        port = options["port"]
        hosts = {d.tenant_id: d.domain for d in Domain.objects.filter(is_primary=True)}
        bare = f"http://{settings.BASE_DOMAIN}:{port}/"
        self.stdout.write(f"Comptes de démonstration (mot de passe de tous : {DEMO_PASSWORD}) :")
        order = [User.Role.HEAD_OFFICE, User.Role.LANDLORD_VIEWER, User.Role.COORDINATOR]
        demo_users = sorted(User.objects.filter(email__endswith="@lapes.demo").prefetch_related("memberships"),
                            key=lambda u: (order.index(u.role) if u.role in order else len(order), u.email))
        for user in demo_users:
            if user.role == User.Role.COORDINATOR:
                places = [f"http://{hosts[m.residence_id]}:{port}/" for m in user.memberships.all()
                          if m.residence_id in hosts]
            else:
                places = [bare]
            self.stdout.write(f"  {user.get_role_display():<22} {user.email:<34} {', '.join(sorted(places))}")
        self.stdout.write("Résidences :")
        for residence in Residence.objects.order_by("name"):
            if residence.pk in hosts:
                self.stdout.write(f"  {residence.name:<30} http://{hosts[residence.pk]}:{port}/")
