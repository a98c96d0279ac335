#!/usr/bin/env bash
# analyze --formats ...,gdb: results.gdb read back with GDAL's OpenFileGDB driver holds every
# table of the run with the CSVs' rows, headers as aliases (Chinese, English with --lang en),
# parcels equal to parcels.gpkg, the verdict domain, the working CRS (tests/e2e/lib/check_gdb.py);
# the same bytes whatever --threads; --formats chooses the files; a wrong format is exit 2.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
py=/usr/bin/python3; [ -x "$py" ] || py=python3
"$py" -c 'from osgeo import gdal' 2>/dev/null || fail "the GDAL Python bindings (python3-gdal) are missing: scripts/install-deps.sh"
demo="$TL_SOURCE_DIR/shapefiles/demo"
all=csv,xlsx,geojson,gpkg,gdb

"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/zh" -q --formats "$all" --threads 2 > /dev/null
[ -d "$tmp/zh/results.gdb" ] || fail "no results.gdb"
"$py" "$TL_SOURCE_DIR/tests/e2e/lib/check_gdb.py" "$tmp/zh" 4549 || fail "results.gdb (zh)"
ogrinfo -ro -so "$tmp/zh/results.gdb" parcels > "$tmp/info"; grep -q 'alternative name="宗地代码"' "$tmp/info" || fail "ogrinfo shows no Chinese alias"

"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/one" -q --formats "$all" --threads 1 > /dev/null
diff -r "$tmp/zh/results.gdb" "$tmp/one/results.gdb" > /dev/null || fail "results.gdb differs between --threads 2 and 1"

"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/en" -q --lang en --formats "$all" > /dev/null
"$py" "$TL_SOURCE_DIR/tests/e2e/lib/check_gdb.py" "$tmp/en" 4549 > "$tmp/en.log" || { cat "$tmp/en.log"; fail "results.gdb (en)"; }
ogrinfo -ro -fielddomain verdict "$tmp/en/results.gdb" > "$tmp/info"; grep -q 'pass: pass' "$tmp/info" || fail "the English domain descriptions"

# The default formats write no geodatabase; --formats csv writes only the CSV tables (and the
# summary, run.json, report and map, always).
"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/def" -q > /dev/null
[ ! -e "$tmp/def/results.gdb" ] || fail "results.gdb written without gdb in --formats"
[ -f "$tmp/def/parcels.gpkg" ] && [ -f "$tmp/def/idle.xlsx" ] || fail "the default formats"
"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/csv" -q --formats csv > /dev/null
ls "$tmp/csv" | grep -Ev '\.csv$|^(summary|run)\.json$|^report\.html$|^map\.geojson$' && fail "--formats csv wrote other files"
cmp "$tmp/csv/parcels.csv" "$tmp/def/parcels.csv" || fail "--formats csv changed parcels.csv"
set +e; "$TENGLONG" analyze "$demo" --out "$tmp/bad" --formats csv,shp > /dev/null 2> "$tmp/err"; code=$?; set -e
[ "$code" -eq 2 ] && grep -q shp "$tmp/err" || fail "--formats shp: exit $code, $(cat "$tmp/err")"
[ ! -e "$tmp/bad" ] || fail "a refused run left a folder"
echo "results_gdb: OK"
