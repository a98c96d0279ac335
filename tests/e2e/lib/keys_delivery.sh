#!/usr/bin/env bash
# keys_delivery.sh OUT_DIR: the demo county with what every profile key's rule needs and the demo
# lacks (issue 16, "every key live"): parcels with 行政办公及生活服务设施用地面积 (PTYDMJ) and 绿地面积
# (LDMJ), and industry codes 16 and 25 on some parcels; buildings with storeys under 2.2 m and one
# with an implausible floor count; enterprises whose fixed investment reaches Linhai's 亩均
# overrides; a conversions table (占补台账) for the control-line ledger. warnings.horizon_days (预警,
# issue 20) is live on the demo's own supplies: 2023 supplies whose agreed start and completion
# fall in early 2024, within 90 days of the as-of day, and more within 90 000; the demo's
# decisions table (copied below) adds a deadline due in February 2024. The 标准地 keys (R18:
# standard_land.tolerance, .share_min, .energy_intensity_max_tce_per_10k, far.standard_land_density_max)
# are live on the demo's own supplies too: 标准地 flags and contract indicators that pass and fail,
# 2022–2023 new projects with buildings (临海's density cap) and contract energy intensities either
# side of 舟山's 0.52.
# The targets (T01–T03) read the
# demo's 盘活台账 (copied) and the 亩均 table; 配套 floor area (R07.ancillary_floor) the buildings' 房屋用途.
set -euo pipefail
: "${TL_SOURCE_DIR:?}"
out=$1
demo="$TL_SOURCE_DIR/shapefiles/demo"
mkdir -p "$out"
cp "$demo"/approvals.* "$demo"/supplies.* "$demo"/townships.* "$demo"/decisions.csv "$demo"/盘活台账.csv "$out/"
# Two control lines (南湖, 青石; away from the 北山 platforms the 产业平台 floor needs) drawn 30 m
# inside the demo's: parcels along their edges are partly outside (control_line.outside_noise_m2
# decides which outside part is noise).
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$out/control_lines.shp" "$demo/control_lines.shp" -dialect SQLite \
  -sql "SELECT CASE WHEN KZXBH IN ('KZX330188-006', 'KZX330188-009') THEN ST_Buffer(geometry, -30) ELSE geometry END AS geometry,
               KZXBH, KZXMC, KZXLX FROM control_lines" 2> "$out/ogr.err" || { cat "$out/ogr.err"; exit 1; }
SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$out/parcels.shp" "$demo/parcels.shp" -dialect SQLite -sql \
  "SELECT geometry, ZDDM, QLRMC, DLBM, ZDMJ, XZMC, QLXZ, QLLX, TYSHXYDM, RJLXX, SYNX,
     CASE WHEN rowid % 41 = 0 THEN '16' WHEN rowid % 43 = 0 THEN '25' ELSE HYDM END AS HYDM,
     ROUND(ZDMJ * (0.02 + (rowid % 9) * 0.015), 2) AS PTYDMJ,
     ROUND(ZDMJ * (0.05 + (rowid % 7) * 0.04), 2) AS LDMJ
   FROM parcels" 2> "$out/ogr.err" || { cat "$out/ogr.err"; exit 1; }
SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$out/buildings.shp" "$demo/buildings.shp" -dialect SQLite -sql \
  "SELECT geometry, JZWBH, CASE WHEN rowid = 7 THEN 250 ELSE CS END AS CS, JZGD,
     CASE WHEN rowid % 11 = 0 THEN 2.0 ELSE CG END AS CG, JZMJ, ZDDM, JZWMC, FWYT FROM buildings" 2> "$out/ogr.err" \
  || { cat "$out/ogr.err"; exit 1; }
rm -f "$out/ogr.err"
python3 - "$demo/enterprises.csv" "$out/enterprises.csv" "$out/conversions.csv" "$TL_SOURCE_DIR/tests/golden/national" <<'PY'
import csv, sys
src, dst, conv, golden = sys.argv[1:5]
rows = list(csv.reader(open(src, encoding="utf-8-sig")))
head, body = rows[0], rows[1:]
gd = head.index("GDTZ")
for i, r in enumerate(body):
    if i % 17 == 0: r[gd] = "20000"      # ≥ 1亿元: Linhai (八) class A
    elif i % 13 == 0: r[gd] = "5000"     # ≥ 3000万元: Linhai (八) not class D
with open(dst, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f).writerows([head] + body)
# Conversions of industrial parcels inside the lines (industrial, not on the control-line list of
# parcels with land outside), compensated in part, some before and some after the conversion.
outside = {r["宗地代码"] for r in csv.DictReader(open(f"{golden}/control_line.csv", encoding="utf-8-sig"))}
ids = [r["宗地代码"] for r in csv.DictReader(open(f"{golden}/parcels.csv", encoding="utf-8-sig"))
       if r["工业用地"] == "是" and r["宗地代码"] not in outside][:6]
assert len(ids) == 6, ids
with open(conv, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["编号", "宗地代码", "转用面积", "转用日期", "补充面积", "补充批准日期", "变更类型"])
    for k, pid in enumerate(ids):
        w.writerow([f"ZB{k + 1}", pid, 1000 + 100 * k, "2023-03-01", 1100 + 150 * k, "2023-01-15" if k % 2 else "2023-06-01",
                    "改变用地性质" if k < 3 else "改变用途"])
PY
