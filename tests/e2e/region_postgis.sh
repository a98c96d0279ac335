#!/usr/bin/env bash
# A region published into one PostGIS database (issue 22), against a real PostgreSQL 15 +
# PostGIS 3 (scripts/pg.sh): two counties made from the demo (one with fewer layers and its own
# profile) and one with its parcels cut short, `tenglong analyze region.toml --publish PG:...
# --schema 示范市`. Checks: each good county's tables in 示范市_<county> (as a county publish makes
# them); in 示范市 one view per table with a first column county whose rows are the counties'
# rows in region order (counts = the CSV rows; a column one county lacks is NULL); the view
# counties lists the bad one with its error; exit 1. Publishing again (region rollup --publish)
# replaces the views; a table of the bureau's own named like a view is refused (exit 2, kept).
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
PG_SH=$TL_SOURCE_DIR/scripts/pg.sh
demo=$TL_SOURCE_DIR/shapefiles/demo
tmp=$(mktemp -d /tmp/tl-region-pg.XXXXXX)
PGDIR=$(mktemp -u /tmp/tl-pg.XXXXXX)
cleanup() {
    local rc=$?
    bash "$PG_SH" stop "$PGDIR" >/dev/null 2>&1 || true
    rm -rf "$tmp"
    exit $rc
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

eval "$(bash "$PG_SH" start "$PGDIR")"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -At)

mkdir -p "$tmp/data/甲" "$tmp/data/乙" "$tmp/data/丙"
cp "$demo"/* "$tmp/data/甲/"
for e in shp shx dbf prj; do cp "$demo/parcels.$e" "$tmp/data/乙/"; cp "$demo/townships.$e" "$tmp/data/乙/" 2>/dev/null || true; done
cp "$demo/townships.cpg" "$tmp/data/乙/" 2>/dev/null || true
cp "$demo"/* "$tmp/data/丙/"
head -c 100000 "$demo/parcels.shp" > "$tmp/data/丙/parcels.shp"
cat > "$tmp/region.toml" <<'TOML'
name  = "示范市"
as_of = "2023-12-31"
[[counties]]
name = "甲县"
data = "data/甲"
[[counties]]
name = "乙县"
data = "data/乙"
profile = "xiangshan"
[[counties]]
name = "丙县"
data = "data/丙"
TOML

set +e
"$TENGLONG" analyze "$tmp/region.toml" --out "$tmp/out" --jobs 2 --publish "PG:dbname=$PGDATABASE" --schema 示范市 > "$tmp/stdout" 2> "$tmp/stderr"
code=$?
set -e
[ "$code" -eq 1 ] || { cat "$tmp/stderr" "$tmp/out/logs/"*.log; fail "exit $code, want 1 (one county bad)"; }
grep -q "published" "$tmp/stdout" || grep -q "已发布" "$tmp/stdout" || { cat "$tmp/stdout" "$tmp/stderr"; fail "no publish line"; }

q() { "${PSQL[@]}" -c "$1"; }
# The county schemas hold their runs' tables.
[ "$(q "SELECT count(*) FROM information_schema.tables WHERE table_schema = '示范市_甲县' AND table_name = 'inefficient'")" = 1 ] || fail "示范市_甲县.inefficient missing"
[ "$(q "SELECT count(*) FROM information_schema.tables WHERE table_schema = '示范市_丙县'")" = 0 ] || fail "the bad county published tables"
# Views: rows = the counties' CSV rows, in region order, county first.
csv_rows() { [ -f "$1" ] && echo $(( $(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''))))" "$1") - 1 )) || echo 0; }
for t in inefficient parcels issues; do
  want=$(( $(csv_rows "$tmp/out/甲县/$t.csv") + $(csv_rows "$tmp/out/乙县/$t.csv") ))
  got=$(q "SELECT count(*) FROM \"示范市\".$t")
  [ "$got" = "$want" ] || fail "view 示范市.$t: $got rows, the counties' CSVs have $want"
  first=$(q "SELECT column_name FROM information_schema.columns WHERE table_schema = '示范市' AND table_name = '$t' ORDER BY ordinal_position LIMIT 1")
  [ "$first" = county ] || fail "view $t: first column $first"
done
[ "$(q "SELECT string_agg(DISTINCT county, ',' ORDER BY county) FROM \"示范市\".parcels")" = "乙县,甲县" ] || fail "parcels view: counties"
# 乙县 has no approvals: unsupplied comes from 甲县 alone.
[ "$(q "SELECT count(*) FROM \"示范市\".unsupplied WHERE county <> '甲县'")" = 0 ] || fail "unsupplied view: other counties"
[ "$(q "SELECT count(*) FROM \"示范市\".unsupplied")" = "$(csv_rows "$tmp/out/甲县/unsupplied.csv")" ] || fail "unsupplied view rows"
# The summary view sums like summary.json: 低效 count over the counties.
sum=$(q "SELECT sum(number)::bigint FROM \"示范市\".summary WHERE key = 'categories.inefficient.count'")
want=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['categories']['inefficient']['count'])" "$tmp/out/summary.json")
[ "$sum" = "$want" ] || fail "summary view: 低效 count $sum, roll-up $want"
[ "$(q "SELECT status FROM \"示范市\".counties WHERE county = '丙县'")" = failed ] || fail "counties view: 丙县 status"
q "SELECT error FROM \"示范市\".counties WHERE county = '丙县'" | grep -q parcels.shp || fail "counties view: 丙县 error"
# Geometry works through the view (SRID kept).
[ "$(q "SELECT DISTINCT ST_SRID(geom) FROM \"示范市\".inefficient")" = 4549 ] || fail "inefficient view: SRID"

# Again through region rollup --publish: the views replaced (new OIDs), the same rows.
oid=$(q "SELECT '\"示范市\".parcels'::regclass::oid")
set +e; "$TENGLONG" region rollup "$tmp/region.toml" "$tmp/out" --publish "PG:dbname=$PGDATABASE" --schema 示范市 > /dev/null 2>&1; code=$?; set -e
[ "$code" -eq 1 ] || fail "region rollup --publish: exit $code, want 1"
[ "$(q "SELECT '\"示范市\".parcels'::regclass::oid")" != "$oid" ] || fail "the views were not replaced"
[ "$(q "SELECT count(*) FROM \"示范市\".parcels")" -gt 0 ] || fail "parcels view empty after republish"
# A table of the bureau's own with a view's name: refused, kept.
q "CREATE TABLE \"示范市\".mine (x int); DROP VIEW \"示范市\".counties; CREATE TABLE \"示范市\".counties (x int); INSERT INTO \"示范市\".counties VALUES (7)"
set +e; "$TENGLONG" region rollup "$tmp/region.toml" "$tmp/out" --publish "PG:dbname=$PGDATABASE" --schema 示范市 > /dev/null 2> "$tmp/err"; code=$?; set -e
[ "$code" -eq 2 ] || { cat "$tmp/err"; fail "a bureau's table named counties: exit $code, want 2"; }
grep -q counties "$tmp/err" || fail "the refusal does not name the table"
[ "$(q "SELECT x FROM \"示范市\".counties")" = 7 ] || fail "the bureau's table was touched"
[ "$(q "SELECT count(*) FROM \"示范市\".parcels")" -gt 0 ] || fail "the previous views were lost by the refused publish"
echo "region_postgis: ok"
