#!/usr/bin/env bash
# The test suite: installs what is missing (when root), builds tenglong with its tests, and runs
# every test with CTest (unit tests, end-to-end tests of the binary, PostGIS/SpatiaLite checks).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
scripts/build.sh -DTENGLONG_BUILD_TESTS=ON
build=${TENGLONG_BUILD_DIR:-$root/build}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
