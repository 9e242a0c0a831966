"""Every benchmark still runs as its docstring says, from the repository root (a tiny smoke run of
each), on the configured database server, and cleans up after itself."""
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.conftest import ResidenceSpec, ensure_residence

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.infra


def server_connection(dbname: str = "postgres"):
    """The server the tests run on (whatever DATABASE_URL, the embedded server or the default says)."""
    db = settings.DATABASES["default"]
    return psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
                           dbname=dbname, autocommit=True)


def database_exists(name: str) -> bool:
    with server_connection() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def run_script(*args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """`.venv/bin/python bench/…` as the docs write it: from the repository root, bench/ as the script's folder."""
    result = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, **(env or {})})
    assert "No module named" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def bench_database(kind: str) -> str:
    return f"apes_bench_{kind}_{settings.DATABASES['default']['NAME']}"[:63]


def test_bench_smoke_run_prints_its_tables_and_drops_its_database():
    database = bench_database("smoke")
    result = run_script("bench/run.py", "--residences", "2", "--parts", "screens,provisioning,connections",
                        "--rounds", "1", "--database", database)
    assert "indépendant du nombre de lignes" in result.stdout
    assert "migrate / script" in result.stdout and "clone / script" in result.stdout
    assert "ÉCHEC" not in result.stdout
    assert not database_exists(database)


def test_provisioning_bench_runs_alone_and_drops_its_database():
    database = bench_database("prov")
    result = run_script("bench/provisioning.py", "--residences", "1", "--rounds", "1", "--database", database)
    assert "migrate / script" in result.stdout and "clone / script" in result.stdout
    assert not database_exists(database)


def test_reporting_pages_bench_measures_every_page():
    database = bench_database("pages")
    try:
        result = run_script("bench/reporting_pages.py", "--residences", "3", "--months", "2", "--indicators", "3",
                            "--landlords", "2", "--rounds", "1", "--database", database)
    finally:
        with server_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    for page in ("head-office comparison", "landlord page", "head-office trends", "residence profile",
                 "first request after a refresh"):
        assert page in result.stdout, (page, result.stdout[-2000:])


@pytest.mark.django_db(transaction=True)
def test_reports_bench_times_a_residence_and_a_landlord_report():
    """bench/reports.py imports `reporting.reports` (a bench/reporting.py once shadowed the app) and
    times the report of the demo residence and of its landlord, here on the test database."""
    ensure_residence(ResidenceSpec("Les Tilleuls (démo)", "les-tilleuls", "Seqens", "Saint-Denis", "93", "93200"))
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    # Smoke mode: one run of this tree only (the side-by-side base worktree is the benchmark's job).
    result = run_script("bench/reports.py", "--runs", "1", "--no-base",
                        env={"DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-only-secret-key",
                             "CACHE_URL": settings.CACHES["default"]["LOCATION"]})
    rows = {line.split()[0] + " " + line.split()[1]: line for line in result.stdout.splitlines()[2:] if line.strip()}
    assert set(rows) == {"residence les-tilleuls", "landlord Seqens"}, result.stdout
    for line in rows.values():
        pages = int(line.split(" p,")[0].rsplit(" ", 1)[1])
        assert pages >= 1, line
