from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tenants.models import Landlord
from tenants.services import residence_create


class Command(BaseCommand):
    help = "Crée une résidence : schéma PostgreSQL migré et sous-domaine."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--landlord", required=True, help="nom court du bailleur")
        parser.add_argument("--address", required=True)
        parser.add_argument("--postcode", required=True)
        parser.add_argument("--city", required=True)
        parser.add_argument("--department", required=True)
        parser.add_argument("--dwellings", type=int, required=True)
        parser.add_argument("--qpv", action="store_true")

    def handle(self, *args, **options):
        try:
            landlord = Landlord.objects.get(short_name=options["landlord"])
        except Landlord.DoesNotExist as exc:
            raise CommandError(_("Bailleur inconnu : %(name)s") % {"name": options["landlord"]}) from exc
        try:
            result = residence_create(
                name=options["name"],
                slug=options["slug"],
                landlord=landlord,
                address=options["address"],
                postcode=options["postcode"],
                city=options["city"],
                department=options["department"],
                dwellings=options["dwellings"],
                is_priority_neighbourhood=options["qpv"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(_("%(label)s : %(value)s") % {"label": k, "value": " ".join(v)}
                                         for k, v in exc.message_dict.items())
                               if hasattr(exc, "error_dict") else " ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(
            _("Résidence créée : %(name)s → %(url)s (%(method)s, %(seconds).2f s)") % {
                "name": result.residence.name, "url": f"http://{result.domain}:8000/", "method": result.method,
                "seconds": result.seconds}
        ))
