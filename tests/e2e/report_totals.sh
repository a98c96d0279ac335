#!/usr/bin/env bash
# Every number in the report agrees (issue 24 item 1): on the demo, on the demo as a colleague
# delivers it (lib/county_delivery.sh: pinyin names, GBK, FileGDB, XLSX; tenglong init's project)
# and on a second county that differs on purpose (tenglong-gen region, seed 11: its own name,
# 行政区划代码, townships and parcels), each report total — per category and per 镇街, count
# and 亩 to the cent — equals the sums of the shortlist CSVs' rows and summary.json
# (lib/check_totals.py); every row names its 镇街, none is (未定).
set -euo pipefail
: "${TENGLONG:?}" "${TL_GEN:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
demo="$TL_SOURCE_DIR/shapefiles/demo"
check="$TL_SOURCE_DIR/tests/e2e/lib/check_totals.py"

"$TENGLONG" analyze "$demo" --out "$tmp/demo" --as-of 2023-12-31 -q || fail "analyze the demo"
python3 "$check" "$tmp/demo" || fail "the demo's totals"

source "$TL_SOURCE_DIR/tests/e2e/lib/county_delivery.sh"
make_county_delivery "$demo" "$tmp/delivery" || fail "making the delivery"
"$TENGLONG" init "$tmp/delivery" 2> "$tmp/init.err" || { cat "$tmp/init.err"; fail "init"; }
"$TENGLONG" analyze "$tmp/delivery/project.toml" --out "$tmp/delivered" --as-of 2023-12-31 -q || fail "analyze the delivery"
python3 "$check" "$tmp/delivered" || fail "the delivered county's totals"

"$TL_GEN" region "$tmp/gen" --counties 1 --parcels 3000 --seed 11 -q
county=$(find "$tmp/gen" -mindepth 1 -maxdepth 1 -type d | head -1)
"$TENGLONG" analyze "$county" --out "$tmp/second" --as-of 2023-12-31 -q || fail "analyze the second county"
python3 "$check" "$tmp/second" || fail "the second county's totals"
# It is another county: other totals than the demo's.
python3 - "$tmp/demo/summary.json" "$tmp/second/summary.json" <<'PY' || fail "the second county is the demo again"
import json, sys
a, b = (json.load(open(p))["categories"] for p in sys.argv[1:])
assert any(a[k].get("area_mu") != b[k].get("area_mu") for k in a if k in b), "same totals"
PY
echo "report_totals: ok"
