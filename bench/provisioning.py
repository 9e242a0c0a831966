"""Provisioning a residence: tenant migrations vs template clone, side by side.

Runs on its own database (apes_bench by default), with N residences already there,
and prints the median and p90 of each method and their ratio.

    .venv/bin/python bench/provisioning.py --existing 50 --rounds 10
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--existing", type=int, default=50, help="residences already present")
    parser.add_argument("--rounds", type=int, default=8, help="provisionings per method")
    parser.add_argument("--database", default="apes_bench")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apes_platform.settings")
    import subprocess

    subprocess.run([sys.executable, str(ROOT / "infra/services.py"), "--create-db"], check=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from tenants.models import Landlord, Residence
    from tenants.services import residence_create

    call_command("platform_migrate", verbosity=0)
    landlord, _ = Landlord.objects.get_or_create(short_name="Bench", defaults={"name": "Bailleur de mesure"})
    fields = dict(landlord=landlord, address="1 rue du Banc", postcode="75001", city="Paris", department="75",
                  dwellings=50)

    existing = Residence.objects.filter(slug__startswith="bench-existing-").count()
    if existing < args.existing:
        print(f"Creating {args.existing - existing} residences (template clone)…", flush=True)
        with override_settings(RESIDENCE_PROVISIONING="clone", TENANT_BASE_SCHEMA="residence_template",
                               TENANT_CREATION_FAKES_MIGRATIONS=True):
            for i in range(existing, args.existing):
                residence_create(name=f"Existante {i}", slug=f"bench-existing-{i}", **fields)

    timings: dict[str, list[float]] = {"migrate": [], "clone": []}
    settings_for = {
        "migrate": dict(RESIDENCE_PROVISIONING="migrate", TENANT_CREATION_FAKES_MIGRATIONS=False),
        "clone": dict(RESIDENCE_PROVISIONING="clone", TENANT_BASE_SCHEMA="residence_template",
                      TENANT_CREATION_FAKES_MIGRATIONS=True),
    }
    for round_ in range(args.rounds):
        for method in ("migrate", "clone") if round_ % 2 == 0 else ("clone", "migrate"):
            slug = f"bench-new-{method}-{round_}"
            with override_settings(**settings_for[method]):
                started = time.perf_counter()
                residence_create(name=slug, slug=slug, **fields)
                timings[method].append(time.perf_counter() - started)
            residence = Residence.objects.get(slug=slug)
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA "{residence.schema_name}" CASCADE')
            residence.domains.all().delete()
            residence.delete()

    def p90(values):
        return sorted(values)[max(0, int(len(values) * 0.9) - 1)]

    print(f"\nProvisioning with {args.existing} residences present, {args.rounds} rounds each")
    print(f"{'method':<10}{'median s':>10}{'p90 s':>10}")
    for method, values in timings.items():
        print(f"{method:<10}{statistics.median(values):>10.3f}{p90(values):>10.3f}")
    ratio = statistics.median(timings["clone"]) / statistics.median(timings["migrate"])
    print(f"clone / migrate median ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
