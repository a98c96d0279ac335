#!/usr/bin/env bash
# Installs the Debian 12 packages tenglong builds and tests with. As root it runs apt-get;
# otherwise it prints the apt-get line to run. Everything comes from Debian's archive.
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --build  only what the build needs
#   scripts/install-deps.sh --fuzz   also clang and libFuzzer (scripts/fuzz.sh)
#   scripts/install-deps.sh --bench  also GeoPandas and what scripts/bench.sh times against
set -euo pipefail

build_pkgs=(
  cmake ninja-build g++ pkg-config
  libgdal-dev libgeos-dev libproj-dev libboost-dev
  libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev libxlsxwriter-dev libssl-dev
  libpq-dev
  libjemalloc-dev                           # tenglong's allocator (src/CMakeLists.txt: ~1.3x less CPU)
  catch2
)
test_pkgs=(
  gdal-bin proj-bin                         # ogr2ogr/ogrinfo/cs2cs: independent checks in tests
  postgresql-15 postgresql-15-postgis-3     # PostGIS cross-checks (a throwaway server, scripts/pg.sh)
  sqlite3 libsqlite3-mod-spatialite         # SpatiaLite cross-checks
  python3
  time                                      # /usr/bin/time: CPU and peak memory in scripts/bench.sh (ctest -L bench)
  chromium                                  # report.html opened in a real headless browser (tests/js)
  poppler-utils                             # pdfinfo/pdftotext: analyze --pdf's report.pdf read back (tests/e2e/report_html.sh)
  qgis python3-qgis                         # the QGIS plugin run headless by qgis_process and PyQGIS (tests/e2e/qgis_plugin.sh)
  xvfb fonts-wqy-microhei                   # the plugin's screenshots for the README (a virtual X server, a CJK font)
  python3-gdal                              # results.gdb read back with GDAL's Python bindings (tests/e2e/results_gdb.sh)
  parallel                                  # GNU parallel: region jobs run by it (tests/e2e/region.sh)
)

fuzz_pkgs=(clang-14 libclang-rt-14-dev)   # libFuzzer targets in tests/fuzz (scripts/fuzz.sh)
bench_pkgs=(python3-geopandas python3-rtree)   # scripts/bench.sh: GeoPandas and its spatial index

want=("${build_pkgs[@]}")
[ "${1:-}" = "--build" ] || want+=("${test_pkgs[@]}")
# Node.js + npm run the independent checks in tests/js (GeoJSON validator, playwright-core driving
# the chromium above; their exact versions come from tests/js/package-lock.json via `npm ci`,
# which tests/js/ensure.sh runs). Any node >= 18 will do; Debian's is installed only if none is found.
if [ "${1:-}" != "--build" ]; then
  command -v node >/dev/null || want+=(nodejs)
  command -v npm >/dev/null || want+=(npm)
fi
[ "${1:-}" = "--fuzz" ] && want+=("${fuzz_pkgs[@]}")
[ "${1:-}" = "--bench" ] && want+=("${bench_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  echo "missing Debian packages; run as root:" >&2
  echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
