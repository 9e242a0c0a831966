"""The benchmark suite: every figure of docs/performance.md, measured side by side in one run.

    .venv/bin/python bench/run.py --residences 1000        # the issue's scale (residences: ~6 min once)
    .venv/bin/python bench/run.py --residences 100         # a quick run

Runs on its own database (apes_bench_<user> by default), creates the residences once and reuses
them for every part, prints one table per part, and drops the database at the end (--keep to
reuse it). The machine is shared: read ratios and query counts, not absolute times.
"""
from __future__ import annotations

import argparse
import getpass
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PARTS = ("routing", "screens", "load", "refresh", "provisioning", "migrations", "connections")


def run_part(part: str, fixture, args) -> tuple[str, bool]:
    if part == "routing":
        import routing

        return routing.run(fixture, requests=args.requests), True
    if part == "screens":
        import screens

        return screens.query_counts(fixture)
    if part == "load":
        import screens

        return screens.load(fixture, seconds=args.seconds), True
    if part == "refresh":
        import refresh

        return refresh.run(fixture), True
    if part == "provisioning":
        import provisioning

        return provisioning.run(fixture, rounds=args.rounds), True
    if part == "migrations":
        import migrations_bench

        return migrations_bench.run(fixture), True
    import connections as connections_bench

    return connections_bench.run(fixture), True


def main() -> int:
    parser = argparse.ArgumentParser(description="Particip'Actives benchmarks")
    parser.add_argument("--residences", type=int, default=1000)
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated subset of {', '.join(PARTS)}")
    parser.add_argument("--database", default=f"apes_bench_{getpass.getuser()}")
    parser.add_argument("--requests", type=int, default=200, help="routing: requests per mode and view")
    parser.add_argument("--seconds", type=int, default=8, help="load: seconds per screen")
    parser.add_argument("--rounds", type=int, default=6, help="provisioning: residences created per method")
    parser.add_argument("--keep", action="store_true", help="keep the bench database for the next run")
    args = parser.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")

    from common import drop_database, ensure_residences, load_average, setup_django
    from django.db import connection

    started = time.perf_counter()
    setup_django(args.database)
    failed = False
    try:
        fixture = ensure_residences(args.residences)
        print(f"# Banc de mesure : {len(fixture.residences)} résidences (base {args.database}, mise en place "
              f"{fixture.created_seconds:.0f} s, {load_average()})", flush=True)
        for part in parts:
            part_started = time.perf_counter()
            connection.set_schema_to_public()  # a part may leave the connection on a residence schema
            try:
                output, ok = run_part(part, fixture, args)
            except Exception:  # noqa: BLE001 - one broken part must not cost the others' figures
                output, ok = f"\n## {part} : ÉCHEC\n{traceback.format_exc()}", False
            failed |= not ok
            print(output)
            print(f"({part} : {time.perf_counter() - part_started:.0f} s, {load_average()})", flush=True)
    finally:
        if not args.keep:
            drop_database(args.database)
            print(f"\nBase {args.database} supprimée.")
    print(f"Durée totale : {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
