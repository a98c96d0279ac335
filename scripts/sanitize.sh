#!/usr/bin/env bash
# Builds tenglong and its tests with AddressSanitizer + UndefinedBehaviorSanitizer
# (-DTENGLONG_SANITIZE=ON, RelWithDebInfo) into build-asan/ and runs ctest there. Extra
# arguments go to ctest (e.g. -L unit, -R 'e2e\.(bad_inputs|interrupt)').
#
# GDAL, GEOS and PROJ come from Debian uninstrumented; ASan still sees every heap block they
# hand us, and UBSan covers our code. Known noise, handled here:
#   - LeakSanitizer reports GDAL/PROJ driver and cache allocations kept until exit (never freed
#     by design). tests/e2e/lib/lsan.supp suppresses leaks whose allocation stack runs through
#     those libraries only; leaks in our own code still fail. ASAN_OPTIONS=detect_leaks=0
#     turns leak checking off entirely if a new GDAL adds noise.
#   - UBSan stops at the first report (-fno-sanitize-recover, halt_on_error=1) so a test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TENGLONG_ASAN_BUILD_DIR:-$root/build-asan}
gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTENGLONG_SANITIZE=ON -DTENGLONG_BUILD_TESTS=ON >&2
fi
cmake --build "$build" -j "$(nproc)" >&2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/e2e/lib/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
