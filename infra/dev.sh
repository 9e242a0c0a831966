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

cmd="${1:-up}"
case "$cmd" in
  up)
    ensure_venv
    ensure_assets
    "$PY" infra/services.py --create-db
    mkdir -p var
    "$PY" manage.py platform_migrate --verbosity 0
    "$PY" manage.py demo_seed --port "${PORT:-8000}"
    echo
    echo "Siège et bailleurs : http://localhost:${PORT:-8000}/   (administration : /admin/)"
    echo "Arrêt : Ctrl+C."
    export PATH="$VENV/bin:$PATH"
    exec honcho --procfile infra/Procfile.dev --app-root "$ROOT" start
    ;;
  test)
    ensure_venv
    ensure_assets
    ensure_chromium
    "$PY" infra/services.py
    shift || true
    exec "$PY" -m pytest "$@"
    ;;
  *)
    echo "usage: bash infra/dev.sh [up|test]" >&2
    exit 2
    ;;
esac
