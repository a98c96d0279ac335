#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz: project file, profile, date parser) with clang-14,
# ASan and UBSan into build-fuzz/, and runs each for a bounded time from its seed corpus
# (tests/fuzz/corpus/<target>/). New inputs go to build-fuzz/corpus/<target>/ (the seed folder
# is read-only to the run); a crash leaves crash-* in build-fuzz/ and fails the script.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      DEFAULT: 60 s; project profile date
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(project profile date)
build=${TENGLONG_FUZZ_BUILD_DIR:-$root/build-fuzz}
"$root/scripts/install-deps.sh" --fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DTENGLONG_FUZZ=ON -DTENGLONG_BUILD_TESTS=OFF >&2
fi
cmake --build "$build" --target $(printf 'fuzz_%s ' "${targets[@]}") >&2
# GDAL/PROJ allocations that live until exit are not our leaks; UBSan stops at the first report.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t"
  echo "fuzz_$t: ${secs}s" >&2
  (cd "$build" && "$build/tests/fuzz/fuzz_$t" -artifact_prefix="$build/" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 "$build/corpus/$t" "$root/tests/fuzz/corpus/$t") > "$build/fuzz_$t.log" 2>&1 || {
    status=1; echo "fuzz_$t FOUND A PROBLEM: see $build/fuzz_$t.log and $build/crash-*" >&2; tail -40 "$build/fuzz_$t.log" >&2; }
  grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added' "$build/fuzz_$t.log" | sed "s/^/  fuzz_$t /" >&2 || true
done
exit $status
