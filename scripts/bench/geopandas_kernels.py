#!/usr/bin/python3
"""The benchmark's four analyses in GeoPandas (Debian's python3-geopandas), for scripts/bench.sh.

    geopandas_kernels.py DATA_DIR OUT.json

Reads the county's shapefiles (parcels, buildings, approvals, supplies, control_lines), repairs
invalid geometries with make_valid (polygonal part), drops null and empty ones, and computes the
same totals as scripts/bench/postgis_kernels.sql (the rules are written there once, in full):

  unsupplied  per batch: batch - union(supply ∩ batch); pieces < 10 m² or narrower than 0.5 m
              (buffer -0.25 empty) dropped; total area, batches with some left
  far         building ∩ parcel pieces: total footprint area, parcels with a piece, and the floor
              area with the stated storeys (CS, 1..99) — the FAR numerator
  adjacency   parcel pairs that meet: pairs with shared boundary > 0, total shared length
              (touching: linear part of boundary ∩ boundary; overlapping: mean of boundary(a) ∩ b
              and boundary(b) ∩ a)
  control     industrial parcels (DLBM 0601*, 1001*, M*): count, area inside the union of the lines,
              and those outside (inside share < 50 %, R16): count and area

Writes OUT.json: {"load_s": ..., "kernels_s": {...}, "totals": {...}}. Written the way an analyst
would: vectorised GeoPandas where it has an operation (sjoin, overlay pieces via
GeoSeries.intersection), Python where it has none.
"""
import json
import sys
import time

import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPolygon, Polygon, GeometryCollection
from shapely.ops import unary_union
from shapely.validation import make_valid


def polygonal(g):
    """The polygonal part of g (None when there is none)."""
    if g is None or g.is_empty:
        return None
    if isinstance(g, (Polygon, MultiPolygon)):
        return g
    if isinstance(g, GeometryCollection):
        polys = [p for p in g.geoms if isinstance(p, (Polygon, MultiPolygon))]
        if not polys:
            return None
        return unary_union(polys)
    return None


def load(path, columns):
    df = gpd.read_file(path, ignore_fields=None)
    df = df[[c for c in columns if c in df.columns] + ["geometry"]].copy()
    df["fid"] = range(len(df))
    df = df[df.geometry.notna() & ~df.geometry.is_empty]
    bad = ~df.geometry.is_valid
    if bad.any():
        df.loc[bad, "geometry"] = df.loc[bad, "geometry"].apply(lambda g: polygonal(make_valid(g)))
    df = df[df.geometry.notna()]
    df = df[~df.geometry.is_empty]
    return df.reset_index(drop=True)


def line_length(g):
    """Length of the linear components of g (points and polygons ignored)."""
    if g is None or g.is_empty:
        return 0.0
    t = g.geom_type
    if t in ("LineString", "LinearRing", "MultiLineString"):
        return g.length
    if t == "GeometryCollection":
        return sum(line_length(p) for p in g.geoms)
    return 0.0


def main(data, out):
    t0 = time.perf_counter()
    parcels = load(f"{data}/parcels.shp", ["DLBM"])
    buildings = load(f"{data}/buildings.shp", ["CS"])
    approvals = load(f"{data}/approvals.shp", [])
    supplies = load(f"{data}/supplies.shp", [])
    lines = load(f"{data}/control_lines.shp", [])
    t_load = time.perf_counter() - t0
    kernels, totals = {}, {}

    # ---- 批而未供 ------------------------------------------------------------------------
    t = time.perf_counter()
    j = gpd.sjoin(approvals[["geometry"]], supplies[["geometry"]], predicate="intersects", how="inner")
    sup_geom = supplies.geometry.values[j["index_right"].to_numpy()]
    pieces = gpd.GeoSeries(j.geometry.values, index=j.index).intersection(gpd.GeoSeries(sup_geom, index=j.index))
    pieces = pieces.apply(polygonal).dropna()
    supplied = pieces.groupby(level=0).agg(lambda s: unary_union(list(s)))
    unsup_total, unsup_batches = 0.0, 0
    for i, batch in enumerate(approvals.geometry.values):
        rest = batch.difference(supplied[i]) if i in supplied.index else batch
        rest = polygonal(rest)
        if rest is None:
            continue
        kept = 0.0
        for p in getattr(rest, "geoms", [rest]):
            if p.area < 10 or p.buffer(-0.25, 8).is_empty:
                continue
            kept += p.area
        if kept > 0:
            unsup_total += kept
            unsup_batches += 1
    kernels["unsupplied"] = time.perf_counter() - t
    totals["unsupplied_area_m2"] = unsup_total
    totals["unsupplied_batches"] = unsup_batches

    # ---- FAR by intersection --------------------------------------------------------------
    t = time.perf_counter()
    j = gpd.sjoin(buildings[["CS", "geometry"]], parcels[["geometry"]], predicate="intersects", how="inner")
    pgeom = gpd.GeoSeries(parcels.geometry.values[j["index_right"].to_numpy()], index=j.index)
    area = gpd.GeoSeries(j.geometry.values, index=j.index).intersection(pgeom).area
    keep = area > 0
    cs = pd.to_numeric(j["CS"], errors="coerce")
    stated = cs.where((cs >= 1) & (cs < 100) & (cs == cs.round()), 0)
    kernels["far"] = time.perf_counter() - t
    totals["footprint_in_parcels_m2"] = float(area[keep].sum())
    totals["parcels_with_buildings"] = int(j.loc[keep, "index_right"].nunique())
    totals["stated_floor_area_m2"] = float((area[keep] * stated[keep]).sum())

    # ---- adjacency with shared length -----------------------------------------------------
    t = time.perf_counter()
    j = gpd.sjoin(parcels[["geometry"]], parcels[["geometry"]], predicate="intersects", how="inner")
    j = j[j.index < j["index_right"]]
    geoms = parcels.geometry.values
    pairs, shared_total = 0, 0.0
    for a_i, b_i in zip(j.index.to_numpy(), j["index_right"].to_numpy()):
        a, b = geoms[a_i], geoms[b_i]
        if a.touches(b):
            s = line_length(a.boundary.intersection(b.boundary))
        else:
            s = (line_length(a.boundary.intersection(b)) + line_length(b.boundary.intersection(a))) / 2
        if s > 0:
            pairs += 1
            shared_total += s
    kernels["adjacency"] = time.perf_counter() - t
    totals["adjacent_pairs"] = pairs
    totals["shared_length_m"] = shared_total

    # ---- control-line share of industrial land -------------------------------------------
    t = time.perf_counter()
    code = parcels["DLBM"].fillna("").astype(str).str.strip().str.upper()
    ind = parcels[code.str.startswith("0601") | code.str.startswith("1001") | code.str.startswith("M")]
    # The union of the lines as separate polygons under the spatial index (sjoin), so that each
    # parcel is cut only with the polygons it meets.
    zone = unary_union(list(lines.geometry.values))
    zone_parts = gpd.GeoDataFrame(geometry=list(getattr(zone, "geoms", [zone])), crs=parcels.crs)
    area = ind.geometry.area
    j = gpd.sjoin(ind[["geometry"]], zone_parts, predicate="intersects", how="inner")
    zgeom = gpd.GeoSeries(zone_parts.geometry.values[j["index_right"].to_numpy()], index=j.index)
    pieces = gpd.GeoSeries(j.geometry.values, index=j.index).intersection(zgeom).area
    inside = pieces.groupby(level=0).sum().reindex(ind.index, fill_value=0.0).clip(upper=area)
    outside = (area > 0) & (inside / area.where(area > 0, 1) < 0.5)
    kernels["control_line"] = time.perf_counter() - t
    totals["industrial_parcels"] = int(len(ind))
    totals["industrial_inside_m2"] = float(inside.sum())
    totals["outside_parcels"] = int(outside.sum())
    totals["outside_area_m2"] = float(area[outside].sum())

    with open(out, "w") as f:
        json.dump({"engine": "geopandas", "load_s": t_load, "kernels_s": kernels, "totals": totals}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
