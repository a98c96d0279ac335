#!/usr/bin/env python3
# Writes the PostGIS-comparison case set for 批而未供 (R01) as CSV + WKT (EPSG:4549 coordinates).
# Authoring tool only: its output (*.csv, *.csvt) is committed; tests/e2e/unsupplied_postgis.sh
# turns the CSVs into shapefiles with ogr2ogr. Deterministic (fixed seed). Re-run:
#     python3 tests/data/unsupplied/make_cases.py tests/data/unsupplied
import math, random, sys, os

X0, Y0 = 481000.0, 3301000.0   # a spot in CM 120E, Zhejiang latitudes
CELL = 400.0                   # each case in its own 400 m column

def xy(i, x, y):               # case i, local metres -> EPSG:4549
    return (X0 + CELL * i + x, Y0 + y)

def ring(i, pts):
    pts = list(pts)
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    return "(" + ",".join("%.4f %.4f" % xy(i, x, y) for x, y in pts) + ")"

def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]

def poly(i, *rings):
    return "POLYGON(" + ",".join(ring(i, r) for r in rings) + ")"

def mpoly(i, *polys):          # polys: lists of rings
    return "MULTIPOLYGON(" + ",".join("(" + ",".join(ring(i, r) for r in p) + ")" for p in polys) + ")"

def rot(pts, cx, cy, deg):
    t = math.radians(deg)
    return [(cx + (x - cx) * math.cos(t) - (y - cy) * math.sin(t), cy + (x - cx) * math.sin(t) + (y - cy) * math.cos(t)) for x, y in pts]

batches, supplies = [], []
def B(i, name, wkt, date="2019-05-20", area=""):
    batches.append(("PC-T%02d" % i, name, "浙土字〔2019〕%d号" % i, date, area, "城市批次", wkt))
def S(i, k, wkt, date="2020-03-01"):
    supplies.append(("GY-T%02d-%s" % (i, k), "ZD-T%02d-%s" % (i, k), "出让", date, wkt))

# 1 supplies overlapping each other
B(1, "互相重叠的供地", poly(1, rect(0, 0, 100, 100)), area="10000")
S(1, "a", poly(1, rect(0, 0, 60, 100))); S(1, "b", poly(1, rect(40, 0, 80, 70))); S(1, "c", poly(1, rect(50, 20, 90, 60)))
# 2/3 a supply crossing a batch edge into the neighbouring batch
B(2, "供地跨批次边界(西)", poly(2, rect(0, 0, 100, 100)))
B(3, "供地跨批次边界(东)", poly(2, rect(100, 0, 200, 100)))
S(2, "x", poly(2, rect(70, 30, 160, 80))); S(2, "out", poly(2, rect(-50, -50, 30, 20)))
# 4 supplies touching exactly (edge, corner) and one inside
B(4, "恰好相接的供地", poly(4, rect(0, 0, 100, 100)))
S(4, "edge", poly(4, rect(100, 0, 180, 100))); S(4, "corner", poly(4, rect(-40, 100, 0, 140)))
S(4, "in", poly(4, rect(0, 0, 50, 50))); S(4, "edge2", poly(4, rect(50, 0, 100, 50)))   # shares x=50 with 'in'
# 5 supplies missing each other / the batch edge by millimetres (slivers)
B(5, "毫米级缝隙", poly(5, rect(0, 0, 100, 100)))
S(5, "l", poly(5, rect(0, 0, 49.998, 100))); S(5, "r", poly(5, rect(50.001, 0, 99.999, 99.9995)))
# 6 multi-part batch
B(6, "多部件批次", mpoly(6, [rect(0, 0, 60, 60)], [rect(100, 0, 160, 60)], [rect(0, 100, 160, 130)]))
S(6, "a", poly(6, rect(-10, -10, 70, 70))); S(6, "b", poly(6, rect(120, 20, 200, 115)))
# 7 batch with a hole; a supply straddling the hole, one inside the hole
B(7, "带洞批次", poly(7, rect(0, 0, 150, 150), rect(50, 50, 100, 100)))
S(7, "straddle", poly(7, rect(30, 30, 80, 120))); S(7, "inhole", poly(7, rect(60, 60, 90, 90)))
# 8 multi-part batch with holes; supply touching the hole's boundary from inside
B(8, "多部件带洞批次", mpoly(8, [rect(0, 0, 100, 100), rect(20, 20, 40, 40)], [rect(150, 0, 250, 100), rect(180, 30, 220, 70)]))
S(8, "hole", poly(8, rect(20, 20, 40, 40))); S(8, "across", poly(8, rect(90, 40, 200, 60)))
# 9 no supply at all
B(9, "全部未供", poly(9, rect(0, 0, 120, 80)), date="2012-03-01")
# 10 fully covered
B(10, "全部已供", poly(10, rect(0, 0, 100, 100)), date="2022-08-01")
S(10, "big", poly(10, rect(-5, -5, 105, 105)))
# 11 rotated polygons with odd coordinates
B(11, "斜向批次", poly(11, rot(rect(10, 10, 180, 130), 90, 70, 23.7)))
S(11, "t1", poly(11, [(0, 0), (130.123, 17.77), (61.5, 144.4)]))
S(11, "t2", poly(11, rot(rect(60, 40, 200, 90), 120, 60, -11.3)))
# 12 a grid of small supplies with random gaps and overlaps (cm to m)
B(12, "网格供地", poly(12, rect(0, 0, 200, 200)), date="2016-11-30")
rnd = random.Random(20231231)
for gx in range(5):
    for gy in range(5):
        x0, y0 = gx * 40 + rnd.uniform(-0.05, 0.05), gy * 40 + rnd.uniform(-0.05, 0.05)
        x1, y1 = x0 + 40 + rnd.choice([-0.03, -0.002, 0.0, 0.001, 0.4, -1.5]), y0 + 40 + rnd.choice([-0.02, 0.0, 0.003, -0.8])
        if rnd.random() < 0.15:
            continue   # an unsupplied cell
        S(12, "g%d%d" % (gx, gy), poly(12, rect(x0, y0, x1, y1)))
# 13 a thin strip (width sliver: 0.3 m × 150 m = 45 m², over the area threshold)
B(13, "窄条碎片", poly(13, rect(0, 0, 150, 100)))
S(13, "a", poly(13, rect(0, 0, 150, 99.7)))
# 14 supplies with a hole of their own inside the batch (the island is unsupplied)
B(14, "供地含洞", poly(14, rect(0, 0, 100, 100)))
S(14, "ring", poly(14, rect(-10, -10, 110, 110), rect(30, 30, 60, 60)))
# 15 identical duplicate supplies, and a supply equal to the batch
B(15, "重复供地", poly(15, rect(0, 0, 80, 80)))
S(15, "d1", poly(15, rect(0, 0, 40, 80))); S(15, "d2", poly(15, rect(0, 0, 40, 80)))

out = sys.argv[1] if len(sys.argv) > 1 else "."
def write(name, header, types, rows):
    with open(os.path.join(out, name + ".csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join('"%s"' % v for v in r) + "\n")
    with open(os.path.join(out, name + ".csvt"), "w") as f:
        f.write(",".join(types) + "\n")

write("approvals", ["PCBH", "PCMC", "PWH", "PZRQ", "PZMJ", "PCLX", "WKT"],
      ["String", "String", "String", "String", "Real", "String", "WKT"], batches)
write("supplies", ["GDBH", "ZDDM", "GYFS", "GYRQ", "WKT"], ["String", "String", "String", "String", "WKT"], supplies)
# A parcels layer is required by every project; two townships for the TownshipLookup.
write("parcels", ["ZDDM", "QLRMC", "QLXZ", "WKT"], ["String", "String", "String", "WKT"],
      [("ZD-T01-a", "甲公司", "出让", poly(1, rect(0, 0, 60, 100)))])
write("townships", ["XZQDM", "XZQMC", "WKT"], ["String", "String", "WKT"],
      [("330188001", "东城街道", "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (X0 - 100, Y0 - 100, X0 + 3000, Y0 - 100, X0 + 3000, Y0 + 500, X0 - 100, Y0 + 500, X0 - 100, Y0 - 100)),
       ("330188002", "西岙镇", "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (X0 + 3000, Y0 - 100, X0 + 7000, Y0 - 100, X0 + 7000, Y0 + 500, X0 + 3000, Y0 + 500, X0 + 3000, Y0 - 100))])
print("%d batches, %d supplies" % (len(batches), len(supplies)))
