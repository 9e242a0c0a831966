"""Provisioning a residence: recorded script vs tenant migrations vs template clone, side by side, with the bench's
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

    from tenants.models import Residence, SchemaScript
    from tenants.schema_script import migrations_fingerprint
    from tenants.services import residence_create

    present = Residence.objects.count()
    fields = dict(landlord=fixture.big.landlord, address="1 rue du Banc", postcode="75001", city="Paris",
                  department="75", dwellings=50)
    settings_for = {
        "script": dict(RESIDENCE_PROVISIONING="script", TENANT_CREATION_FAKES_MIGRATIONS=False),
        "migrate": dict(RESIDENCE_PROVISIONING="migrate", TENANT_CREATION_FAKES_MIGRATIONS=False),
        "clone": dict(RESIDENCE_PROVISIONING="clone", TENANT_BASE_SCHEMA="residence_template",
                      TENANT_CREATION_FAKES_MIGRATIONS=True),
    }

    def create_and_drop(method: str, slug: str) -> tuple[float, str]:
        with override_settings(**settings_for[method]):
            started = time.perf_counter()
            result = residence_create(name=slug, slug=slug, **fields)
            seconds = time.perf_counter() - started
        residence = Residence.objects.get(slug=slug)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{residence.schema_name}" CASCADE')
        residence.domains.all().delete()
        residence.delete()
        return seconds, result.method

    # The first creation after a change of migrations records the script (Django's migrate): timed apart.
    SchemaScript.objects.filter(fingerprint=migrations_fingerprint()).delete()
    recording, how = create_and_drop("script", "bench-new-recording")
    assert how == "migrate" and SchemaScript.objects.filter(fingerprint=migrations_fingerprint()).exists()
    methods = list(settings_for)
    timings: dict[str, list[float]] = {m: [] for m in methods}
    for round_ in range(rounds):
        for method in methods[round_ % 3:] + methods[:round_ % 3]:  # rotated, so load drift hits all three
            seconds, how = create_and_drop(method, f"bench-new-{method}-{round_}")
            assert how == method, (method, how)
            timings[method].append(seconds)
    rows = [[m, f"{median(v):.3f}", f"{percentile(v, 90):.3f}", f"{min(v):.3f}", "≤ 1 s"] for m, v in timings.items()]
    rows.append(["script, première création (enregistrement)", f"{recording:.3f}", "", "", ""])
    rows.append(["migrate / script", f"{median(timings['migrate']) / median(timings['script']):.2f}", "", "", ""])
    rows.append(["clone / script", f"{median(timings['clone']) / median(timings['script']):.2f}", "", "", ""])
    return table(
        f"Création d'une résidence avec {present} schémas présents ({rounds} créations par méthode, en rotation)",
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
