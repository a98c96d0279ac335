#!/usr/bin/env bash
# Smoke test of scripts/bench.sh on the demo county (ctest -L bench; well under a minute): the
# floor, tenglong, PostGIS and GeoPandas all run on shapefiles/demo, and their totals (批而未供
# area and batches, footprint inside parcels, adjacent pairs and shared length, industrial parcels
# outside the control lines) must agree within 0.2 % — bench.sh exits 1 when they do not, so
# this test fails on any disagreement or failed run. Timings are printed, never judged here.
# GeoPandas is skipped with a note when python3-geopandas is missing and we are not root; the
# check then compares tenglong with PostGIS.
#
# Env (CTest): TENGLONG, TL_SOURCE_DIR, TL_BUILD_DIR.
set -euo pipefail
: "${TENGLONG:?path to the tenglong binary}" "${TL_SOURCE_DIR:?source dir}"
TL_BUILD_DIR=${TL_BUILD_DIR:-$TL_SOURCE_DIR/build}
WORK=$(mktemp -d /tmp/tl-bench-e2e.XXXXXX)
trap 'rm -rf -- "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

rc=0
TENGLONG=$TENGLONG TL_BUILD_DIR=$TL_BUILD_DIR bash "$TL_SOURCE_DIR/scripts/bench.sh" --demo --out "$WORK" \
    >"$WORK/bench.out" 2>"$WORK/bench.err" || rc=$?
cat "$WORK/bench.out"
[[ $rc -eq 0 ]] || { tail -20 "$WORK/bench.err" >&2; fail "bench.sh --demo exited $rc"; }
grep -q "totals agree within .*: yes" "$WORK/bench.out" || fail "no totals agreement line"
# At least tenglong and PostGIS produced totals, each with every compared total.
python3 - "$WORK/run" <<'PY' || fail "totals incomplete"
import json, os, sys
run = sys.argv[1]
tl = json.load(open(f"{run}/totals_tenglong.json"))["totals"]
pg = json.load(open(f"{run}/totals_postgis.json"))["totals"]
need = ["unsupplied_area_m2", "unsupplied_batches", "footprint_in_parcels_m2", "adjacent_pairs", "shared_length_m",
        "industrial_parcels", "outside_parcels"]
for k in need:
    assert k in tl and k in pg, k
    assert tl[k] > 0, f"tenglong {k} is 0: the demo has some"
print("bench_demo: tenglong and PostGIS totals present; GeoPandas:",
      "yes" if os.path.exists(f"{run}/geopandas.json") else "skipped")
PY
[[ -f $WORK/results.md ]] || fail "results.md not written"
echo "bench_demo: ok"
