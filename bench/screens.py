"""Coordinator screens and API lists: query counts with few and many rows, then server time
under 10 concurrent clients against gunicorn on loopback.

To cover a new screen, add a line to SCREENS: a name and a function residence → path.
"""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import ROOT, host, percentile, session_cookie, table


def _an_activity(residence) -> int:
    from django_tenants.utils import schema_context

    from core.activities.models import Activity

    with schema_context(residence.schema_name):
        return Activity.objects.order_by("pk").values_list("pk", flat=True).first()


SCREENS = [
    ("accueil", lambda r: "/"),
    ("animations", lambda r: "/activites/"),
    ("habitants", lambda r: "/habitants/"),
    ("agenda (semaine)", lambda r: "/agenda/"),
    ("agenda (mois)", lambda r: "/agenda/?vue=mois"),
    ("séance (inscriptions)", lambda r: f"/activites/{_an_activity(r)}/"),
    ("feuille de présence", lambda r: f"/activites/{_an_activity(r)}/presences/"),
    ("feuille de présence, recherche", lambda r: f"/activites/{_an_activity(r)}/presences/?q=an"),
    ("API animations", lambda r: "/api/activities/"),
    ("API habitants", lambda r: "/api/residents/"),
]


def _row_count(residence) -> str:
    from django_tenants.utils import schema_context

    from core.activities.models import Activity
    from core.people.models import Resident

    with schema_context(residence.schema_name):
        return f"{Resident.objects.count()} hab. / {Activity.objects.count()} anim."


def query_counts(fixture) -> tuple[str, bool]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rows, stable = [], True
    for name, path_for in SCREENS:
        counts = []
        for residence in (fixture.small, fixture.big):
            client = Client(HTTP_HOST=host(residence), HTTP_COOKIE=session_cookie(fixture.coordinator, residence))
            path = path_for(residence)
            client.get(path)  # warm caches (host lookup, content types)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, (name, path, response.status_code)
            counts.append(len(captured.captured_queries))
        stable &= counts[0] == counts[1]
        rows.append([name, counts[0], counts[1], "oui" if counts[0] == counts[1] else "NON"])
    return table(
        f"Requêtes SQL par écran : {_row_count(fixture.small)} vs {_row_count(fixture.big)}",
        ["écran", "petite résidence", "grande résidence", "indépendant du nombre de lignes"], rows,
    ), stable


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wrk() -> str | None:
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], env=env,
                   capture_output=True)
    return shutil.which("wrk")


def _threads_load(port, hostname, path, cookie, *, clients, seconds) -> int:
    """Fallback load generator: `clients` threads, one keep-alive connection each (http.client)."""
    deadline = time.monotonic() + seconds
    done = []

    def client():
        count = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            conn.request("GET", path, headers={"Host": hostname, "Cookie": cookie})
            conn.getresponse().read()
            count += 1
        conn.close()
        done.append(count)

    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(client)
    return sum(done)


def load(fixture, *, seconds: int, clients: int = 10, workers: int = 2) -> str:
    residence = fixture.big
    hostname = host(residence)
    cookie = session_cookie(fixture.coordinator, residence)
    port = _free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"apes-bench-access-{port}.log"
    gunicorn = [sys.executable, "-m", "gunicorn", "apes_platform.wsgi:application", "--config",
                str(ROOT / "infra" / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--access-logfile", str(log), "--access-logformat", "%(D)s %(s)s %(U)s", "--log-level", "warning"]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env={**os.environ, "CONN_MAX_AGE": "60"})
    wrk = _wrk()
    rows = []
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        for name, path_for in SCREENS:
            path = path_for(residence)
            for _ in range(workers * 3):  # warm every worker
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Host": hostname, "Cookie": cookie})
                assert conn.getresponse().status == 200, (name, path)
                conn.close()
            log.write_text("")
            if wrk:
                subprocess.run([wrk, "-t2", f"-c{clients}", f"-d{seconds}s", "-H", f"Host: {hostname}",
                                "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"],
                               capture_output=True, check=True)
            else:
                _threads_load(port, hostname, path, cookie, clients=clients, seconds=seconds)
            time.sleep(0.5)
            lines = [line.split() for line in log.read_text().splitlines() if line.strip()]
            durations = [int(parts[0]) / 1000 for parts in lines if len(parts) >= 2]
            errors = sum(1 for parts in lines if len(parts) >= 2 and parts[1] != "200")
            rows.append([name, len(durations), f"{len(durations) / seconds:.0f}",
                         f"{percentile(durations, 50):.0f}", f"{percentile(durations, 95):.0f}", errors])
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.unlink(missing_ok=True)
    tool = "wrk" if wrk else "threads Python + http.client (wrk absent)"
    return table(
        f"Temps serveur sous charge : {clients} clients, {seconds} s par écran, gunicorn {workers} workers sur "
        f"127.0.0.1, générateur {tool}, {_row_count(residence)}",
        ["écran", "requêtes", "req/s", "p50 serveur ms", "p95 serveur ms", "erreurs"], rows,
    )
