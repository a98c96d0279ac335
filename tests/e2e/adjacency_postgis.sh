#!/usr/bin/env bash
# Proof against an independent engine: tenglong's adjacency pairs and shared lengths agree with
# PostGIS on the demo county's parcels (issue 5, deliverable 5).
#
#   PostGIS side: every pair a.fid < b.fid with ST_Intersects; shared length
#     touching   ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(a), ST_Boundary(b)), 2))
#     overlapping (interiors meet) the mean of ST_Length(ST_CollectionExtract(ST_Intersection(
#                ST_Boundary(a), b), 2)) and the same with a and b swapped  (analysis/adjacency.hpp)
#   tenglong side: `tenglong neighbors --snap 0 --min-shared 0` (exact contact, any length).
# Checked: the same set of pairs; adjacent (shared > 0) in tenglong ⇔ shared > 0 in PostGIS;
# |shared length difference| <= 1 mm for every pair (tenglong's CSV has 4 decimals, so 0.05 mm of
# the difference is rounding). Features that are invalid in the source are
# left out on both sides (tenglong repairs them in geom::normalize; the repair is tested there),
# and so are empty ones (rejected by tenglong).
#
# Env (CTest): TENGLONG, TL_SOURCE_DIR; optional TL_ADJ_DATA (a folder with parcels.shp or
# parcels.geojson; default shapefiles/demo). The PostGIS server is scripts/pg.sh's throwaway
# cluster, stopped and removed on every exit path.
set -euo pipefail
: "${TENGLONG:?path to the tenglong binary}" "${TL_SOURCE_DIR:?source dir}"
DATA=${TL_ADJ_DATA:-$TL_SOURCE_DIR/shapefiles/demo}
PG_SH="$TL_SOURCE_DIR/scripts/pg.sh"
TOL_M=0.001

PARCELS=""
for f in "$DATA"/parcels.shp "$DATA"/parcels.gpkg "$DATA"/parcels.geojson; do
    [[ -f "$f" ]] && { PARCELS=$f; break; }
done
[[ -n "$PARCELS" ]] || { echo "FAIL: no parcels layer in $DATA" >&2; exit 1; }
[[ -x "$PG_SH" || -f "$PG_SH" ]] || { echo "FAIL: $PG_SH missing" >&2; exit 1; }

WORK=$(mktemp -d /tmp/tl-adjpg.XXXXXX)
# pg.sh creates its own folder (the server user must be able to traverse it: not inside $WORK, 0700).
PGDIR=$(mktemp -u /tmp/tl-pg.XXXXXX)
cleanup() {
    local rc=$?
    bash "$PG_SH" stop "$PGDIR" >/dev/null 2>&1 || true
    rm -rf -- "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

# ---- tenglong -----------------------------------------------------------------------------
t0=$(date +%s.%N)
"$TENGLONG" neighbors "$DATA" --snap 0 --min-shared 0 --lang en -q --out "$WORK/tl.csv" >/dev/null
t1=$(date +%s.%N)

# ---- PostGIS ------------------------------------------------------------------------------
pg_env=$(bash "$PG_SH" start "$PGDIR") || fail "scripts/pg.sh start failed"
eval "$pg_env"
export PGOPTIONS="-c client_min_messages=warning"   # no NOTICEs from ST_IsValid on the planted defects
PGCONN="PG:dbname=$PGDATABASE host=$PGHOST port=$PGPORT user=$PGUSER"
layer=$(basename "${PARCELS%.*}")
# Geometry and source FID only (attributes may be GBK without a .cpg; they play no part here).
ogr2ogr -f PostgreSQL "$PGCONN" "$PARCELS" -nln src -dim XY -nlt PROMOTE_TO_MULTI -lco GEOMETRY_NAME=geom \
    -sql "SELECT FID AS src_fid FROM \"$layer\"" 2>"$WORK/ogr.err" || { cat "$WORK/ogr.err" >&2; fail "ogr2ogr"; }
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE p AS
  SELECT src_fid::bigint AS fid, geom FROM src
  WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom) AND ST_IsValid(geom);
CREATE TABLE invalid AS
  SELECT src_fid::bigint AS fid FROM src WHERE geom IS NULL OR ST_IsEmpty(geom) OR NOT ST_IsValid(geom);
CREATE INDEX ON p USING gist (geom);
ANALYZE p;
SQL
t2=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -At -F, >"$WORK/pg.csv" <<'SQL'
SELECT a.fid, b.fid,
       to_char(CASE WHEN ST_Touches(a.geom, b.geom)
            THEN ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2))
            ELSE (ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), b.geom), 2)) +
                  ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(b.geom), a.geom), 2))) / 2
       END, 'FM999999990.000000')
FROM p a JOIN p b ON a.fid < b.fid AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)
ORDER BY 1, 2;
SQL
t3=$(date +%s.%N)
psql -X -q -At -c "SELECT fid FROM invalid ORDER BY 1" >"$WORK/invalid.txt"

# ---- compare ------------------------------------------------------------------------------
# tenglong CSV (after the BOM line): id_a,id_b,fid_a,fid_b,relation,adjacent,shared,gap,overlap.
# Ids are quoted when they contain a comma: quoted fields are replaced before splitting.
tail -n +2 "$WORK/tl.csv" | sed -E 's/"([^"]|"")*"/Q/g' | awk -F, -v OFS=, 'FILENAME == ARGV[1] {bad[$1]=1; next}
    { if (($3 in bad) || ($4 in bad)) next; print $3, $4, $6, $7 }' "$WORK/invalid.txt" - | sort -t, -k1,1n -k2,2n >"$WORK/tl.pairs"
sort -t, -k1,1n -k2,2n "$WORK/pg.csv" >"$WORK/pg.pairs"

n_tl=$(wc -l <"$WORK/tl.pairs"); n_pg=$(wc -l <"$WORK/pg.pairs")
cut -d, -f1,2 "$WORK/tl.pairs" >"$WORK/tl.keys"; cut -d, -f1,2 "$WORK/pg.pairs" >"$WORK/pg.keys"
if ! cmp -s "$WORK/tl.keys" "$WORK/pg.keys"; then
    echo "pairs only in tenglong:" >&2; comm -23 "$WORK/tl.keys" "$WORK/pg.keys" | head -20 >&2
    echo "pairs only in PostGIS:" >&2; comm -13 "$WORK/tl.keys" "$WORK/pg.keys" | head -20 >&2
    fail "different pair sets (tenglong $n_tl, PostGIS $n_pg)"
fi
paste -d, "$WORK/tl.pairs" "$WORK/pg.pairs" | awk -F, -v tol="$TOL_M" '
    { d = $4 - $7; if (d < 0) d = -d; if (d > max) { max = d; at = $1 "-" $2 }
      adj_pg = ($7 > 0) ? "yes" : "no"
      if (d > tol) { bad++; if (bad <= 10) printf "  %s-%s tenglong %s PostGIS %s\n", $1, $2, $4, $7 > "/dev/stderr" }
      if ($3 != adj_pg) { badadj++; if (badadj <= 10) printf "  %s-%s adjacent %s vs PostGIS shared %s\n", $1, $2, $3, $7 > "/dev/stderr" }
      if ($3 == "yes") nadj++
    }
    END { printf "pairs %d, adjacent %d, max |difference| %.6f m (pair %s)\n", NR, nadj, max, at
          if (bad || badadj) { printf "FAIL: %d lengths beyond %s m, %d adjacency disagreements\n", bad, tol, badadj > "/dev/stderr"; exit 1 } }'
printf "excluded invalid/empty source features: %d\n" "$(wc -l <"$WORK/invalid.txt")"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN { printf "timings: tenglong neighbors %.2f s (read + normalize + adjacency); PostGIS load %.2f s, pairs query %.2f s\n", b - a, c - b, d - c }'
echo "adjacency_postgis: ok"
