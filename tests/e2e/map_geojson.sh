#!/usr/bin/env bash
# map.geojson and the per-category GeoJSON files: valid RFC 7946 by an independent validator
# (@placemarkio/check-geojson, tests/js) plus RFC 7946 points it leaves out (no crs, lon/lat,
# CCW exterior rings, 7 decimals), simplestyle properties from styles/categories.json, read
# back by GDAL (ogrinfo), township boundaries round-tripped through PROJ (ogr2ogr back to the
# working CRS: areas agree with the source shapefile), and the QGIS styles written beside the
# results are the ones committed in styles/ (and in parcels.gpkg's layer_styles).
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
js="$TL_SOURCE_DIR/tests/js"
"$js/ensure.sh"

"$TENGLONG" analyze "$demo" --out "$tmp/a" --as-of 2023-12-31 -q > /dev/null
python3 "$TL_SOURCE_DIR/tests/e2e/lib/check_accounting.py" "$tmp/a"
out="$tmp/a"
[ -s "$out/map.geojson" ] || { echo "no map.geojson"; exit 1; }

# 1. Independent validation, with simplestyle on map.geojson and every shortlist GeoJSON.
styled=("$out/map.geojson")
for c in unsupplied idle inefficient scattered control_line; do
  [ -f "$out/$c.geojson" ] && styled+=("$out/$c.geojson")
done
node "$js/check_geojson.mjs" --style "${styled[@]}"
node "$js/check_geojson.mjs" "$out/issues.geojson"

# 2. GDAL reads it back: one layer, WGS 84, the feature count the file holds.
info=$(ogrinfo -ro -so -al "$out/map.geojson")
# (here-strings, not `echo | grep -q`: under pipefail, grep -q leaving early can SIGPIPE the echo
# of a long text and fail the test at random)
grep -q "Geometry: \(Polygon\|Multi Polygon\|Unknown (any)\)" <<< "$info" || { echo "$info"; exit 1; }
grep -q 'GEOGCRS\["WGS 84"' <<< "$info" || { echo "map.geojson not read as WGS 84"; echo "$info"; exit 1; }
n_gdal=$(echo "$info" | sed -n 's/^Feature Count: //p')

python3 - "$out" "$TL_SOURCE_DIR/styles/categories.json" "$n_gdal" <<'PY'
import json, os, sys
out, styles_file, n_gdal = sys.argv[1], sys.argv[2], int(sys.argv[3])
styles = {c["id"]: c for c in json.load(open(styles_file))["categories"]}
m = json.load(open(os.path.join(out, "map.geojson")))
feats = m["features"]
assert len(feats) == n_gdal, (len(feats), n_gdal)
summary = json.load(open(os.path.join(out, "summary.json")))
order = ["township"] + [c for c in styles if c != "township"]   # boundaries first, then legend order
seen = []
for f in feats:
    p = f["properties"]
    c = p["category"]
    assert c in styles, c
    st = styles[c]
    for k in ("fill", "stroke", "fill-opacity", "stroke-width"):
        assert p[k] == st[k], (c, k, p[k], st[k])
    assert p["category_name"] == st["zh"], p
    if not seen or seen[-1] != c:
        seen.append(c)
# Legend order, each category in one run of features.
assert seen == sorted(seen, key=order.index), seen
assert len(seen) == len(set(seen)), seen
# Townships: one feature per township used.
towns = [f for f in feats if f["properties"]["category"] == "township"]
assert len(towns) == summary["layers"]["townships"]["features_used"], (len(towns), summary["layers"]["townships"])
# Each category: one map feature per distinct geometry of its GeoJSON, same total area.
for c in ("unsupplied", "idle", "inefficient", "scattered", "control_line"):
    path = os.path.join(out, c + ".geojson")
    if not os.path.exists(path):
        continue
    cat = json.load(open(path))
    geoms = {json.dumps(f["geometry"], sort_keys=True) for f in cat["features"] if f["geometry"]}
    mine = [f for f in feats if f["properties"]["category"] == c]
    assert len(mine) == len(geoms), (c, len(mine), len(geoms))
    assert {json.dumps(f["geometry"], sort_keys=True) for f in mine} == geoms, c
    # Per-category features carry the same simplestyle.
    for f in cat["features"]:
        assert f["properties"]["fill"] == styles[c]["fill"] and f["properties"]["category"] == c
        assert f["properties"]["title"].startswith(styles[c]["zh"]), f["properties"]["title"]
    print(f"{c}: {len(mine)} map features, {len(cat['features'])} shortlist features")
print("map.geojson:", len(feats), "features;", "categories", seen)
PY

# 3. Through PROJ and back: township boundaries from map.geojson, reprojected by ogr2ogr to the
#    sample's CRS (EPSG:4549), have the source shapefile's area (7 decimals ≈ 1 cm).
ogr2ogr -f GPKG "$tmp/back.gpkg" "$out/map.geojson" -t_srs EPSG:4549 -where "category = 'township'" -nln towns
a_back=$(ogrinfo -ro -q -dialect sqlite -sql "SELECT SUM(ST_Area(geom)) AS a FROM towns" "$tmp/back.gpkg" | sed -n 's/.*a (Real) = //p')
a_src=$(ogrinfo -ro -q -dialect sqlite -sql "SELECT SUM(ST_Area(geometry)) AS a FROM townships" "$demo/townships.shp" | sed -n 's/.*a (Real) = //p')
python3 -c "
import sys; b, s = float('$a_back'), float('$a_src')
assert s > 0 and abs(b - s) / s < 1e-6, (b, s)
print(f'township area through WGS 84 and back: {b:.1f} m2 vs source {s:.1f} m2')"

# 4. QGIS styles: each .qml beside the results is the committed styles/<layer>.qml, and parses.
n_qml=0
for q in "$out"/*.qml; do
  name=$(basename "$q")
  cmp "$q" "$TL_SOURCE_DIR/styles/$name" || { echo "$name differs from styles/$name (regenerate styles/)"; exit 1; }
  python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$q"
  n_qml=$((n_qml + 1))
done
[ "$n_qml" -ge 2 ] || { echo "expected .qml files beside the results, found $n_qml"; exit 1; }
for l in unsupplied idle inefficient scattered control_line parcels issues; do
  [ -f "$TL_SOURCE_DIR/styles/$l.qml" ] || { echo "styles/$l.qml missing"; exit 1; }
done
if [ -f "$out/parcels.gpkg" ]; then
  ogrinfo -ro -q "$out/parcels.gpkg" -sql "SELECT f_table_name, useAsDefault, length(styleQML) AS n FROM layer_styles" > "$tmp/ls.txt"
  grep -q "f_table_name (String) = parcels" "$tmp/ls.txt" || { cat "$tmp/ls.txt"; echo "parcels.gpkg: no layer_styles row for parcels"; exit 1; }
  grep -q "useAsDefault (Integer(Boolean)) = 1" "$tmp/ls.txt" || { cat "$tmp/ls.txt"; exit 1; }
fi
echo "map_geojson: ok ($n_qml QGIS styles)"
