from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reporting.docs import DOC_PATH, indicators_doc_update


class Command(BaseCommand):
    help = "Regenerate the catalogue table of docs/indicators.md from the code (--check: fail if stale)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only check that the page is up to date")

    def handle(self, *args, check, **options):
        path = Path(settings.BASE_DIR) / DOC_PATH
        current = path.read_text(encoding="utf-8")
        updated = indicators_doc_update(current)
        if check:
            if updated != current:
                raise CommandError(f"{DOC_PATH} est périmé : lancez manage.py indicators_doc")
            self.stdout.write(f"{DOC_PATH} est à jour.")
            return
        path.write_text(updated, encoding="utf-8")
        self.stdout.write(f"{DOC_PATH} régénéré.")
