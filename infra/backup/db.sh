#!/usr/bin/env bash
# Whole-database backup and restore (every schema: public and all residences).
#   bash infra/backup/db.sh dump    [file]   custom format (pg_dump -Fc), default backups/apes-<date>.dump
#   bash infra/backup/db.sh restore  file    into DATABASE_URL; the database must be empty or disposable
# DATABASE_URL defaults to the development database. See docs/operations.md.
# pg_dump / pg_restore are those of the server's major version (infra/backup/pg_tools.py).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="${PYTHON:-$HERE/../../.venv/bin/python}"
[ -x "$PY" ] || PY="python3"
# The configured database: DATABASE_URL, else the embedded server of a running dev.sh, else the default.
DATABASE_URL="${DATABASE_URL:-$("$PY" -c 'from apes_platform.service_urls import configured_url; print(configured_url("DATABASE_URL"))' 2>/dev/null || echo postgres://postgres@127.0.0.1:5432/apes)}"
pg_tool() { "$PY" "$HERE/pg_tools.py" "$1" "$DATABASE_URL"; }
cmd="${1:-}"
case "$cmd" in
  dump)
    out="${2:-backups/apes-$(date +%Y%m%d-%H%M%S).dump}"
    mkdir -p "$(dirname "$out")"
    PG_DUMP="$(pg_tool pg_dump)"
    PG_RESTORE="$(pg_tool pg_restore)"
    "$PG_DUMP" --format=custom --no-owner --file="$out" "$DATABASE_URL"
    "$PG_RESTORE" --list "$out" >/dev/null   # a dump that cannot be listed is not a backup
    echo "$out"
    ;;
  restore)
    file="${2:?usage: db.sh restore <file>}"
    PG_RESTORE="$(pg_tool pg_restore)"
    # --clean --if-exists: replaces what exists; one transaction: all or nothing.
    "$PG_RESTORE" --clean --if-exists --no-owner --single-transaction --exit-on-error \
      --dbname="$DATABASE_URL" "$file"
    echo "restored $file"
    ;;
  *)
    echo "usage: db.sh dump [file] | db.sh restore <file>" >&2
    exit 2
    ;;
esac
