#!/usr/bin/env bash
# Whole-database backup and restore (every schema: public and all residences).
#   bash infra/backup/db.sh dump    [file]   custom format (pg_dump -Fc), default backups/apes-<date>.dump
#   bash infra/backup/db.sh restore  file    into DATABASE_URL; the database must be empty or disposable
# DATABASE_URL defaults to the development database. See docs/operations.md.
set -euo pipefail
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/apes}"
cmd="${1:-}"
case "$cmd" in
  dump)
    out="${2:-backups/apes-$(date +%Y%m%d-%H%M%S).dump}"
    mkdir -p "$(dirname "$out")"
    pg_dump --format=custom --no-owner --file="$out" "$DATABASE_URL"
    pg_restore --list "$out" >/dev/null   # a dump that cannot be listed is not a backup
    echo "$out"
    ;;
  restore)
    file="${2:?usage: db.sh restore <file>}"
    # --clean --if-exists: replaces what exists; one transaction: all or nothing.
    pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error \
      --dbname="$DATABASE_URL" "$file"
    echo "restored $file"
    ;;
  *)
    echo "usage: db.sh dump [file] | db.sh restore <file>" >&2
    exit 2
    ;;
esac
