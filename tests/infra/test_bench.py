"""The benchmark suite still runs (a tiny run: 2 residences, the quick parts) and cleans up after itself."""
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.infra


def test_bench_smoke_run_prints_its_tables_and_drops_its_database():
    database = f"apes_bench_smoke_{settings.DATABASES['default']['NAME']}"[:63]
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--residences", "2", "--parts", "screens,provisioning,connections",
         "--rounds", "1", "--database", database],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "indépendant du nombre de lignes" in result.stdout
    assert "migrate / script" in result.stdout and "clone / script" in result.stdout
    assert "ÉCHEC" not in result.stdout
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres") as conn:
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is None
