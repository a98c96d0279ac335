"""Reads OUT_DIR/results.gdb back with GDAL (OpenFileGDB) and checks it against the run's other files.

    python3 check_gdb.py OUT_DIR [EPSG]

- every CSV of the run (each shortlist, parcels, issues) is a layer of the same name with the
  same rows in the same order: field aliases = the CSV headers, each value = the CSV cell
  (numbers rounded alike, empty = null); unsupplied_pieces has the features of unsupplied.geojson;
- parcels equals parcels.gpkg: same geometries (every vertex within half the geodatabase's 0.1 mm grid), texts, and numbers that round to the
  geodatabase's (the GeoPackage keeps them unrounded), same CRS (EPSG if given);
- the coded-value domain `verdict` holds pass / fail / not_applicable / indeterminate, every rule
  column of parcels uses it and holds only its codes.
Prints OK lines; exits 1 with a FAIL line.
"""
import csv
import json
import os
import sys

from osgeo import gdal, ogr

gdal.UseExceptions()


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def decimals(text):
    return len(text.split(".", 1)[1]) if "." in text else 0


def value_text(feat, i, defn):
    """The field's value as the CSV writes it: None for null, else the Python value."""
    if not feat.IsFieldSetAndNotNull(i):
        return None
    t = defn.GetType()
    if t in (ogr.OFTInteger, ogr.OFTInteger64):
        return feat.GetFieldAsInteger64(i)
    if t == ogr.OFTReal:
        return feat.GetFieldAsDouble(i)
    return feat.GetFieldAsString(i)


def coords(g, out):
    """Every vertex of `g`, part by part and ring by ring."""
    if g.GetGeometryCount():
        for k in range(g.GetGeometryCount()):
            coords(g.GetGeometryRef(k), out)
        out.append(None)   # part / ring boundary
    else:
        out.extend(g.GetPoints() or [])
    return out


def same_shape(a, b):
    """Same parts, rings and vertices, each vertex within half a cell of the geodatabase's grid:
    a File Geodatabase stores coordinates on a precision grid, ArcGIS's default resolution
    0.0001 m for metres (GDAL's too), so a vertex comes back up to 0.05 mm off."""
    if a.GetGeometryType() != b.GetGeometryType():
        return False
    pa, pb = coords(a, []), coords(b, [])
    if len(pa) != len(pb):
        return False
    for u, v in zip(pa, pb):
        if (u is None) != (v is None):
            return False
        if u is not None and max(abs(x - y) for x, y in zip(u, v)) > 0.5e-4 + 1e-9 * abs(u[1]):
            return False
    return True


def main(out, epsg):
    gdb = gdal.OpenEx(os.path.join(out, "results.gdb"), gdal.OF_VECTOR, allowed_drivers=["OpenFileGDB"])
    if gdb is None:
        fail("results.gdb does not open with OpenFileGDB")
    names = [gdb.GetLayer(k).GetName() for k in range(gdb.GetLayerCount())]
    csvs = sorted(f[:-4] for f in os.listdir(out) if f.endswith(".csv"))
    if not csvs:
        fail("no CSV in " + out)
    for stem in csvs:
        if stem not in names:
            fail("results.gdb has no layer {} (layers: {})".format(stem, names))
        layer = gdb.GetLayerByName(stem)
        headers, rows = csv_rows(os.path.join(out, stem + ".csv"))
        defn = layer.GetLayerDefn()
        aliases = [defn.GetFieldDefn(i).GetAlternativeName() for i in range(defn.GetFieldCount())]
        if aliases != headers:
            fail("{}: aliases {} != CSV headers {}".format(stem, aliases[:5], headers[:5]))
        if layer.GetFeatureCount() != len(rows):
            fail("{}: {} features, {} CSV rows".format(stem, layer.GetFeatureCount(), len(rows)))
        # A coded field (verdict, issue kind, ...) holds the code; the CSV shows the domain's words.
        words = {}
        for i in range(defn.GetFieldCount()):
            dn = defn.GetFieldDefn(i).GetDomainName()
            if dn:
                dom = gdb.GetFieldDomain(dn)
                if dom is None:
                    fail("{}: field {} names the domain {} the geodatabase lacks".format(stem, defn.GetFieldDefn(i).GetName(), dn))
                words[i] = dom.GetEnumeration()
        layer.ResetReading()
        for r, feat in enumerate(layer):
            for i, cell in enumerate(rows[r]):
                fd = defn.GetFieldDefn(i)
                v = value_text(feat, i, fd)
                if i in words and v is not None:
                    v = words[i].get(v, v)
                if cell == "":
                    ok = v is None or v == ""
                elif fd.GetType() == ogr.OFTReal:
                    ok = v is not None and v == float(cell)
                elif fd.GetType() in (ogr.OFTInteger, ogr.OFTInteger64):
                    ok = v is not None and v == int(cell)
                else:
                    ok = v == cell
                if not ok:
                    fail("{} row {} {}: gdb {!r}, CSV {!r}".format(stem, r + 1, fd.GetName(), v, cell))
        print("OK {}: {} rows = CSV, aliases = headers".format(stem, len(rows)))
        if stem in ("idle", "inefficient", "scattered", "control_line", "parcels") and layer.GetGeomType() == ogr.wkbNone:
            fail(stem + ": a shortlist with geometries became a plain table")

    if os.path.isfile(os.path.join(out, "unsupplied.geojson")):
        with open(os.path.join(out, "unsupplied.geojson"), encoding="utf-8") as f:
            n = len(json.load(f)["features"])
        pieces = gdb.GetLayerByName("unsupplied_pieces")
        if pieces is None or pieces.GetFeatureCount() != n:
            fail("unsupplied_pieces: {} features, unsupplied.geojson {}".format(
                None if pieces is None else pieces.GetFeatureCount(), n))
        print("OK unsupplied_pieces: {} features = unsupplied.geojson".format(n))

    # parcels against the GeoPackage (same geometries, same values before rounding).
    gpkg = ogr.Open(os.path.join(out, "parcels.gpkg"))
    a, b = gpkg.GetLayerByName("parcels"), gdb.GetLayerByName("parcels")
    if a.GetFeatureCount() != b.GetFeatureCount():
        fail("parcels: gpkg {} features, gdb {}".format(a.GetFeatureCount(), b.GetFeatureCount()))
    sa, sb = a.GetSpatialRef(), b.GetSpatialRef()
    if sa is None or sb is None or not sa.IsSame(sb):
        fail("parcels: the geodatabase's CRS differs from the GeoPackage's")
    if epsg:
        sb.AutoIdentifyEPSG()
        if sb.GetAuthorityCode(None) != str(epsg):
            fail("parcels: CRS EPSG {} != {}".format(sb.GetAuthorityCode(None), epsg))
    da, db = a.GetLayerDefn(), b.GetLayerDefn()
    _h, prow = csv_rows(os.path.join(out, "parcels.csv"))
    a.ResetReading()
    b.ResetReading()
    for r, (fa, fb) in enumerate(zip(a, b)):
        ga, gb = fa.GetGeometryRef(), fb.GetGeometryRef()
        if (ga is None) != (gb is None) or (ga is not None and not same_shape(ga, gb)):
            fail("parcels row {}: geometry differs from the GeoPackage's".format(r + 1))
        for i in range(db.GetFieldCount()):
            name = db.GetFieldDefn(i).GetName()
            j = da.GetFieldIndex(name)
            va, vb = value_text(fa, j, da.GetFieldDefn(j)), value_text(fb, i, db.GetFieldDefn(i))
            if isinstance(vb, float):
                tol = 0.5 * 10 ** -decimals(prow[r][i]) + 1e-9 * max(1.0, abs(vb))
                ok = va is not None and abs(va - vb) <= tol
            else:
                ok = va == vb or (va in (None, "") and vb in (None, ""))
            if not ok:
                fail("parcels row {} {}: gpkg {!r}, gdb {!r}".format(r + 1, name, va, vb))
    print("OK parcels: {} features = parcels.gpkg (geometries, values, CRS)".format(b.GetFeatureCount()))

    dom = gdb.GetFieldDomain("verdict")
    if dom is None or dom.GetDomainType() != ogr.OFDT_CODED:
        fail("no coded-value domain 'verdict'")
    codes = dom.GetEnumeration()
    if sorted(codes) != sorted(["pass", "fail", "not_applicable", "indeterminate"]) or any(not v for v in codes.values()):
        fail("domain verdict: {}".format(codes))
    rule_fields = [i for i in range(db.GetFieldCount()) if db.GetFieldDefn(i).GetDomainName() == "verdict"]
    if len(rule_fields) < 2:
        fail("parcels: {} fields use the verdict domain".format(len(rule_fields)))
    b.ResetReading()
    seen = set()
    for feat in b:
        for i in rule_fields:
            v = value_text(feat, i, db.GetFieldDefn(i))
            if v is not None and v not in codes:
                fail("parcels {}: {!r} is not a code of the verdict domain".format(db.GetFieldDefn(i).GetName(), v))
            seen.add(v)
    if "fail" not in seen or "pass" not in seen:
        fail("the verdict fields hold {} (expected passes and fails on the demo)".format(seen))
    print("OK domain verdict: {} on {} rule fields".format(codes, len(rule_fields)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
