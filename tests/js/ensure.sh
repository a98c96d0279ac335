#!/usr/bin/env bash
# Installs tests/js's npm packages (exact versions from package-lock.json) with `npm ci` when
# they are missing or older than the lock file. Safe to call from tests running in parallel
# (flock). Prints nothing when all is there. Exit 1 with a hint when node/npm are missing.
set -euo pipefail
js=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "tests/js: node and npm are needed (scripts/install-deps.sh installs them)" >&2; exit 1; }
exec 9>"$js/.install.lock"
flock 9
stamp="$js/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$js/package-lock.json" -nt "$stamp" ]; then
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
