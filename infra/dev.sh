#!/usr/bin/env bash
# Two commands for a fresh machine (see README.md):
#   bash infra/dev.sh up     set up, migrate, load demo data, run web + worker + beat
#   bash infra/dev.sh test   set up and run the whole test suite
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
LOCK="infra/requirements.lock"

ensure_venv() {
  if [ ! -x "$PY" ]; then
    local base
    base="$(command -v python3.11 || command -v python3)"
    "$base" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
      || { echo "ERREUR : Python 3.11 est requis (trouvé : $("$base" --version))." >&2; exit 1; }
    "$base" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed" want
  want="$(cat "$LOCK" pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installation des dépendances…"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$LOCK"
    "$PY" -m pip install --quiet --disable-pip-version-check --no-deps -e .
    echo "$want" > "$stamp"
  fi
}

# Browser tests drive Debian's Chromium (no browser download from the internet).
ensure_chromium() {
  local bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$bin" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installation de Chromium (tests dans le navigateur)…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core >/dev/null; }
  else
    echo "ERREUR : Chromium est requis pour les tests navigateur : sudo apt-get install chromium" >&2
    exit 1
  fi
}

# Front-end libraries (Chart.js…) from the npm registry, pinned by package-lock.json.
ensure_assets() {
  local dir="infra/assets" stamp="infra/assets/node_modules/.installed" want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    command -v npm >/dev/null || { echo "ERREUR : npm (Node.js) est requis pour les fichiers statiques : sudo apt-get install npm" >&2; exit 1; }
    echo "Installation des bibliothèques front-end (npm)…"
    npm ci --prefix "$dir" --no-audit --no-fund --silent
    echo "$want" > "$stamp"
  fi
}

# PostgreSQL and Redis: DATABASE_URL / REDIS_URL when set, else the local servers when they answer,
# else the embedded ones (infra/embedded.py, data under var/embedded/), stopped when this script ends
# unless another dev.sh of this checkout still uses them. One line says which is used.
use_services() {
  local env_file
  mkdir -p var
  env_file="$(mktemp "${TMPDIR:-/tmp}/apes-services.XXXXXX")"
  "$PY" infra/services.py "$@" --owner $$ --env-file "$env_file" || { rm -f "$env_file"; exit 1; }
  # shellcheck disable=SC1090
  . "$env_file"
  rm -f "$env_file"
}

release_services() {
  if [ -n "${APES_EMBEDDED_OWNER:-}" ]; then
    "$PY" infra/embedded.py release --owner "$APES_EMBEDDED_OWNER" || true
    APES_EMBEDDED_OWNER=""
  fi
}

CHILD=""
stop_child() {
  if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
    kill -TERM "$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
}

# Runs "$@" in the background and waits for it, so that a SIGTERM sent to this script (not only a
# Ctrl+C) is forwarded to it, and the trap stops the embedded servers once it has exited.
run_child() {
  "$@" &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  # wait returns early when a trapped signal arrives: wait again until the child is gone.
  while kill -0 "$CHILD" 2>/dev/null; do wait "$CHILD" || rc=$?; done
  CHILD=""
  return "$rc"
}

on_exit() {
  local rc=$?
  trap - EXIT
  trap '' INT TERM   # a second Ctrl+C must not cut the clean-up short
  stop_child
  release_services
  exit "$rc"
}

cmd="${1:-up}"
case "$cmd" in
  up)
    ensure_venv
    ensure_assets
    trap on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    use_services --create-db
    web_port="${PORT:-8000}"
    "$PY" manage.py platform_migrate --verbosity 0
    "$PY" manage.py demo_seed --port "$web_port"
    echo
    echo "Siège et bailleurs : http://localhost:${web_port}/   (administration : /admin/)"
    echo "Arrêt : Ctrl+C."
    export PATH="$VENV/bin:$PATH"
    # honcho gives every process a PORT of its own (5000, 5100…): the web server reads APES_WEB_PORT.
    export APES_WEB_PORT="$web_port"
    run_child honcho --procfile infra/Procfile.dev --app-root "$ROOT" start
    ;;
  test)
    ensure_venv
    ensure_assets
    ensure_chromium
    trap on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    use_services
    shift || true
    # In the foreground (not exec'd: the trap stops the embedded servers after it): a Ctrl+C reaches
    # pytest, which tears its fixtures down (the test Celery worker included).
    "$PY" -m pytest "$@"
    ;;
  *)
    echo "usage: bash infra/dev.sh [up|test]" >&2
    exit 2
    ;;
esac
