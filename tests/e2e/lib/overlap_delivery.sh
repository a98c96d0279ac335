# Sourced by the e2e tests: make_overlap_delivery DEMO_DIR OUT_DIR writes into OUT_DIR the demo's
# parcels and its buildings with overlapping footprints added: every 25th building gets a
# 6-storey "tower" drawn over half of it, every 40th is entered twice (issue 17's trap).
make_overlap_delivery() {
  local demo=$1 od=$2 f
  mkdir -p "$od"
  for f in parcels.shp parcels.shx parcels.dbf parcels.prj; do cp "$demo/$f" "$od/"; done
  SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$od/buildings.shp" "$demo/buildings.shp" -dialect SQLite -sql \
    "SELECT geometry, JZWBH, CS, JZGD, CG, JZMJ, ZDDM, JZWMC FROM buildings
     UNION ALL SELECT ST_Translate(geometry, (MbrMaxX(geometry) - MbrMinX(geometry)) / 2, 0, 0) AS geometry, JZWBH || 'T' AS JZWBH,
            6 AS CS, 24.0 AS JZGD, 4.0 AS CG, NULL AS JZMJ, ZDDM, JZWMC FROM buildings WHERE rowid % 25 = 0
     UNION ALL SELECT geometry, JZWBH || 'D' AS JZWBH, CS, JZGD, CG, JZMJ, ZDDM, JZWMC FROM buildings WHERE rowid % 40 = 7" \
    2> "$od.ogr.err" || { cat "$od.ogr.err"; return 1; }
}
