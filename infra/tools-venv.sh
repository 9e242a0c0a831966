#!/usr/bin/env bash
# A separate virtualenv (.venv-tools, gitignored) for infrastructure checkers whose pinned
# dependencies clash with the application's (checkov). Created on demand, reused while
# infra/tools-requirements.txt is unchanged; safe to run concurrently (flock) and without a terminal.
#   bash infra/tools-venv.sh            prints the venv's bin directory
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
VENV="${TOOLS_VENV:-$ROOT/.venv-tools}"
REQS="infra/tools-requirements.txt"
want="$(sha256sum "$REQS" | cut -d' ' -f1)"
stamp="$VENV/.installed"

mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  base="$(command -v python3.11 || command -v python3)"
  rm -rf "$VENV"
  "$base" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQS" >&2
  echo "$want" > "$stamp"
fi
echo "$VENV/bin"
