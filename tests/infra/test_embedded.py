"""The embedded default of `dev.sh up|test` (infra/services.py, infra/embedded.py).

The servers here run in a folder of their own (APES_EMBEDDED_DIR) on ports of their own, beside
whatever the suite itself runs on; the real local servers are never stopped.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "infra" / "services.py"
EMBEDDED = ROOT / "infra" / "embedded.py"

pytestmark = pytest.mark.infra


def closed_port() -> int:
    for port in range(20100, 20200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return port
    raise AssertionError("no closed port")


def free_ports(count: int, start: int) -> list[int]:
    ports = []
    for port in range(start, 32768):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            ports.append(port)
            if len(ports) == count:
                return ports
    raise AssertionError("no free ports")


def run(script: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run([sys.executable, str(script), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**clean, **env})


@pytest.fixture
def embedded_home():
    """A throw-away embedded folder inside the checkout (its parents are traversable by `nobody`)."""
    home = ROOT / "var" / f"test-embedded-{os.getpid()}"
    pg_port, redis_port = free_ports(2, 27000)
    env = {"APES_EMBEDDED_DIR": str(home), "APES_EMBEDDED_PG_PORT": str(pg_port),
           "APES_EMBEDDED_REDIS_PORT": str(redis_port)}
    yield home, env, pg_port, redis_port
    run(EMBEDDED, "stop", env=env)
    shutil.rmtree(home, ignore_errors=True)


def test_a_set_variable_that_does_not_answer_stops_with_one_line():
    port = closed_port()
    result = run(SERVICES, env={"DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/apes"})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"ERREUR : PostgreSQL ne répond pas sur 127.0.0.1:{port} (réglé par DATABASE_URL) — démarrez-le, "
        f"ou retirez DATABASE_URL pour utiliser le serveur local ou embarqué.")


def test_answering_local_servers_are_used_and_said(tmp_path, settings):
    db = settings.DATABASES["default"]
    from apes_platform.settings import REDIS_URL

    redis = REDIS_URL.rsplit(":", 1)[1].split("/")[0]
    env_file = tmp_path / "env"
    result = run(SERVICES, "--env-file", str(env_file),
                 env={"APES_DEFAULT_PG_PORT": str(db["PORT"] or 5432), "APES_DEFAULT_REDIS_PORT": redis})
    assert result.returncode == 0, result.stderr
    assert f"PostgreSQL : local (127.0.0.1:{db['PORT'] or 5432})" in result.stdout
    assert f"Redis : local (127.0.0.1:{redis})" in result.stdout
    assert "APES_EMBEDDED_OWNER=\n" in env_file.read_text()


def test_nothing_answering_starts_the_embedded_servers_once_and_the_last_owner_stops_them(tmp_path, embedded_home):
    home, env, pg_port, redis_port = embedded_home
    port = closed_port()
    env = {**env, "APES_DEFAULT_PG_PORT": str(port), "APES_DEFAULT_REDIS_PORT": str(port)}
    other_owner = subprocess.Popen(["sleep", "300"])
    try:
        first = run(SERVICES, "--create-db", "--owner", str(os.getpid()), "--env-file", str(tmp_path / "a"), env=env)
        assert first.returncode == 0, first.stderr
        assert f"PostgreSQL : embarqué PostgreSQL 18 (127.0.0.1:{pg_port}" in first.stdout
        assert f"rien ne répond sur 127.0.0.1:{port}" in first.stdout
        assert f"Redis : embarqué Valkey (127.0.0.1:{redis_port}" in first.stdout
        exported = (tmp_path / "a").read_text()
        assert f"DATABASE_URL=postgres://postgres@127.0.0.1:{pg_port}/apes" in exported

        # btree_gist (contrib) is there; the database `apes` was created.
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{pg_port}/apes", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            assert conn.info.server_version // 10000 == 18
        postmaster = int((home / "postgres" / "data" / "postmaster.pid").read_text().split()[0])
        if os.geteuid() == 0:
            assert (home / "postgres").stat().st_uid != 0  # PostgreSQL runs unprivileged

        # A second run while the first one holds them: the same servers, not a second postmaster.
        second = run(SERVICES, "--owner", str(other_owner.pid), "--env-file", str(tmp_path / "b"), env=env)
        assert second.returncode == 0, second.stderr
        assert int((home / "postgres" / "data" / "postmaster.pid").read_text().split()[0]) == postmaster
        status = json.loads(run(EMBEDDED, "status", env=env).stdout)
        assert sorted(status["owners"]) == sorted([os.getpid(), other_owner.pid])

        # Redis data survives a restart of Valkey (snapshots on).
        send(redis_port, b"*3\r\n$3\r\nSET\r\n$5\r\napes1\r\n$2\r\nok\r\n")

        # The first owner leaves: the other still uses them.
        assert run(EMBEDDED, "release", "--owner", str(os.getpid()), env=env).stdout == ""
        assert json.loads(run(EMBEDDED, "status", env=env).stdout)["postgres"]["running"]
        # The last one leaves: both stop.
        left = run(EMBEDDED, "release", "--owner", str(other_owner.pid), env=env)
        assert "Serveurs embarqués arrêtés : PostgreSQL, Valkey." in left.stdout
        status = json.loads(run(EMBEDDED, "status", env=env).stdout)
        assert not status["postgres"]["running"] and not status["valkey"]["running"]
        assert not (home / "urls.env").exists()

        again = run(SERVICES, "--owner", str(other_owner.pid), "--env-file", str(tmp_path / "c"), env=env)
        assert again.returncode == 0, again.stderr
        assert send(redis_port, b"*2\r\n$3\r\nGET\r\n$5\r\napes1\r\n") == b"$2\r\nok\r\n"

        # Reset: refused while a dev.sh uses them, then stops both and deletes their data.
        refused = run(EMBEDDED, "reset", env=env)
        assert refused.returncode == 1 and f"encore utilisés par dev.sh (pid {other_owner.pid})" in refused.stderr
        other_owner.kill()
        other_owner.wait()
        reset = run(EMBEDDED, "reset", env=env)
        assert reset.returncode == 0, reset.stderr
        assert not home.exists() and not answers(redis_port)
    finally:
        other_owner.kill()
        other_owner.wait()


def answers(port: int) -> bool:
    """True while something still answers on the port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def send(port: int, command: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(command)
        return sock.recv(256)
