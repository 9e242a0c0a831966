"""Check that PostgreSQL and Redis answer, and create the database if missing.

Stdlib + psycopg only, so it runs before Django is configured. On failure it
prints one line saying what to start, and exits 1: never a hang or a traceback.
"""
import os
import socket
import sys
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/apes"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def fail(message: str) -> None:
    print(f"ERREUR : {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    db = urlparse(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    redis = urlparse(os.environ.get("REDIS_URL", DEFAULT_REDIS_URL))
    db_host, db_port = db.hostname or "127.0.0.1", db.port or 5432
    redis_host, redis_port = redis.hostname or "127.0.0.1", redis.port or 6379
    if not reachable(db_host, db_port):
        fail(f"PostgreSQL ne répond pas sur {db_host}:{db_port} — démarrez-le "
             f"(ex. « pg_ctlcluster 15 main start ») ou réglez DATABASE_URL.")
    if not reachable(redis_host, redis_port):
        fail(f"Redis ne répond pas sur {redis_host}:{redis_port} — démarrez-le "
             f"(ex. « redis-server --daemonize yes ») ou réglez REDIS_URL.")
    if "--create-db" in sys.argv:
        import psycopg

        name = db.path.lstrip("/")
        try:
            with psycopg.connect(host=db_host, port=db_port, user=db.username or "postgres",
                                 password=db.password, dbname="postgres", autocommit=True, connect_timeout=5) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{name}"')
                    print(f"Base « {name} » créée.")
        except psycopg.Error as exc:
            fail(f"connexion à PostgreSQL refusée ({str(exc).strip().splitlines()[0]}) — vérifiez DATABASE_URL.")


if __name__ == "__main__":
    main()
