-- The benchmark's four analyses in PostGIS, for scripts/bench.sh. The same rules as
-- scripts/bench/geopandas_kernels.py and, for the totals compared, as tenglong analyze / neighbors:
--
--   prep        null and empty geometries dropped; invalid ones repaired with
--               ST_MakeValid(geom, 'method=structure keepcollapsed=false'), polygonal part kept
--               (tenglong's geom::normalize); GiST indexes
--   unsupplied  per batch: ST_Difference(batch, ST_Union(ST_Intersection(supply, batch))) over the
--               supplies that intersect it; pieces (ST_Dump) under 10 m² or with an empty
--               ST_Buffer(piece, -0.25) dropped (R01 slivers); total area and batches with some left
--   far         ST_Intersection(building, parcel) pieces: total footprint, parcels with a piece,
--               floor area with the stated storeys CS (1..99) — the FAR numerator
--   adjacency   parcel pairs a.fid < b.fid that intersect: shared length = touching:
--               ST_Length(linear part of ST_Intersection(ST_Boundary(a), ST_Boundary(b)));
--               overlapping: mean of the linear parts of ST_Intersection(ST_Boundary(a), b) and
--               of (ST_Boundary(b), a); pairs with shared > 0 and the total length
--   control     industrial parcels (DLBM 0601*, 1001*, M*): count, the area inside the union of
--               the control lines, and those outside (R16: inside share < 50 %): count and area
--
-- Sections are separated by lines "-- @kernel NAME" so bench.sh can time them one by one; each
-- kernel ends with one SELECT printing "key|value" rows.

-- @kernel prep
-- The repair of one geometry, as tenglong's geom::normalize does it (an SQL function: inlined).
CREATE OR REPLACE FUNCTION tl_repair(g geometry) RETURNS geometry LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN ST_IsValid(g) THEN g
              ELSE ST_CollectionExtract(ST_MakeValid(g, 'method=structure keepcollapsed=false'), 3) END
$$;
CREATE TABLE p AS
  SELECT src_fid AS fid, upper(trim(coalesce(dlbm, ''))) AS dlbm,
         tl_repair(geom) AS geom
  FROM src_parcels WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
DELETE FROM p WHERE ST_IsEmpty(geom);
CREATE TABLE bld AS
  SELECT src_fid AS fid, cs,
         tl_repair(geom) AS geom
  FROM src_buildings WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
DELETE FROM bld WHERE ST_IsEmpty(geom);
CREATE TABLE b AS
  SELECT src_fid AS fid, tl_repair(geom) AS geom
  FROM src_approvals WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
DELETE FROM b WHERE ST_IsEmpty(geom);
CREATE TABLE s AS
  SELECT src_fid AS fid, tl_repair(geom) AS geom
  FROM src_supplies WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
DELETE FROM s WHERE ST_IsEmpty(geom);
CREATE TABLE cl AS
  SELECT src_fid AS fid, tl_repair(geom) AS geom
  FROM src_control_lines WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
CREATE INDEX ON p USING gist (geom);
CREATE INDEX ON bld USING gist (geom);
CREATE INDEX ON b USING gist (geom);
CREATE INDEX ON s USING gist (geom);
ANALYZE p; ANALYZE bld; ANALYZE b; ANALYZE s; ANALYZE cl;
SELECT 'parcels', count(*) FROM p;

-- @kernel unsupplied
WITH sup AS (
  SELECT b.fid, b.geom,
         (SELECT ST_Union(ST_CollectionExtract(ST_Intersection(s.geom, b.geom), 3))
            FROM s WHERE s.geom && b.geom AND ST_Intersects(s.geom, b.geom)) AS supplied
  FROM b),
rest AS (
  SELECT fid, CASE WHEN supplied IS NULL THEN geom ELSE ST_Difference(geom, supplied) END AS geom FROM sup),
pieces AS (
  SELECT r.fid, ST_Area(d.geom) AS area,
         (ST_Area(d.geom) < 10 OR ST_IsEmpty(ST_Buffer(d.geom, -0.25, 8)) OR ST_Area(ST_Buffer(d.geom, -0.25, 8)) <= 0) AS sliver
  FROM rest r, ST_Dump(r.geom) AS d WHERE ST_Dimension(d.geom) = 2),
per_batch AS (SELECT fid, sum(area) AS area FROM pieces WHERE NOT sliver GROUP BY fid HAVING sum(area) > 0)
SELECT 'unsupplied_area_m2', sum(area)::text FROM per_batch
UNION ALL SELECT 'unsupplied_batches', count(*)::text FROM per_batch;

-- @kernel far
WITH pieces AS (
  SELECT p.fid AS parcel, ST_Area(ST_Intersection(bld.geom, p.geom)) AS area,
         CASE WHEN bld.cs::float8 >= 1 AND bld.cs::float8 < 100 AND bld.cs::float8 = round(bld.cs::float8) THEN bld.cs::float8 ELSE 0 END AS floors
  FROM bld JOIN p ON bld.geom && p.geom AND ST_Intersects(bld.geom, p.geom))
SELECT 'footprint_in_parcels_m2', sum(area)::text FROM pieces WHERE area > 0
UNION ALL SELECT 'parcels_with_buildings', count(DISTINCT parcel)::text FROM pieces WHERE area > 0
UNION ALL SELECT 'stated_floor_area_m2', sum(area * floors)::text FROM pieces WHERE area > 0;

-- @kernel adjacency
WITH pairs AS (
  SELECT CASE WHEN ST_Touches(a.geom, b.geom)
              THEN ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2))
              ELSE (ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), b.geom), 2)) +
                    ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(b.geom), a.geom), 2))) / 2
         END AS shared
  FROM p a JOIN p b ON a.fid < b.fid AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom))
SELECT 'adjacent_pairs', count(*)::text FROM pairs WHERE shared > 0
UNION ALL SELECT 'shared_length_m', sum(shared)::text FROM pairs WHERE shared > 0;

-- @kernel control_line
-- The union of the lines cut into small pieces (ST_Subdivide) under a GiST index, so that each
-- parcel meets only the pieces near it; a piece covering the parcel needs no overlay.
CREATE TEMP TABLE zone AS SELECT ST_Subdivide(ST_Union(geom), 256) AS geom FROM cl;
CREATE INDEX ON zone USING gist (geom);
ANALYZE zone;
WITH ind AS (SELECT fid, geom, ST_Area(geom) AS area FROM p WHERE dlbm LIKE '0601%' OR dlbm LIKE '1001%' OR dlbm LIKE 'M%'),
ins AS (SELECT ind.fid, sum(CASE WHEN ST_Covers(z.geom, ind.geom) THEN ind.area
                                 ELSE ST_Area(ST_Intersection(ind.geom, z.geom)) END) AS inside
        FROM ind JOIN zone z ON ind.geom && z.geom AND ST_Intersects(ind.geom, z.geom) GROUP BY ind.fid),
t AS (SELECT ind.area, least(ind.area, coalesce(ins.inside, 0)) AS inside FROM ind LEFT JOIN ins USING (fid))
SELECT 'industrial_parcels', count(*)::text FROM t
UNION ALL SELECT 'industrial_inside_m2', coalesce(sum(inside), 0)::text FROM t
UNION ALL SELECT 'outside_parcels', count(*)::text FROM t WHERE area > 0 AND inside / area < 0.5
UNION ALL SELECT 'outside_area_m2', coalesce(sum(area), 0)::text FROM t WHERE area > 0 AND inside / area < 0.5;
