"""Provisioning a residence: tenant migrations vs template clone, side by side, with the bench's
residences already present (part of bench/run.py; also runs alone).

    .venv/bin/python bench/provisioning.py --residences 50 --rounds 8
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import median, percentile, table  # noqa: E402


def run(fixture, *, rounds: int) -> str:
    from django.db import connection
    from django.test import override_settings

    from tenants.models import Residence
    from tenants.services import residence_create

    present = Residence.objects.count()
    fields = dict(landlord=fixture.big.landlord, address="1 rue du Banc", postcode="75001", city="Paris",
                  department="75", dwellings=50)
    settings_for = {
        "migrate": dict(RESIDENCE_PROVISIONING="migrate", TENANT_CREATION_FAKES_MIGRATIONS=False),
        "clone": dict(RESIDENCE_PROVISIONING="clone", TENANT_BASE_SCHEMA="residence_template",
                      TENANT_CREATION_FAKES_MIGRATIONS=True),
    }
    timings: dict[str, list[float]] = {"migrate": [], "clone": []}
    for round_ in range(rounds):
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
    ratio = median(timings["clone"]) / median(timings["migrate"])
    rows = [[m, f"{median(v):.3f}", f"{percentile(v, 90):.3f}", f"{min(v):.3f}", "≤ 1 s"] for m, v in timings.items()]
    rows.append(["clone / migrate", f"{ratio:.2f}", "", "", ""])
    return table(
        f"Création d'une résidence avec {present} schémas présents ({rounds} créations par méthode, alternées)",
        ["méthode", "médiane s", "p90 s", "min s", "cible"], rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residences", type=int, default=50, help="residences already present")
    parser.add_argument("--rounds", type=int, default=8, help="provisionings per method")
    parser.add_argument("--database", default="apes_bench_provisioning")
    parser.add_argument("--keep", action="store_true", help="keep the bench database for the next run")
    args = parser.parse_args()

    from common import drop_database, ensure_residences, setup_django

    setup_django(args.database)
    try:
        print(run(ensure_residences(args.residences), rounds=args.rounds))
    finally:
        if not args.keep:
            drop_database(args.database)


if __name__ == "__main__":
    main()
