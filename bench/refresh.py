"""Indicator refresh of every residence: one Celery task per residence, drained by a real worker
with 1 then 2 processes (prefork). Times run from the first send to the last result."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from common import ROOT, table


def _months() -> list[str]:
    import datetime as dt

    from reporting.periods import month_start, previous_month

    this_month = month_start(dt.date.today())
    return [previous_month(this_month).isoformat(), this_month.isoformat()]


def _drain(residences, concurrency: int, timeout: float) -> tuple[float, float]:
    """(wall time from the worker's start to the last result, span of the workers' writes).

    Every task is queued before the worker starts, so the benchmark process sending 1,000
    messages never competes with the workers for the 2 cores; the span (first to last value
    written) leaves out the worker's start-up, which weighs on small runs.
    """
    from django.conf import settings
    from django.db.models import Max, Min
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from reporting.models import IndicatorValue
    from reporting.tasks import refresh_residence

    months = _months()
    since = timezone.now()
    results = []
    for residence in residences:
        with schema_context(residence.schema_name):
            results.append(refresh_residence.delay(months))
    node = f"bench-{os.getpid()}-{concurrency}@%h"
    started = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "apes_platform", "worker", "--pool", "prefork",
         "--concurrency", str(concurrency), "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", node,
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL,
    )
    try:
        for result in results:
            result.get(timeout=timeout)
        wall = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    written = IndicatorValue.objects.filter(computed_at__gte=since).aggregate(first=Min("computed_at"),
                                                                               last=Max("computed_at"))
    return wall, (written["last"] - written["first"]).total_seconds()


def _one_task(residences) -> tuple[float, int]:
    """(median ms, statements) of one small residence's refresh, in this process, no worker."""
    import datetime as dt
    from statistics import median

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.services import residence_indicators_refresh

    months = [dt.date.fromisoformat(m) for m in _months()]
    sample = [r for r in residences if r.slug.startswith("bench-0")][:50]
    times = []
    for residence in sample:
        started = time.perf_counter()
        residence_indicators_refresh(residence=residence, months=months)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as ctx:
        residence_indicators_refresh(residence=sample[0], months=months)
    return median(times) * 1000, len(ctx)


def run(fixture, *, timeout: float = 600) -> str:
    from statistics import median

    from reporting.models import IndicatorValue

    residences = fixture.residences
    _drain(residences, 2, timeout)  # warm-up: every value exists, each drain then updates the same rows
    runs = {1: [], 2: []}
    for concurrency in (1, 2, 1, 2):  # alternated, so drift in the machine's load hits both
        runs[concurrency].append(_drain(residences, concurrency, timeout))
    wall = {c: median(w for w, _ in r) for c, r in runs.items()}
    span = {c: median(s for _, s in r) for c, r in runs.items()}
    rows_written = IndicatorValue.objects.filter(residence__in=residences).count()
    task_ms, statements = _one_task(residences)
    n = len(residences)
    return f"Une résidence (20 habitant·es), dans le processus du banc : {task_ms:.0f} ms médiane sur 50, " \
        f"{statements} requêtes SQL.\n" + table(
        f"Rafraîchissement des indicateurs : {n} résidences, 2 mois, une tâche par résidence "
        f"({rows_written} valeurs en base ; médiane de 2 passes alternées par réglage, après une passe "
        "d'échauffement ; tâches en file avant le démarrage du worker)",
        ["processus worker", "durée s (démarrage du worker → dernier résultat)", "durée du travail s "
         "(première → dernière écriture)", "résidences/s", "projection 1 000 résidences", "cible"],
        [
            [1, f"{wall[1]:.1f}", f"{span[1]:.1f}", f"{n / wall[1]:.1f}", f"{wall[1] * 1000 / n / 60:.1f} min", ""],
            [2, f"{wall[2]:.1f}", f"{span[2]:.1f}", f"{n / wall[2]:.1f}", f"{wall[2] * 1000 / n / 60:.1f} min",
             "≤ 5 min"],
            ["ratio 1 / 2", f"{wall[1] / wall[2]:.2f}", f"{span[1] / span[2]:.2f}", "", "", "≥ 1,7"],
        ],
    )
