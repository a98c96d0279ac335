#!/usr/bin/env bash
# tenglong check-split (issue 19 item 4, 临政发〔2022〕22号 (七), (五)) on the demo county: a plan
# that keeps every condition passes; a plan cutting a building, a plan in another CRS, a plan file
# without a CRS, a parcel split before (原宗地代码), and a profile without a [split] clause. Piece
# areas and the cut-off footprint are recomputed here, independently (shoelace on the clipped
# rings), and must equal the tool's.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
mkdir -p "$tmp/data" "$tmp/data2"
for d in data data2; do
  cp "$demo"/buildings.* "$demo"/supplies.* "$demo"/enterprises.csv "$tmp/$d/"
done
python3 "$TL_SOURCE_DIR/tests/e2e/lib/split_plan.py" "$demo" "$tmp"
pid=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['parcel'])" "$tmp/expect.json")
# data: every parcel with an empty 原宗地代码; data2: the chosen one was split from another.
SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$tmp/data/parcels.shp" "$demo/parcels.shp" -dialect SQLite -sql "SELECT *, '' AS YZDDM FROM parcels"
SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$tmp/data2/parcels.shp" "$demo/parcels.shp" -dialect SQLite \
  -sql "SELECT *, CASE WHEN ZDDM = '$pid' THEN '330188001001GB09999' ELSE '' END AS YZDDM FROM parcels"
ogr2ogr -f GeoJSON -s_srs EPSG:4549 -t_srs EPSG:4326 "$tmp/good_wgs84.geojson" "$tmp/good.geojson"

run() { "$TENGLONG" check-split "$@" --json -q; }
set +e
run "$tmp/data" --profile linhai --parcel "$pid" --plan "$tmp/good.geojson" > "$tmp/good.json"; rc_good=$?
run "$tmp/data" --profile linhai --parcel "$pid" --plan "$tmp/bad.geojson" > "$tmp/bad.json"; rc_bad=$?
run "$tmp/data" --profile linhai --parcel "$pid" --plan "$tmp/good_wgs84.geojson" > "$tmp/wgs84.json"; rc_wgs=$?
run "$tmp/data" --profile linhai --parcel "$pid" --plan "$tmp/good_nocrs.geojson" --plan-crs EPSG:4549 > "$tmp/nocrs.json"; rc_nocrs=$?
run "$tmp/data2" --profile linhai --parcel "$pid" --plan "$tmp/good.geojson" > "$tmp/resplit.json"; rc_resplit=$?
"$TENGLONG" check-split "$tmp/data" --profile national --parcel "$pid" --plan "$tmp/good.geojson" > /dev/null 2> "$tmp/national.err"; rc_nat=$?
"$TENGLONG" check-split "$tmp/data" --profile linhai --parcel "$pid" --plan "$tmp/good_nocrs.geojson" > /dev/null 2> "$tmp/nocrs.err"; rc_degrees=$?
"$TENGLONG" check-split "$tmp/data" --profile linhai --parcel NO_SUCH --plan "$tmp/good.geojson" > /dev/null 2> "$tmp/noparcel.err"; rc_noparcel=$?
"$TENGLONG" check-split "$tmp/data" --profile linhai --parcel "$pid" --plan "$tmp/good.geojson" > "$tmp/good.txt" 2>&1
cat "$tmp/good.txt"
"$TENGLONG" check-split "$tmp/data" --profile linhai --parcel "$pid" --plan "$tmp/good.geojson" --lang en > "$tmp/good_en.txt" 2>&1
set -e
echo "exit codes: good $rc_good bad $rc_bad wgs84 $rc_wgs nocrs $rc_nocrs resplit $rc_resplit national $rc_nat degrees $rc_degrees noparcel $rc_noparcel"
[ "$rc_good" = 0 ] && [ "$rc_bad" = 1 ] && [ "$rc_wgs" = 0 ] && [ "$rc_nocrs" = 0 ] && [ "$rc_resplit" = 1 ] && [ "$rc_nat" = 2 ] \
  && [ "$rc_noparcel" = 2 ] && [ "$rc_degrees" != 0 ]
grep -q "\[split\]" "$tmp/national.err"
grep -q "NO_SUCH" "$tmp/noparcel.err"
grep -q "good_nocrs.geojson" "$tmp/nocrs.err" || { echo "a plan in the wrong CRS must be named:"; cat "$tmp/nocrs.err"; exit 1; }
grep -q "^结论: 通过" "$tmp/good.txt"
grep -q "^result: PASS" "$tmp/good_en.txt"
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
exp = json.load(open(f"{tmp}/expect.json"))
def load(n): return json.load(open(f"{tmp}/{n}.json"))
def cond(j, i): return next(c for c in j["conditions"] if c["id"] == i)
good = load("good")
assert good["result"] == "pass", good
assert [p["id"] for p in good["pieces"]] == ["甲", "乙"] and all(p["use"] == "生产" for p in good["pieces"])
for p, a in zip(good["pieces"], exp["areas"]):
    assert abs(p["area_m2"] - a) < 0.01, (p, a)
assert cond(good, "R13.count")["measured"] == 2 and cond(good, "R13.count")["clause"] == "临政发〔2022〕22号 (七)"
assert cond(good, "R13.agreement")["clause"] == "临政发〔2022〕22号 (五)"
assert all(c["outcome"] == "pass" for c in good["conditions"]), good["conditions"]
bad = load("bad")
wb = cond(bad, "R13.whole_building")
assert bad["result"] == "fail" and wb["outcome"] == "fail", bad["conditions"]
assert abs(wb["measured"] - exp["cut"]) < 0.01, (wb, exp["cut"])
for n in ("wgs84", "nocrs"):
    j = load(n)
    assert j["result"] == "pass", (n, j["conditions"])
    for p, a in zip(j["pieces"], exp["areas"]):
        assert abs(p["area_m2"] - a) < 0.05, (n, p, a)
rs = load("resplit")
assert cond(rs, "R13.resplit")["outcome"] == "fail" and "330188001001GB09999" in cond(rs, "R13.resplit")["reason_zh"]
print("check-split: pass, cut building, CRS, 二次分割 and profile cases as expected")
PY
