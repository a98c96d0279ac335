#!/usr/bin/env python3
"""split_plan.py DEMO_DIR OUT_DIR: split plans for one demo parcel, for check-split's tests
(tests/e2e/check_split.sh, tests/e2e/profile_keys_live.sh).

Picks the first industrial parcel (by 宗地代码) that is one ring, ≥ 21 亩, not supplied by 协议,
with output in its latest 亩均 year and at least two buildings inside it, and writes in OUT_DIR:
  good.geojson         two pieces (甲, 乙; 用途 生产) cut between buildings, EPSG:4549 `crs` member
  good_nocrs.geojson   the same without a CRS
  bad.geojson          two pieces cut through a building
  keys.geojson         cut through a building and a 0.5 m strip left out (R13.plan and
                       R13.whole_building fail at their 1 m² tolerances, pass at 1000 m²)
  expect.json          the parcel id, the good pieces' areas, the cut-off footprint, the building
Areas are shoelace areas of rings clipped by Sutherland–Hodgman: independent of GEOS.
"""
import csv, json, subprocess, sys
demo, tmp = sys.argv[1], sys.argv[2]
for src, dst in (("parcels.shp", "parcels.json"), ("buildings.shp", "buildings.json")):
    # The demo's parcels and buildings are GBK shapefiles without a .cpg (as deliveries are).
    subprocess.run(["ogr2ogr", "--config", "SHAPE_ENCODING", "CP936", "-f", "GeoJSON", f"{tmp}/{dst}", f"{demo}/{src}", "-lco", "RFC7946=NO",
                    "-lco", "COORDINATE_PRECISION=6"], check=True)
subprocess.run(["ogr2ogr", "-f", "CSV", f"{tmp}/supplies.csv", f"{demo}/supplies.shp"], check=True)

def area(ring):
    return abs(sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))) / 2

def clip(ring, x, keep_left):
    """Sutherland–Hodgman: the part of a closed ring left (or right) of the line X = x."""
    inside = (lambda p: p[0] <= x) if keep_left else (lambda p: p[0] >= x)
    out = []
    for a, b in zip(ring, ring[1:]):
        if inside(a): out.append(a)
        if inside(a) != inside(b):
            t = (x - a[0]) / (b[0] - a[0])
            out.append([x, a[1] + t * (b[1] - a[1])])
    if out and out[0] != out[-1]: out.append(out[0])
    return out if len(out) >= 4 else []

parcels = json.load(open(f"{tmp}/parcels.json"))["features"]
buildings = json.load(open(f"{tmp}/buildings.json"))["features"]
supplies = {r["ZDDM"]: r["GYFS"] for r in csv.DictReader(open(f"{tmp}/supplies.csv", encoding="utf-8"))}
ent = {}
for r in csv.DictReader(open(f"{demo}/enterprises.csv", encoding="utf-8-sig")):
    if r["ZDDM"] and (r["ZDDM"] not in ent or int(r["ND"]) > int(ent[r["ZDDM"]]["ND"])): ent[r["ZDDM"]] = r
def bbox(ring):
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)
brings = [(b["properties"].get("JZWBH"), b["geometry"]["coordinates"][0]) for b in buildings if b["geometry"] and b["geometry"]["type"] == "Polygon"]
choice = None
for f in sorted(parcels, key=lambda f: f["properties"]["ZDDM"]):
    p, g = f["properties"], f["geometry"]
    if not g or g["type"] != "Polygon" or len(g["coordinates"]) != 1 or not str(p["DLBM"]).startswith("06"): continue
    ring = g["coordinates"][0]
    A = area(ring)
    if A < 14000: continue
    if "协议" in supplies.get(p["ZDDM"], "协议"): continue
    e = ent.get(p["ZDDM"])
    if not e or not e["YYSR"] or float(e["YYSR"]) <= 0: continue
    x0, y0, x1, y1 = bbox(ring)
    inside = [(i, r) for i, r in brings if x0 <= bbox(r)[0] and bbox(r)[2] <= x1 and y0 <= bbox(r)[1] and bbox(r)[3] <= y1]
    if len(inside) < 2: continue
    # A cut between buildings leaving ≥ 10.5 亩 each side, and a cut through a building.
    good = None
    for k in range(1, 100):
        x = x0 + (x1 - x0) * k / 100
        if any(bbox(r)[0] - 2 <= x <= bbox(r)[2] + 2 for _, r in inside): continue
        l, rr = clip(ring, x, True), clip(ring, x, False)
        if l and rr and area(l) >= 6800 and area(rr) >= 6800: good = x; break
    bad = None
    for i, r in inside:
        bx0, _, bx1, _ = bbox(r)
        x = (bx0 + bx1) / 2
        l, rr = clip(ring, x, True), clip(ring, x, False)
        if l and rr: bad = (x, i, r); break
    if good and bad: choice = (p["ZDDM"], ring, good, bad); break
assert choice, "no demo parcel fits the test"
pid, ring, good, (xb, bid, bring) = choice
crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}
def plan(x, with_crs=True, gap=0.0):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"分割编号": "甲", "用途": "生产"}, "geometry": {"type": "Polygon", "coordinates": [clip(ring, x - gap, True)]}},
        {"type": "Feature", "properties": {"分割编号": "乙", "用途": "生产"}, "geometry": {"type": "Polygon", "coordinates": [clip(ring, x, False)]}}]}
    if with_crs: fc["crs"] = crs
    return fc
json.dump(plan(good), open(f"{tmp}/good.geojson", "w"), ensure_ascii=False)
json.dump(plan(good, False), open(f"{tmp}/good_nocrs.geojson", "w"), ensure_ascii=False)
json.dump(plan(xb), open(f"{tmp}/bad.geojson", "w"), ensure_ascii=False)
json.dump(plan(xb, True, 0.5), open(f"{tmp}/keys.geojson", "w"), ensure_ascii=False)
cut = min(area(clip(bring, xb, True)), area(clip(bring, xb, False)))
json.dump({"parcel": pid, "areas": [area(clip(ring, good, True)), area(clip(ring, good, False))], "cut": cut, "building": bid},
          open(f"{tmp}/expect.json", "w"))
print("parcel", pid, "cut through building", bid, f"{cut:.2f} m²")
