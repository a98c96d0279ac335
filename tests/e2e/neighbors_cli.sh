#!/usr/bin/env bash
# tenglong neighbors on tests/data/adjacency (EPSG:4549, hand-made; layout in
# tests/data/adjacency/README.md): every relation once, the exit codes, --out semantics.
# Env (CTest): TENGLONG, TL_SOURCE_DIR.
set -euo pipefail
: "${TENGLONG:?path to the tenglong binary}" "${TL_SOURCE_DIR:?source dir}"
DATA="$TL_SOURCE_DIR/tests/data/adjacency"
WORK=$(mktemp -d /tmp/tl-nb.XXXXXX)
trap 'rm -rf -- "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. defaults (snap 0.2 m, min-shared 1.0 m), English headers
"$TENGLONG" neighbors "$DATA" --lang en -q --out "$WORK/pairs.csv" >"$WORK/stdout" 2>"$WORK/stderr" || fail "exit $?"
[[ -s "$WORK/stderr" ]] && fail "stderr not empty: $(cat "$WORK/stderr")"
[[ -f "$WORK/pairs.geojson" ]] || fail "no pairs.geojson beside pairs.csv"
head -c 3 "$WORK/pairs.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "CSV has no UTF-8 BOM"
row() { grep "^$1,$2," "$WORK/pairs.csv" | cut -d, -f5-7; }
expect() { local got; got=$(row "$1" "$2"); [[ "$got" == "$3" ]] || fail "$1-$2: expected '$3', got '$got'"; }
expect ZD-H ZD-L1 "adjacent,yes,40.0000"
expect ZD-H ZD-N1 "adjacent,yes,40.0000"
expect ZD-H ZD-P "point_touch,no,0.0000"
expect ZD-H ZD-S "short_edge,no,0.5000"
expect ZD-L1 ZD-G "gap,no,0.3428"
grep -q "^ZD-H,ZD-G,0,4,gap,yes,40\.[0-9]*,0\.0500," "$WORK/pairs.csv" || fail "H-G should be an adjacent gap pair of 0.05 m"
[[ $(tail -n +2 "$WORK/pairs.csv" | wc -l) -eq 11 ]] || fail "expected 11 pairs, got $(tail -n +2 "$WORK/pairs.csv" | wc -l)"
[[ $(grep -c '"type": *"Feature"' "$WORK/pairs.geojson") -eq 11 ]] || fail "expected 11 GeoJSON features"
grep -q '"relation": *"adjacent"' "$WORK/pairs.geojson" || fail "GeoJSON lacks properties"

# 2. snap 0: the gap pairs disappear, nothing else changes
"$TENGLONG" neighbors "$DATA" --lang en -q --snap 0 --out "$WORK/snap0.csv"
grep -q ",gap," "$WORK/snap0.csv" && fail "gap pairs with --snap 0"
[[ $(tail -n +2 "$WORK/snap0.csv" | wc -l) -eq 9 ]] || fail "expected 9 pairs with --snap 0"

# 3. --adjacent-only, min-shared 0.5 makes the stub adjacent (≥ includes the number)
"$TENGLONG" neighbors "$DATA" --lang en -q --min-shared 0.5 --adjacent-only --out "$WORK/adj.csv"
expect_adj() { grep -q "^$1,$2,.*,adjacent,yes," "$WORK/adj.csv" || fail "$1-$2 should be adjacent with --min-shared 0.5"; }
expect_adj ZD-H ZD-S
grep -q ",no," "$WORK/adj.csv" && fail "--adjacent-only wrote a non-adjacent pair"

# 4. Chinese headers by default; two threads give the same bytes as one
"$TENGLONG" neighbors "$DATA" -q --threads 1 --out "$WORK/t1.csv"
"$TENGLONG" neighbors "$DATA" -q --threads 2 --out "$WORK/t2.csv"
cmp -s "$WORK/t1.csv" "$WORK/t2.csv" || fail "1 and 2 threads differ"
cmp -s "$WORK/t1.geojson" "$WORK/t2.geojson" || fail "1 and 2 threads differ (GeoJSON)"
head -n 1 "$WORK/t1.csv" | grep -q "共用界线长度" || fail "no Chinese header with the default --lang"

# 5. exit codes: existing output without --overwrite, bad option, missing layer -> 2
set +e
"$TENGLONG" neighbors "$DATA" -q --out "$WORK/pairs.csv" 2>"$WORK/err"; rc=$?
[[ $rc -eq 2 ]] || fail "existing output: exit $rc, expected 2"
grep -q -- "--overwrite" "$WORK/err" || fail "message should name --overwrite"
"$TENGLONG" neighbors "$DATA" -q --snap -1 --out "$WORK/x.csv" 2>/dev/null; rc=$?
[[ $rc -eq 2 ]] || fail "--snap -1: exit $rc, expected 2"
"$TENGLONG" neighbors "$DATA" -q --layer approvals --out "$WORK/y.csv" 2>/dev/null; rc=$?
[[ $rc -eq 2 ]] || fail "missing layer: exit $rc, expected 2"
"$TENGLONG" neighbors "$DATA" -q 2>/dev/null; rc=$?
[[ $rc -eq 2 ]] || fail "no --out: exit $rc, expected 2"
set -e
"$TENGLONG" neighbors "$DATA" -q --overwrite --out "$WORK/pairs.csv" || fail "--overwrite"
echo "neighbors_cli: ok"

# 6. check-merge on the same block (analysis/merge_check.hpp): exit 0 pass, 1 fail/undecided, 2 usage
"$TENGLONG" check-merge "$DATA" -q --host ZD-H --with ZD-L1 --with ZD-L2 --planned-floor-area 1000 >"$WORK/cm.txt" \
    || fail "check-merge (五) pass case: exit $?"
grep -q "^\[通过\] 5.cap_share .*6.90%" "$WORK/cm.txt" || fail "check-merge: cap_share line missing: $(cat "$WORK/cm.txt")"
grep -q "^结论: 通过" "$WORK/cm.txt" || fail "check-merge: no 结论 line"
set +e
"$TENGLONG" check-merge "$DATA" -q --host ZD-H --with ZD-L1 --planned-floor-area 500 >/dev/null; rc=$?
[[ $rc -eq 1 ]] || fail "check-merge uplift fail: exit $rc, expected 1"
"$TENGLONG" check-merge "$DATA" -q --host ZD-N1 --with ZD-N2 --json >"$WORK/cm.json"; rc=$?
[[ $rc -eq 1 ]] || fail "check-merge tenure fail: exit $rc, expected 1"
grep -q '"id": "7.tenure"' "$WORK/cm.json" && grep -q '"result": "fail"' "$WORK/cm.json" || fail "check-merge --json content"
"$TENGLONG" check-merge "$DATA" -q --host ZD-NOPE 2>/dev/null; rc=$?
[[ $rc -eq 2 ]] || fail "check-merge unknown id: exit $rc, expected 2"
"$TENGLONG" check-merge "$DATA" -q 2>/dev/null; rc=$?
[[ $rc -eq 2 ]] || fail "check-merge without --host: exit $rc, expected 2"
set -e
"$TENGLONG" check-merge "$DATA" -q --host ZD-H --with ZD-N1 --lang en | grep -q "^result: PASS" || fail "pure (七) merge should pass"
echo "check-merge: ok"
