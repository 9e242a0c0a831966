"""Where PostgreSQL and Redis are: one rule for the settings and the scripts that run before Django.

The variable (DATABASE_URL, REDIS_URL) when set; else, while a `dev.sh up|test` of this checkout
keeps the embedded servers up (infra/embedded.py lists their URLs in var/embedded/urls.env), theirs;
else the local development default. Stdlib only: importing it configures nothing.
"""
import os
from pathlib import Path

DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/apes",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
EMBEDDED_URLS = Path(__file__).resolve().parent.parent / "var" / "embedded" / "urls.env"


def configured_url(name: str) -> str:
    if name in os.environ:
        return os.environ[name]
    try:
        started = dict(line.split("=", 1) for line in EMBEDDED_URLS.read_text().splitlines() if "=" in line)
    except OSError:
        return DEFAULTS[name]
    return started.get(name, DEFAULTS[name])
