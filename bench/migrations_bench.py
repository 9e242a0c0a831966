"""An added field migrated across every residence: the standard executor (one schema after the
other, in this process), the multiprocessing executor (TENANT_MULTIPROCESSING_MAX_PROCESSES) and the
batched one (plan once on a pilot schema, replay its SQL in the others over 1 or
TENANT_MULTIPROCESSING_MAX_PROCESSES connections; tenants/batched_migrations.py)."""
from __future__ import annotations

import os
import subprocess
import sys

from common import ROOT, table

# In a fresh process, as at deploy time (a fork of this one, which holds Celery's threads, can hang).
TIMED = """
import sys, time, django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
call_command("migrate_schemas", "benchapp", sys.argv[1], tenant=True, executor=sys.argv[2], interactive=False,
             verbosity=0)
print(time.perf_counter() - started)
"""


def _migrate(target: str, executor: str, **env) -> float:
    result = subprocess.run([sys.executable, "-c", TIMED, target, executor], cwd=ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stderr[-3000:]
    return float(result.stdout.strip().splitlines()[-1])


def _schemas() -> int:
    from django.db import connection

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tenants_residence WHERE schema_name <> 'public'")
        return cursor.fetchone()[0]


def run(fixture) -> str:
    from django.conf import settings

    n = len(fixture.residences)
    schemas = _schemas()
    processes = settings.TENANT_MULTIPROCESSING_MAX_PROCESSES
    timings = {}
    for label, executor, env in [
        ("standard", "standard", {}),
        (f"multiprocessing ({processes} processus)", "multiprocessing", {}),
        ("batched, 1 connexion", "batched", {"MIGRATION_PROCESSES": "1"}),
        (f"batched ({processes} connexions)", "batched", {}),
    ]:
        _migrate("0001", "multiprocessing")  # back to the starting point, not timed
        timings[label] = _migrate("0002", executor, **env)
    standard = timings["standard"]
    rows = [
        [label, f"{seconds:.1f}", f"{seconds * 1000 / schemas:.1f} ms", f"{standard / seconds:.2f}",
         f"{seconds * 1000 / n:.0f} s", "≤ 60 s" if label.startswith("batched (") else ""]
        for label, seconds in timings.items()
    ]
    return table(
        f"Migration « champ ajouté » sur {n} résidences ({schemas} schémas de résidence dans la base)",
        ["exécuteur", "durée s", "par schéma", "standard / celui-ci", "projection 1 000 résidences", "cible"],
        rows,
    )
