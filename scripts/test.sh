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

# The same tests under AddressSanitizer + UndefinedBehaviorSanitizer (scripts/sanitize.sh, a
# second build in build-asan/). To keep CI under its budget only the unit tests and the
# robustness end-to-end tests run there by default; TENGLONG_SANITIZE_CI=full runs everything,
# TENGLONG_SANITIZE_CI=0 skips the pass (e.g. on a laptop).
case "${TENGLONG_SANITIZE_CI:-subset}" in
  0|off|no) ;;
  full) scripts/sanitize.sh ;;
  *) scripts/sanitize.sh -R '^(unit\.|e2e\.(bad_inputs|interrupt|security|cli_basics)$)' ;;
esac
