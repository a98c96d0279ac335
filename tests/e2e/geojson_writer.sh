#!/usr/bin/env bash
# tenglong's own GeoJSON writer (issue 23 decision 2) against GDAL's driver, which it replaced
# for GeoJSON (TENGLONG_GEOJSON_WRITER=gdal keeps GDAL's writer for this comparison):
#   1. the demo, and a generated county (tenglong-gen) whose owners carry quotes, newlines, tabs,
#      backslashes and an emoji, whose registered areas are negative, 1e-9, 1e15 or empty and
#      whose land prices are negative, 1e-9 or 1e18: every GeoJSON file of analyze, read back by
#      GDAL (python3-gdal, tests/e2e/lib/compare_geojson.py), gives the same fields and types,
#      features, values and coordinates as GDAL's own writer on the same run;
#   2. the unit test's awkward table (tests/unit/report_geojson: NaN, null, int64 extremes, 1e300,
#      control characters, empty and null geometries, a clockwise ring, multipolygons with holes)
#      compared the same way;
#   3. @placemarkio/check-geojson (tests/js/check_geojson.mjs: RFC 7946, CCW rings, 7 decimals,
#      simplestyle) passes on every file of ours;
#   4. the same bytes with --threads 1 and --threads 2.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}" "${TL_GEN:?}" "${TL_BUILD_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
js="$TL_SOURCE_DIR/tests/js"
"$js/ensure.sh"
py=/usr/bin/python3; [ -x "$py" ] || py=python3
"$py" -c 'from osgeo import gdal' 2>/dev/null || { echo "FAIL: the GDAL Python bindings (python3-gdal) are missing: scripts/install-deps.sh"; exit 1; }
compare="$TL_SOURCE_DIR/tests/e2e/lib/compare_geojson.py"

# The generated county, made awkward.
"$TL_GEN" region "$tmp/gen" --counties 1 --parcels 1500 --format gpkg -q
county=$(find "$tmp/gen" -mindepth 1 -maxdepth 1 -type d | head -1)
ogrinfo -q "$county/parcels.gpkg" -sql "UPDATE parcels SET QLRMC = '他说\"你好\"' || char(10) || '第二行 C:\\数据' || char(9) || '😀 ' || QLRMC WHERE fid % 5 = 0" > /dev/null
ogrinfo -q "$county/parcels.gpkg" -sql "UPDATE parcels SET ZDMJ = CASE fid % 4 WHEN 0 THEN -ZDMJ WHEN 1 THEN 1e-9 WHEN 2 THEN 1e15 ELSE NULL END WHERE fid % 11 = 0" > /dev/null
ogrinfo -q "$county/supplies.gpkg" -sql "UPDATE supplies SET CRJK = CASE fid % 3 WHEN 0 THEN -CRJK WHEN 1 THEN 1e-9 ELSE 1e18 END WHERE fid % 4 = 0" > /dev/null

for data in demo county; do
  src="$TL_SOURCE_DIR/shapefiles/demo"; [ "$data" = county ] && src="$county"
  "$TENGLONG" analyze "$src" --as-of 2023-12-31 --out "$tmp/$data.ours" --threads 1 --formats csv,geojson -q --progress none > /dev/null
  "$TENGLONG" analyze "$src" --as-of 2023-12-31 --out "$tmp/$data.ours2" --threads 2 --formats csv,geojson -q --progress none > /dev/null
  TENGLONG_GEOJSON_WRITER=gdal "$TENGLONG" analyze "$src" --as-of 2023-12-31 --out "$tmp/$data.gdal" --threads 2 --formats csv,geojson \
    -q --progress none > /dev/null
  pairs=(); styled=(); n=0
  for f in "$tmp/$data.ours"/*.geojson; do
    b=$(basename "$f")
    [ -f "$tmp/$data.gdal/$b" ] || { echo "FAIL: $data: GDAL's run has no $b"; exit 1; }
    cmp -s "$f" "$tmp/$data.ours2/$b" || { echo "FAIL: $data/$b differs between --threads 1 and 2"; exit 1; }
    cmp -s "$f" "$tmp/$data.gdal/$b" && { echo "FAIL: $data/$b: the run with GDAL's writer wrote the same bytes (was it used?)"; exit 1; }
    pairs+=("$f" "$tmp/$data.gdal/$b")
    [ "$b" != issues.geojson ] && styled+=("$f")
    n=$((n + 1))
  done
  [ "$n" -ge 7 ] || { echo "FAIL: $data: only $n GeoJSON files"; exit 1; }
  "$py" "$compare" "${pairs[@]}"
  node "$js/check_geojson.mjs" --style "${styled[@]}"
  node "$js/check_geojson.mjs" "$tmp/$data.ours/issues.geojson"
done
grep -q '你好' "$tmp/county.ours/inefficient.geojson" || { echo "FAIL: the awkward owners did not reach inefficient.geojson"; exit 1; }

# The unit test's awkward table, both writers.
TL_GEOJSON_OUT="$tmp/awkward" "$TL_BUILD_DIR/tests/test_report_geojson" > "$tmp/unit.log" || { cat "$tmp/unit.log"; exit 1; }
"$py" "$compare" "$tmp/awkward/awkward.geojson" "$tmp/awkward/awkward_gdal.geojson" \
  "$tmp/awkward/awkward_styled.geojson" "$tmp/awkward/awkward_styled_gdal.geojson"
node "$js/check_geojson.mjs" "$tmp/awkward/awkward.geojson"
node "$js/check_geojson.mjs" --style "$tmp/awkward/awkward_styled.geojson"

# The comparison can fail: one value changed is found.
sed '2s/"area_mu":\([0-9]\)/"area_mu":1\1/' "$tmp/demo.ours/inefficient.geojson" > "$tmp/changed.geojson"
if "$py" "$compare" "$tmp/changed.geojson" "$tmp/demo.gdal/inefficient.geojson" > /dev/null; then
  echo "FAIL: compare_geojson.py does not see a changed area"; exit 1
fi
echo "geojson_writer: ok"
