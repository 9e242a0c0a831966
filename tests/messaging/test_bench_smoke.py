"""The sending benchmark still runs (a small run: 60 residents, 2 real Celery workers, the SMTP and Brevo
stubs): every recipient exactly once although the task is queued twice; its database is dropped after."""
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.worker


def test_messaging_bench_smoke_run():
    database = f"apes_bench_msg_smoke_{settings.DATABASES['default']['NAME']}"[:63]
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "messaging_send.py"), "--residents", "60", "--smoke",
         "--database", database],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "| e-mails reçus par le puits SMTP | 30 (attendus 30) |" in result.stdout
    assert "| SMS reçus par le stub Brevo | 24 (attendus 24) |" in result.stdout
    assert "| chaque destinataire exactement une fois (tâche relancée) | oui |" in result.stdout
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres") as conn:
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is None
