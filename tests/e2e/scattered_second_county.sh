#!/usr/bin/env bash
# Issue 17's bar on a second county, not the demo: a generated county (tenglong-gen region, seed 7,
# its own name and 行政区划代码) whose state land is spelled 权利人 `国有（未供）`, 权利性质 `国有未供`.
# Every state-owned, unsupplied scrap beside a firm's industrial parcel must be a 零星地块 candidate
# with that host. The expected pairs come from SpatiaLite, independently and conservatively: a
# scrap of at most 9.9 亩, covered by no supply and inside no approval batch (so no 批而未供 piece
# can stand for it), sharing at least 1.5 m of boundary exactly (no snapping) with an industrial
# parcel (0601 / 1001 / M) held by a firm.
set -euo pipefail
: "${TENGLONG:?}" "${TL_GEN:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null || fail "sqlite3 not installed (apt-get install sqlite3 libsqlite3-mod-spatialite)"
"$TL_GEN" region "$tmp/gen" --counties 1 --parcels 3000 --seed 7 -q
src=$(find "$tmp/gen" -mindepth 1 -maxdepth 1 -type d | head -1)
data="$tmp/county"; mkdir -p "$data"
cp "$src"/* "$data/"; rm "$data"/parcels.*
SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$data/parcels.shp" "$src/parcels.shp" -dialect SQLite -sql \
  "SELECT geometry, ZDDM, CASE WHEN QLRMC IS NULL THEN '国有（未供）' ELSE QLRMC END AS QLRMC, DLBM, ZDMJ, XZMC,
     CASE WHEN QLRMC IS NULL THEN '国有未供' ELSE QLXZ END AS QLXZ, QLLX, TYSHXYDM, RJLXX, SYNX, HYDM FROM parcels" 2> "$tmp/ogr.err" \
  || { cat "$tmp/ogr.err"; fail "ogr2ogr parcels"; }
"$TENGLONG" analyze "$data" --as-of 2023-12-31 --formats csv --out "$tmp/out" -q --progress none > /dev/null 2> "$tmp/err" \
  || { cat "$tmp/err"; fail "analyze"; }

db="$tmp/check.sqlite"
SHAPE_ENCODING=CP936 ogr2ogr -f SQLite -dsco SPATIALITE=YES -nlt PROMOTE_TO_MULTI -nln parcels "$db" "$data/parcels.shp" 2> "$tmp/ogr.err" || { cat "$tmp/ogr.err"; fail "load parcels"; }
for l in supplies approvals; do
  SHAPE_ENCODING=CP936 ogr2ogr -update -f SQLite -nlt PROMOTE_TO_MULTI -nln $l "$db" "$data/$l.shp" 2>> "$tmp/ogr.err" || { cat "$tmp/ogr.err"; fail "load $l"; }
done
sqlite3 -csv "$db" > "$tmp/expected.csv" 2> "$tmp/sql.err" <<'SQL' || { cat "$tmp/sql.err"; fail "sqlite3"; }
.load mod_spatialite
SELECT s.zddm, h.zddm
FROM parcels s JOIN parcels h
  ON h.ogc_fid <> s.ogc_fid AND MbrIntersects(s.geometry, h.geometry) AND ST_Intersects(s.geometry, h.geometry)
WHERE s.qlrmc = '国有（未供）' AND ST_Area(s.geometry) <= 9.9 * 10000.0 / 15
  AND NOT EXISTS (SELECT 1 FROM supplies g WHERE MbrIntersects(g.geometry, s.geometry) AND ST_Area(ST_Intersection(g.geometry, s.geometry)) > 0.01)
  AND NOT EXISTS (SELECT 1 FROM approvals a WHERE MbrIntersects(a.geometry, s.geometry) AND ST_Area(ST_Intersection(a.geometry, s.geometry)) > 0.01)
  AND (h.dlbm LIKE '0601%' OR h.dlbm LIKE '1001%' OR h.dlbm LIKE 'M%')
  AND h.qlrmc IS NOT NULL AND h.qlrmc <> '' AND h.qlrmc NOT LIKE '国有%'
  AND GLength(ST_Intersection(ST_Boundary(s.geometry), ST_Boundary(h.geometry))) >= 1.5
ORDER BY 1, 2;
SQL
python3 - "$tmp/expected.csv" "$tmp/out/scattered.csv" <<'PY'
import csv, sys
expected = {tuple(r) for r in csv.reader(open(sys.argv[1], encoding="utf-8")) if r}
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
found = {(r["零星地块编号"], r["宿主宗地编号"]) for r in rows}
assert len(expected) >= 20, f"only {len(expected)} expected pairs: the check would test little"
missing = sorted(expected - found)
assert not missing, f"{len(missing)} of {len(expected)} state scrap–host pairs not listed, e.g. {missing[:5]}"
state = [r for r in rows if r["来源"] == "国有未供地块"]
print(f"second county: all {len(expected)} SpatiaLite pairs listed ({len(found)} candidate pairs, {len(state)} from 国有（未供） parcels)")
PY
