"""An added field migrated across every residence: the standard executor (one schema after the
other, in this process) vs the multiprocessing executor (TENANT_MULTIPROCESSING_MAX_PROCESSES)."""
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


def _migrate(target: str, executor: str) -> float:
    result = subprocess.run([sys.executable, "-c", TIMED, target, executor], cwd=ROOT, env=os.environ.copy(),
                            capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stderr[-3000:]
    return float(result.stdout.strip().splitlines()[-1])


def run(fixture) -> str:
    from django.conf import settings

    n = len(fixture.residences)
    _migrate("0001", "multiprocessing")  # starting point, not timed
    standard = _migrate("0002", "standard")
    _migrate("0001", "multiprocessing")
    parallel = _migrate("0002", "multiprocessing")
    processes = settings.TENANT_MULTIPROCESSING_MAX_PROCESSES
    return table(
        f"Migration « champ ajouté » sur {n} résidences (+ tous les schémas existants de la base)",
        ["exécuteur", "durée s", "projection 1 000 résidences", "cible"],
        [
            ["standard", f"{standard:.1f}", f"{standard * 1000 / n:.0f} s", ""],
            [f"multiprocessing ({processes} processus)", f"{parallel:.1f}", f"{parallel * 1000 / n:.0f} s", "≤ 60 s"],
            ["ratio", f"{standard / parallel:.2f}", "", ""],
        ],
    )
