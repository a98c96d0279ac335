#!/usr/bin/python3
"""Two GeoJSON files read back through GDAL give the same features and values.

    compare_geojson.py A.geojson B.geojson [...]   (pairs: ours theirs ours theirs ...)

Used to prove tenglong's own GeoJSON writer against GDAL's driver (issue 23 decision 2): for each
pair, the same fields with the same types as GDAL infers them, the same number of features in the same order; for each feature the same properties (a
property one file leaves out and the other writes as null are both null; a number equal as a
number, whether GDAL reads it as Integer or Real) and the same geometry (ISO WKB byte for byte:
every coordinate the same double). Exit 1 with the first differences.
"""
import math
import sys

from osgeo import gdal, ogr

gdal.UseExceptions()


def features(path):
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["GeoJSON"])
    if ds is None or ds.GetLayerCount() != 1:
        raise SystemExit(f"{path}: GDAL does not read one layer")
    layer = ds.GetLayer(0)
    d = layer.GetLayerDefn()
    schema = [(d.GetFieldDefn(i).GetName(), d.GetFieldDefn(i).GetTypeName(), d.GetFieldDefn(i).GetSubType())
              for i in range(d.GetFieldCount())] + [("geometry type", layer.GetGeomType())]
    out = []
    for f in layer:
        props = {}
        for i in range(f.GetFieldCount()):
            name = f.GetFieldDefnRef(i).GetName()
            if not f.IsFieldSetAndNotNull(i):
                props[name] = None
                continue
            t = f.GetFieldDefnRef(i).GetType()
            if t in (ogr.OFTInteger, ogr.OFTInteger64):
                props[name] = f.GetFieldAsInteger64(i)
            elif t == ogr.OFTReal:
                props[name] = f.GetFieldAsDouble(i)
            else:
                props[name] = f.GetFieldAsString(i)
        g = f.GetGeometryRef()
        out.append((props, None if g is None else bytes(g.ExportToIsoWkb(ogr.wkbNDR))))
    return schema, out


def same_value(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b
    return a == b


def compare(ours, theirs):
    (sa, a), (sb, b) = features(ours), features(theirs)
    problems = []
    if sa != sb:
        problems.append(f"GDAL reads other field types: {[x for x in sa if x not in sb]} against {[x for x in sb if x not in sa]}")
    if len(a) != len(b):
        problems.append(f"{len(a)} features against {len(b)}")
    for k, ((pa, ga), (pb, gb)) in enumerate(zip(a, b)):
        for key in sorted(set(pa) | set(pb)):
            va, vb = pa.get(key), pb.get(key)
            if not same_value(va, vb):
                problems.append(f"feature {k}: {key}: {va!r} against {vb!r}")
        if ga != gb:
            problems.append(f"feature {k}: geometry differs: {ogr.CreateGeometryFromWkb(ga).ExportToWkt()[:120] if ga else None} "
                            f"against {ogr.CreateGeometryFromWkb(gb).ExportToWkt()[:120] if gb else None}")
        if len(problems) > 10:
            break
    return len(a), problems


def main(argv):
    if len(argv) < 2 or len(argv) % 2:
        raise SystemExit("usage: compare_geojson.py OURS THEIRS [OURS THEIRS ...]")
    failed = False
    for ours, theirs in zip(argv[0::2], argv[1::2]):
        n, problems = compare(ours, theirs)
        if problems:
            failed = True
            print(f"{ours} against {theirs}:")
            for p in problems[:10]:
                print("  " + p)
        else:
            print(f"{ours}: {n} features, the same as GDAL's writer gives")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
