#!/usr/bin/env bash
# The demo: installs what is missing (when root), builds tenglong, and analyses the bundled
# sample county 演示县 (shapefiles/demo) into out/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh --build
# Only the program: the test suite (most of a fresh build) is scripts/test.sh's business.
TENGLONG_BUILD_TARGET=tenglong scripts/build.sh
build=${TENGLONG_BUILD_DIR:-$root/build}
echo "== tenglong inspect shapefiles/demo" >&2
"$build/tenglong" inspect shapefiles/demo
echo >&2
echo "== tenglong analyze shapefiles/demo --out out/" >&2
"$build/tenglong" analyze shapefiles/demo --out out/ --as-of 2023-12-31 --overwrite
echo >&2
echo "Results are in $root/out/ — start with summary.json, then the shortlists (*.xlsx) and issues.csv." >&2
