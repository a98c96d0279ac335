#!/usr/bin/env bash
# Configures and builds tenglong (Release) into build/. Extra arguments go to cmake.
# TENGLONG_BUILD_TARGET names one target to build (default: all, the tests included).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TENGLONG_BUILD_DIR:-$root/build}
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release "$@" >&2
else
  cmake -S "$root" -B "$build" "$@" >/dev/null
fi
# TENGLONG_BUILD_TARGET=tenglong builds the program alone (scripts/demo.sh: not the test suite).
cmake --build "$build" -j "$(nproc)" ${TENGLONG_BUILD_TARGET:+--target "$TENGLONG_BUILD_TARGET"} >&2
