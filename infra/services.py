"""Decide which PostgreSQL and Redis `dev.sh up|test` use, start the embedded ones if needed.

For each of the two: the environment variable (DATABASE_URL, REDIS_URL) when set, and it must
answer; else the local default when it answers (127.0.0.1:5432, 127.0.0.1:6379); else the
embedded server (infra/embedded.py, data under var/embedded/). One line per service says which.

    python infra/services.py [--create-db] [--owner PID --env-file FILE]

--owner: the `dev.sh` process that uses the embedded servers (they stop when it ends);
--env-file: where to write the `export …` lines of the chosen URLs, for dev.sh to source.
APES_DEFAULT_PG_PORT / APES_DEFAULT_REDIS_PORT move the local defaults (CI points them at closed
ports to exercise the embedded path while the real servers keep running).

Stdlib + psycopg only (and the embedded packages when needed), so it runs before Django is
configured. On failure it prints one line saying what to do, and exits 1: never a hang or a traceback.
"""
from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_PG_PORT = int(os.environ.get("APES_DEFAULT_PG_PORT") or 5432)
DEFAULT_REDIS_PORT = int(os.environ.get("APES_DEFAULT_REDIS_PORT") or 6379)
DEFAULT_DATABASE_URL = f"postgres://postgres@127.0.0.1:{DEFAULT_PG_PORT}/apes"
DEFAULT_REDIS_URL = f"redis://127.0.0.1:{DEFAULT_REDIS_PORT}/0"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def fail(message: str) -> None:
    print(f"ERREUR : {message}", file=sys.stderr)
    sys.exit(1)


def where(url) -> str:
    return f"{url.hostname or '127.0.0.1'}:{url.port}"


def create_database(url: str) -> None:
    import psycopg

    db = urlparse(url)
    name = db.path.lstrip("/")
    try:
        with psycopg.connect(host=db.hostname or "127.0.0.1", port=db.port or 5432, user=db.username or "postgres",
                             password=db.password, dbname="postgres", autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
                print(f"Base « {name} » créée.")
    except psycopg.Error as exc:
        fail(f"connexion à PostgreSQL refusée ({str(exc).strip().splitlines()[0]}) — vérifiez DATABASE_URL.")


def choose(env_name: str, default: str, label: str, default_port: int) -> tuple[str | None, str]:
    """(URL, how) — URL None means: use the embedded server."""
    if os.environ.get(env_name):
        url = urlparse(os.environ[env_name])
        host, port = url.hostname or "127.0.0.1", url.port or default_port
        if not reachable(host, port):
            fail(f"{label} ne répond pas sur {host}:{port} (réglé par {env_name}) — démarrez-le, "
                 f"ou retirez {env_name} pour utiliser le serveur local ou embarqué.")
        return os.environ[env_name], f"{env_name} ({host}:{port})"
    url = urlparse(default)
    if reachable(url.hostname, url.port):
        return default, f"local ({where(url)})"
    return None, f"rien ne répond sur {where(url)}"


def main(argv: list[str]) -> None:
    owner = int(argv[argv.index("--owner") + 1]) if "--owner" in argv else os.getppid()
    env_file = Path(argv[argv.index("--env-file") + 1]) if "--env-file" in argv else None
    db_url, db_how = choose("DATABASE_URL", DEFAULT_DATABASE_URL, "PostgreSQL", 5432)
    redis_url, redis_how = choose("REDIS_URL", DEFAULT_REDIS_URL, "Redis", 6379)
    embedded_urls: dict[str, str] = {}
    if db_url is None or redis_url is None:
        try:
            import embedded
        except ImportError as exc:  # the packages come with the dev dependencies (dev.sh installs them)
            fail(f"serveurs embarqués indisponibles ({exc}) — installez les dépendances (bash infra/dev.sh up) "
                 f"ou démarrez PostgreSQL et Redis.")
        try:
            embedded_urls = embedded.acquire(owner, postgres=db_url is None, redis=redis_url is None)
        except (embedded.EmbeddedError, OSError, subprocess.SubprocessError) as exc:
            try:  # leave nothing half-started behind (unless another dev.sh uses it)
                embedded.release(owner)
            except (embedded.EmbeddedError, OSError):
                pass
            fail(f"serveur embarqué : {exc}")
        if db_url is None:
            db_url = embedded_urls["DATABASE_URL"]
            db_how = (f"embarqué PostgreSQL {embedded.pg_major()} ({where(urlparse(db_url))}, données "
                      f"{embedded.shown(embedded.PG_DATA)}) — {db_how}")
            embedded.pg_create_database(urlparse(db_url).port, urlparse(db_url).path.lstrip("/"))
        if redis_url is None:
            redis_url = embedded_urls["REDIS_URL"]
            redis_how = (f"embarqué Valkey ({where(urlparse(redis_url))}, données "
                         f"{embedded.shown(embedded.VK_DIR)}) — {redis_how}")
    print(f"PostgreSQL : {db_how} · base « {urlparse(db_url).path.lstrip('/')} »")
    print(f"Redis : {redis_how}")
    if "--create-db" in argv:
        create_database(db_url)
    if env_file:
        lines = [f"export DATABASE_URL={shlex.quote(db_url)}", f"export REDIS_URL={shlex.quote(redis_url)}"]
        lines.append(f"export APES_EMBEDDED_OWNER={owner if embedded_urls else ''}")
        env_file.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
