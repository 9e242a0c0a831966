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


def _drain(residences, concurrency: int, timeout: float) -> float:
    from django.conf import settings
    from django_tenants.utils import schema_context

    from apes_platform.celery import app
    from reporting.tasks import refresh_residence

    node = f"bench-{os.getpid()}-{concurrency}@%h"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "apes_platform", "worker", "--pool", "prefork",
         "--concurrency", str(concurrency), "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", node,
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0) and time.monotonic() < deadline:
            time.sleep(0.5)
        months = _months()
        started = time.perf_counter()
        results = []
        for residence in residences:
            with schema_context(residence.schema_name):
                results.append(refresh_residence.delay(months))
        for result in results:
            result.get(timeout=timeout)
        return time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def run(fixture, *, timeout: float = 600) -> str:
    from reporting.models import IndicatorValue

    residences = fixture.residences
    one = _drain(residences, 1, timeout)
    two = _drain(residences, 2, timeout)
    rows_written = IndicatorValue.objects.filter(residence__in=residences).count()
    n = len(residences)
    return table(
        f"Rafraîchissement des indicateurs : {n} résidences, 2 mois, une tâche par résidence "
        f"({rows_written} valeurs en base)",
        ["processus worker", "durée s", "résidences/s", "projection 1 000 résidences", "cible"],
        [
            [1, f"{one:.1f}", f"{n / one:.1f}", f"{one * 1000 / n / 60:.1f} min", ""],
            [2, f"{two:.1f}", f"{n / two:.1f}", f"{two * 1000 / n / 60:.1f} min", "≤ 5 min"],
            ["ratio 1 / 2", f"{one / two:.2f}", "", "", "≥ 1,7"],
        ],
    )
