#!/usr/bin/env bash
# Proof of the intensity measures (issue 4 §6): per-parcel FAR and building coverage written by
# `tenglong analyze` agree, within 1e-9 relative, with the same computation done independently
# by SpatiaLite (sqlite3 + mod_spatialite) on the demo county's shapefiles:
#   piece(p, b)  = ST_Area(ST_Intersection(parcel, building))          (apportioning)
#   host(b)      = parcel with the largest piece (ties: lowest FID)      -> industrial class
#   floors(b)    = CS if 1 ≤ CS < 200 and whole; else from JZGD: industrial ≤ 8 m → 1,
#                  else ceil(JZGD / 8); non-industrial max(1, round(JZGD / 3.5))
#   storey(b)    = CG if > 0, else JZGD / floors;  m = 2 if storey > 8, 0.5 if < 2.2, else 1
#   factor(b)    = floors × m; without floors and height: JZMJ / footprint; else unknown (0)
#   FAR(p)       = Σ piece × factor / basis  (the profile's overlapping_floors = "sum"; the demo has
#                  no overlapping footprints, and the derived delivery below is run with "sum")
#   coverage(p)  = ST_Area(ST_Intersection(ST_Union(buildings), parcel)) / basis: the ground once
#   basis(p)     = ZDMJ when > 0 and within 5 % of ST_Area(parcel), else ST_Area(parcel)
# Parcels whose geometry (or one of whose buildings' geometry) is invalid in the source are left
# out of the comparison: tenglong repairs them (MakeValid) and SpatiaLite cannot intersect them;
# the script prints how many, and requires at least 95 % of the parcels to be compared.
# Our side is parcels.gpkg (full doubles); parcels.csv is checked to agree to its 6 decimals.
# The same check runs a second time on a delivery derived from the demo with overlapping
# footprints (every 25th building gets a 6-storey "tower" drawn over half of it, every 40th is
# entered twice): coverage must still be the union's, and every overlapping pair an issue.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
demo="$TL_SOURCE_DIR/shapefiles/demo"
[ -f "$demo/parcels.shp" ] || fail "no demo data in $demo"
command -v sqlite3 >/dev/null || fail "sqlite3 not installed (apt-get install sqlite3 libsqlite3-mod-spatialite)"

check_dataset() {   # DATA_DIR [PROFILE]
local data=$1 profile=${2:-}
"$TENGLONG" analyze "$data" --as-of 2023-12-31 --out "$tmp/out" --overwrite -q ${profile:+--profile "$profile"} > "$tmp/stdout" 2> "$tmp/stderr" \
  || { cat "$tmp/stderr"; fail "analyze failed"; }
python3 "$TL_SOURCE_DIR/tests/e2e/lib/check_accounting.py" "$tmp/out" || fail "accounting"
[ -f "$tmp/out/parcels.gpkg" ] || fail "analyze wrote no parcels.gpkg (the lead wires report::run_intensity into analyze)"
[ -f "$tmp/out/parcels.csv" ] || fail "analyze wrote no parcels.csv"

db="$tmp/ref.sqlite"; rm -f "$db"
SHAPE_ENCODING=CP936 ogr2ogr -f SQLite -dsco SPATIALITE=YES -preserve_fid -nlt PROMOTE_TO_MULTI -nln parcels "$db" "$data/parcels.shp" 2> "$tmp/ogr.err" \
  || { cat "$tmp/ogr.err"; fail "ogr2ogr parcels"; }
SHAPE_ENCODING=CP936 ogr2ogr -update -f SQLite -preserve_fid -nlt PROMOTE_TO_MULTI -nln buildings "$db" "$data/buildings.shp" 2>> "$tmp/ogr.err" \
  || { cat "$tmp/ogr.err"; fail "ogr2ogr buildings"; }
ogr2ogr -update -f SQLite -nln ours "$db" "$tmp/out/parcels.gpkg" parcels 2>> "$tmp/ogr.err" \
  || { cat "$tmp/ogr.err"; fail "ogr2ogr ours"; }
# parcels.csv (UTF-8 BOM, Chinese headers): source_fid is column 2, far 17, coverage 18.
tail -n +2 "$tmp/out/parcels.csv" | python3 -c '
import csv, sys
for r in csv.reader(sys.stdin): print(f"{r[1]}|{r[16]}|{r[17]}")' > "$tmp/csv_far.txt"

sqlite3 "$db" > "$tmp/result.txt" 2> "$tmp/sql.err" <<'SQL' || { cat "$tmp/sql.err"; fail "sqlite3"; }
.load mod_spatialite
.mode list
.separator |
CREATE TEMP TABLE pv AS SELECT ogc_fid AS pfid, ST_IsValid(GEOMETRY) AS ok FROM parcels WHERE GEOMETRY IS NOT NULL;
CREATE TEMP TABLE bv AS SELECT ogc_fid AS bfid, ST_IsValid(GEOMETRY) AS ok FROM buildings WHERE GEOMETRY IS NOT NULL;
CREATE INDEX bv_fid ON bv (bfid);
-- every (parcel, building) pair whose boxes meet
CREATE TEMP TABLE cand AS
SELECT p.ogc_fid AS pfid, b.ogc_fid AS bfid FROM parcels p JOIN buildings b
  ON b.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'buildings' AND search_frame = p.GEOMETRY)
WHERE p.GEOMETRY IS NOT NULL AND b.GEOMETRY IS NOT NULL;
CREATE TEMP TABLE pieces AS
SELECT c.pfid, c.bfid, ST_Area(ST_Intersection(p.GEOMETRY, b.GEOMETRY)) AS a
FROM cand c JOIN parcels p ON p.ogc_fid = c.pfid JOIN buildings b ON b.ogc_fid = c.bfid
JOIN pv ON pv.pfid = c.pfid JOIN bv ON bv.bfid = c.bfid
WHERE pv.ok = 1 AND bv.ok = 1;
DELETE FROM pieces WHERE a IS NULL OR a <= 0;
CREATE INDEX pieces_p ON pieces (pfid);
-- parcels left out: invalid, or touching an invalid building, or sharing a building with an invalid parcel
CREATE TEMP TABLE excluded AS
SELECT pfid FROM pv WHERE ok <> 1
UNION SELECT c.pfid FROM cand c JOIN bv ON bv.bfid = c.bfid WHERE bv.ok <> 1
UNION SELECT c2.pfid FROM cand c1 JOIN pv ON pv.pfid = c1.pfid AND pv.ok <> 1 JOIN cand c2 ON c2.bfid = c1.bfid;
CREATE TEMP TABLE host AS
SELECT bfid, pfid FROM (SELECT bfid, pfid, ROW_NUMBER() OVER (PARTITION BY bfid ORDER BY a DESC, pfid ASC) AS rn FROM pieces)
WHERE rn = 1;
CREATE TEMP TABLE bf AS
SELECT b.ogc_fid AS bfid, ST_Area(b.GEOMETRY) AS fp,
  CASE WHEN upper(trim(p.DLBM)) LIKE '0601%' OR upper(trim(p.DLBM)) LIKE '1001%' OR upper(trim(p.DLBM)) LIKE 'M%'
       THEN 1 ELSE 0 END AS ind,
  CAST(b.CS AS REAL) AS cs, CAST(b.JZGD AS REAL) AS h, CAST(b.CG AS REAL) AS sh, CAST(b.JZMJ AS REAL) AS fa
FROM buildings b LEFT JOIN host ON host.bfid = b.ogc_fid LEFT JOIN parcels p ON p.ogc_fid = host.pfid
WHERE b.GEOMETRY IS NOT NULL;
CREATE TEMP TABLE bf2 AS
SELECT bfid, fp, h, sh, fa,
  CASE WHEN cs IS NOT NULL AND cs >= 1 AND cs < 200 AND cs = CAST(cs AS INTEGER) THEN CAST(cs AS INTEGER)
       WHEN h > 0 THEN
         CASE WHEN ind = 1 THEN (CASE WHEN h <= 8 THEN 1
                                      ELSE CAST(h / 8.0 AS INTEGER) + (h / 8.0 > CAST(h / 8.0 AS INTEGER)) END)
              ELSE max(1, CAST(h / 3.5 + 0.5 AS INTEGER)) END
       ELSE NULL END AS n
FROM bf;
CREATE TEMP TABLE bf3 AS
SELECT bfid,
  CASE WHEN n IS NULL THEN (CASE WHEN fa > 0 AND fp > 0 THEN fa / fp ELSE NULL END)
       ELSE n * (CASE WHEN sh > 0 THEN (CASE WHEN sh > 8 THEN 2.0 WHEN sh < 2.2 THEN 0.5 ELSE 1.0 END)
                      WHEN h > 0 THEN (CASE WHEN h / n > 8 THEN 2.0 WHEN h / n < 2.2 THEN 0.5 ELSE 1.0 END)
                      ELSE 1.0 END) END AS factor
FROM bf2;
CREATE TEMP TABLE ref AS
SELECT p.ogc_fid AS pfid, ST_Area(p.GEOMETRY) AS ga, CAST(p.ZDMJ AS REAL) AS reg,
  COALESCE((SELECT ST_Area(ST_Intersection(ST_Union(b.GEOMETRY), p.GEOMETRY)) FROM pieces pc
            JOIN buildings b ON b.ogc_fid = pc.bfid WHERE pc.pfid = p.ogc_fid), 0) AS foot,
  COALESCE((SELECT sum(pc.a * f.factor) FROM pieces pc JOIN bf3 f ON f.bfid = pc.bfid
            WHERE pc.pfid = p.ogc_fid AND f.factor IS NOT NULL), 0) AS floor
FROM parcels p JOIN pv ON pv.pfid = p.ogc_fid WHERE p.ogc_fid NOT IN (SELECT pfid FROM excluded);
CREATE TEMP TABLE cmp AS
SELECT r.pfid, o.far AS o_far, o.coverage AS o_cov,
  r.floor / (CASE WHEN r.reg > 0 AND abs(r.reg - r.ga) / r.ga <= 0.05 THEN r.reg ELSE r.ga END) AS r_far,
  r.foot / (CASE WHEN r.reg > 0 AND abs(r.reg - r.ga) / r.ga <= 0.05 THEN r.reg ELSE r.ga END) AS r_cov
FROM ref r JOIN ours o ON o.source_fid = r.pfid;
CREATE TEMP TABLE rel AS
SELECT pfid, o_far, r_far, o_cov, r_cov,
  CASE WHEN o_far = r_far THEN 0 ELSE abs(o_far - r_far) / max(abs(o_far), abs(r_far)) END AS e_far,
  CASE WHEN o_cov = r_cov THEN 0 ELSE abs(o_cov - r_cov) / max(abs(o_cov), abs(r_cov)) END AS e_cov
FROM cmp;
SELECT 'parcels', (SELECT count(*) FROM ours);
CREATE TEMP TABLE bpairs AS
SELECT a.ogc_fid AS f1, b.ogc_fid AS f2 FROM buildings a, buildings b
  WHERE b.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'buildings' AND search_frame = a.GEOMETRY)
    AND a.ogc_fid < b.ogc_fid;
SELECT 'overlap_pairs', count(*) FROM bpairs
  JOIN bv va ON va.bfid = bpairs.f1 JOIN bv vb ON vb.bfid = bpairs.f2
  JOIN buildings a ON a.ogc_fid = bpairs.f1 JOIN buildings b ON b.ogc_fid = bpairs.f2
  WHERE va.ok = 1 AND vb.ok = 1 AND ST_Area(ST_Intersection(a.GEOMETRY, b.GEOMETRY)) > 1e-6;
SELECT 'compared', count(*) FROM rel;
SELECT 'excluded', (SELECT count(*) FROM excluded);
SELECT 'with_buildings', count(*) FROM rel WHERE r_cov > 0;
SELECT 'max_rel_far', printf('%.3e', max(e_far)) FROM rel;
SELECT 'max_rel_cov', printf('%.3e', max(e_cov)) FROM rel;
SELECT 'bad', count(*) FROM rel WHERE e_far > 1e-9 OR e_cov > 1e-9;
SELECT 'detail', pfid, o_far, r_far, o_cov, r_cov FROM rel WHERE e_far > 1e-9 OR e_cov > 1e-9 ORDER BY pfid LIMIT 10;
.output stdout
SQL
cat "$tmp/result.txt"
val() { awk -F'|' -v k="$1" '$1 == k { print $2 }' "$tmp/result.txt"; }
parcels=$(val parcels); compared=$(val compared); bad=$(val bad); withb=$(val with_buildings)
[ -n "$compared" ] && [ "$compared" -gt 0 ] || fail "nothing compared"
[ "$bad" -eq 0 ] || fail "$bad parcels differ from SpatiaLite by more than 1e-9 relative"
[ $((compared * 100)) -ge $((parcels * 95)) ] || fail "only $compared of $parcels parcels compared"
[ "$withb" -ge $((compared / 4)) ] || fail "too few parcels with buildings ($withb): the comparison tests little"

# parcels.csv agrees with parcels.gpkg to its printed precision (6 decimals)
sqlite3 "$db" "SELECT source_fid || '|' || printf('%.6f', far) || '|' || printf('%.6f', coverage) FROM ours ORDER BY source_fid" \
  > "$tmp/gpkg_far.txt"
sort -t'|' -k1,1n "$tmp/csv_far.txt" > "$tmp/csv_sorted.txt"
diff <(sort -t'|' -k1,1n "$tmp/gpkg_far.txt") "$tmp/csv_sorted.txt" > /dev/null || fail "parcels.csv differs from parcels.gpkg"
overlaps=$(val overlap_pairs)
issued=$(python3 -c "import csv,sys; print(sum(1 for r in csv.reader(open(sys.argv[1], encoding='utf-8-sig')) if 'building_overlap' in r or '建筑重叠' in r))" "$tmp/out/issues.csv")
[ "$issued" -eq "$overlaps" ] || fail "$data: $overlaps overlapping building pairs (SpatiaLite), $issued building_overlap issues"
echo "ok: $data: $compared parcels ($withb with buildings) agree with SpatiaLite within 1e-9 relative; $overlaps overlapping pairs, each an issue"
}

check_dataset "$demo"

# A delivery with overlapping footprints, derived from the demo (same parcels).
od="$tmp/overlap"
. "$TL_SOURCE_DIR/tests/e2e/lib/overlap_delivery.sh"
make_overlap_delivery "$demo" "$od" || fail "ogr2ogr overlap buildings"
cat > "$tmp/sum.toml" <<'TOML'
[profile]
id = "national-sum"
name = "national, overlapping floors summed"
jurisdiction = "全国"
effective_from = 2008-01-01
extends = "national"
[intensity]
overlapping_floors = "sum"
TOML
check_dataset "$od" "$tmp/sum.toml"

