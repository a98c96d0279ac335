#!/usr/bin/env bash
# Seed mechanisms on the demo, each against an independent computation:
# - 舟山 二(一)1 «产业平台的规划工业用地容积率一般不低于2.0» (far.platform_floor): a new project (supplied
#   on or after 2023-05-04) lying mostly in a control_lines zone whose 名称/类型 names a platform word
#   is judged against ≥ 2.0; no other parcel is judged against the platform floor. Zones recomputed
#   with SpatiaLite (GDAL's SQLite dialect), not GEOS through tenglong.
# - 临海 (十二) 预告登记转让 (R19.presale): presale.csv lists exactly the 出让 supplies on industrial
#   land (or land of unknown use is 无法判定) whose 已完成投资 ÷ 计划总投资 < 25 %, recomputed from the
#   supplies and parcels tables; under national there is no presale list.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
for p in zhoushan linhai national; do
  "$TENGLONG" analyze "$demo" --profile $p --as-of 2023-12-31 --formats csv --out "$tmp/$p" -q --progress none > /dev/null
done
SHAPE_ENCODING=CP936 ogr2ogr -f GPKG "$tmp/z.gpkg" "$demo/parcels.shp" -nln parcels -nlt PROMOTE_TO_MULTI
ogr2ogr -update -f GPKG "$tmp/z.gpkg" "$demo/control_lines.shp" -nln control_lines
ogr2ogr -f CSV "$tmp/zones.csv" "$tmp/z.gpkg" -dialect SQLite -sql \
  "SELECT p.ZDDM AS zddm, l.KZXMC AS name, l.KZXLX AS kind,
          ST_Area(ST_Intersection(p.geom, l.geom)) / ST_Area(p.geom) AS share
     FROM parcels p, control_lines l WHERE ST_Intersects(p.geom, l.geom)" 2> /dev/null   # GEOS notes the demo's planted invalid parcel
ogr2ogr -f CSV "$tmp/supplies.csv" "$demo/supplies.shp"
SHAPE_ENCODING=CP936 ogr2ogr -f CSV "$tmp/parcels_attr.csv" "$demo/parcels.shp"
python3 - "$tmp" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
def rows(path): return list(csv.DictReader(open(path, encoding="utf-8-sig")))
# ---- 舟山 产业平台 floor ----
words = ["产业平台", "开发区", "园区", "高新区", "石化基地", "小微企业园"]   # profiles/zhoushan.toml far.platform_zone_words
best = {}
for r in rows(f"{tmp}/zones.csv"):
    s = float(r["share"] or 0)
    if s > best.get(r["zddm"], ("", "", 0))[2]: best[r["zddm"]] = (r["name"], r["kind"], s)
in_platform = {z for z, (n, k, s) in best.items() if s >= 0.5 and any(w in n + " " + k for w in words)}
judged = platform = 0
for r in rows(f"{tmp}/zhoushan/parcels.csv"):
    if r["工业用地"] != "是": continue
    new = bool(r["最近供地日期"]) and r["最近供地日期"] >= "2023-05-04"
    floor = float(r["适用容积率下限"]) if r["适用容积率下限"] else None
    if new and r["宗地代码"] in in_platform:
        platform += 1
        assert floor is not None and floor >= 2.0 - 1e-9, (r["宗地代码"], floor)
        judged += abs(floor - 2.0) < 1e-9
    elif floor is not None and abs(floor - 2.0) < 1e-9:
        # 2.0 from another floor (contract, 2008 table) is fine; never from the platform clause.
        assert r["容积率下限依据"] != "舟山“155”方案(征求意见稿) 二(一)1", r
assert platform > 0 and judged > 0, (platform, judged)
print(f"zhoushan: {platform} new projects in platforms, {judged} judged against the 2.0 platform floor")
# ---- 临海 预告登记 ----
land_use = {r["ZDDM"]: r["DLBM"] for r in rows(f"{tmp}/parcels_attr.csv")}
expect = {}
for s in rows(f"{tmp}/supplies.csv"):
    if "出让" not in s["GYFS"] or (s["GYRQ"] and s["GYRQ"] > "2023-12-31"): continue
    lu = land_use.get(s["ZDDM"], "")
    if lu and not (lu.startswith("0601") or lu.startswith("1001") or lu.upper().startswith("M")): continue
    if not s["JHTZ"] or float(s["JHTZ"]) <= 0 or s["YWCTZ"] == "": continue
    share = float(s["YWCTZ"]) / float(s["JHTZ"])
    if share < 0.25 and lu: expect[s["GDBH"]] = share
got = {r["供地编号"]: float(r["投资比例"]) for r in rows(f"{tmp}/linhai/presale.csv")}
assert set(got) == set(expect), (sorted(set(got) ^ set(expect))[:10], len(got), len(expect))
for k, v in expect.items(): assert abs(got[k] - v) < 5e-5, (k, got[k], v)
r0 = rows(f"{tmp}/linhai/presale.csv")[0]
assert r0["政策依据"] == "临政发〔2022〕22号 (十二)" and "预告登记" in r0["说明"] and r0["镇街"], r0
summary = json.load(open(f"{tmp}/linhai/summary.json", encoding="utf-8"))
assert summary["categories"]["presale"]["count"] == len(expect), summary["categories"]["presale"]
import os
assert not os.path.exists(f"{tmp}/national/presale.csv") and "presale" not in json.load(open(f"{tmp}/national/summary.json"))["categories"]
print(f"linhai: {len(expect)} 预告登记 candidates, as recomputed")
PY
