#!/usr/bin/env bash
# Building coverage against PostGIS on a delivery with overlapping footprints (issue 17): per
# parcel, tenglong's footprint_area_m2 (parcels.gpkg) equals
#     ST_Area(ST_Intersection(ST_Union(buildings meeting the parcel), parcel))
# within 1e-6 relative, and every pair of buildings whose overlap PostGIS measures above 1e-6 m²
# is one building_overlap issue. The delivery is the demo with every 25th building given a
# "tower" drawn over half of it and every 40th entered twice. Parcels or buildings that are
# invalid in the source (tenglong repairs them) are left out of the comparison, as in
# intensity_spatialite.sh.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
say() { echo "coverage_postgis: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
WORK=$(mktemp -d /tmp/tl-cov-e2e.XXXXXX)
PGDIR=$(mktemp -u /tmp/tl-pg.XXXXXX)
cleanup() {
    local rc=$?
    "$TL_SOURCE_DIR/scripts/pg.sh" stop "$PGDIR" >/dev/null 2>&1 || say "warning: could not stop the server in $PGDIR"
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
demo="$TL_SOURCE_DIR/shapefiles/demo"
od="$WORK/overlap"
. "$TL_SOURCE_DIR/tests/e2e/lib/overlap_delivery.sh"
make_overlap_delivery "$demo" "$od" || fail "ogr2ogr overlap buildings"
"$TENGLONG" analyze "$od" --as-of 2023-12-31 --out "$WORK/out" -q > /dev/null 2> "$WORK/analyze.err" \
  || { cat "$WORK/analyze.err"; fail "analyze"; }

eval "$("$TL_SOURCE_DIR/scripts/pg.sh" start "$PGDIR")"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -At)
for name in parcels buildings; do
  SHAPE_ENCODING=CP936 ogr2ogr -f PostgreSQL PG:"dbname=$PGDATABASE" "$od/$name.shp" -nln "$name" -overwrite \
      -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=GIST -preserve_fid -nlt PROMOTE_TO_MULTI -dim XY 2>> "$WORK/ogr.err" \
      || { cat "$WORK/ogr.err"; fail "load $name"; }
done
ogr2ogr -f PostgreSQL PG:"dbname=$PGDATABASE" "$WORK/out/parcels.gpkg" parcels -nln ours -overwrite -lco GEOMETRY_NAME=geom \
    -nlt PROMOTE_TO_MULTI 2>> "$WORK/ogr.err" || { cat "$WORK/ogr.err"; fail "load ours"; }
"${PSQL[@]}" > "$WORK/result.txt" <<'SQL' || fail "psql"
CREATE TEMP TABLE bad_p AS SELECT fid FROM parcels WHERE NOT ST_IsValid(geom);
CREATE TEMP TABLE bad_b AS SELECT fid FROM buildings WHERE NOT ST_IsValid(geom);
CREATE TEMP TABLE ref AS
SELECT p.fid, COALESCE(ST_Area(ST_Intersection(ST_Union(b.geom), p.geom)), 0) AS covered,
       bool_or(b.fid IN (SELECT fid FROM bad_b)) AS touches_bad
FROM parcels p LEFT JOIN buildings b ON ST_Intersects(p.geom, b.geom)
WHERE p.fid NOT IN (SELECT fid FROM bad_p)
GROUP BY p.fid, p.geom;
CREATE TEMP TABLE cmp AS
SELECT r.fid, r.covered, o.footprint_area_m2 AS ours,
       CASE WHEN r.covered = o.footprint_area_m2 THEN 0
            ELSE abs(r.covered - o.footprint_area_m2) / greatest(abs(r.covered), abs(o.footprint_area_m2)) END AS rel
FROM ref r JOIN ours o ON o.source_fid = r.fid WHERE NOT COALESCE(r.touches_bad, false);
SELECT 'compared|' || count(*) FROM cmp;
SELECT 'with_overlap|' || count(*) FROM (SELECT p.fid FROM parcels p JOIN buildings a ON ST_Intersects(p.geom, a.geom)
  JOIN buildings b ON a.fid < b.fid AND ST_Intersects(p.geom, b.geom) AND ST_Area(ST_Intersection(a.geom, b.geom)) > 1e-6
  GROUP BY p.fid) x;
SELECT 'bad|' || count(*) FROM cmp WHERE rel > 1e-6;
SELECT 'max_rel|' || COALESCE(max(rel), 0) FROM cmp;
SELECT 'detail|' || fid || '|' || covered || '|' || ours FROM cmp WHERE rel > 1e-6 ORDER BY fid LIMIT 10;
SELECT 'overlap_pairs|' || count(*) FROM buildings a JOIN buildings b ON a.fid < b.fid AND a.geom && b.geom
  WHERE a.fid NOT IN (SELECT fid FROM bad_b) AND b.fid NOT IN (SELECT fid FROM bad_b)
    AND ST_Area(ST_Intersection(a.geom, b.geom)) > 1e-6;
SQL
cat "$WORK/result.txt"
val() { awk -F'|' -v k="$1" '$1 == k { print $2 }' "$WORK/result.txt"; }
compared=$(val compared); bad=$(val bad); pairs=$(val overlap_pairs); withov=$(val with_overlap)
[ "$compared" -gt 2000 ] || fail "only $compared parcels compared"
[ "$withov" -gt 50 ] || fail "only $withov parcels hold overlapping footprints: the check tests little"
[ "$bad" -eq 0 ] || fail "$bad parcels' covered area differs from PostGIS by more than 1e-6 relative"
issued=$(python3 -c "import csv,sys; print(sum(1 for r in csv.reader(open(sys.argv[1], encoding='utf-8-sig')) if r[3] in ('building_overlap', '建筑重叠')))" "$WORK/out/issues.csv")
[ "$issued" -eq "$pairs" ] || fail "PostGIS measures $pairs overlapping building pairs, issues.csv has $issued building_overlap rows"
say "ok: $compared parcels ($withov with overlapping footprints) agree with PostGIS within 1e-6; $pairs overlapping pairs, each an issue"
