#!/usr/bin/env bash
# make_county_delivery DEMO_DIR OUT_DIR: the demo county as a colleague's folder would hand it
# over (issue 18): pinyin file names, Chinese column names (and a few pinyin initials), GBK
# shapefiles without .cpg, batches in a GeoPackage layer named 批次, supplies in a FileGDB,
# control lines as lon/lat GeoJSON, the 亩均 table as an XLSX workbook with Chinese headers, the
# decisions table (闭环管理) as 处置决定.csv.
# Same features and values as the demo, so every shortlist must come out the same.
# Chinese column names of GBK shapefiles are at most 5 characters (a DBF name holds 10 bytes).
make_county_delivery() {
  local demo=$1 d=$2
  # The shapefile writer reorders the rings of the demo's planted invalid polygons: keep the
  # demo's own .shp/.shx (same records in the same order), take only the new .dbf, and no .cpg.
  same_shapes() { cp "$demo/$1.shp" "$d/$2.shp"; cp "$demo/$1.shx" "$d/$2.shx"; rm -f "$d/$2.cpg"; }
  mkdir -p "$d"
  local err="$d/.ogr.err"
  # 宗地: GBK (the demo's parcels.dbf is GBK without .cpg: read it as CP936).
  ogr2ogr --config SHAPE_ENCODING CP936 -f "ESRI Shapefile" -lco ENCODING=CP936 "$d/zongdi.shp" "$demo/parcels.shp" \
    -nln zongdi -sql \
    "SELECT ZDDM AS \"宗地代码\", QLRMC AS \"权利人\", DLBM AS \"地类编码\", ZDMJ AS \"宗地面积\", XZMC AS \"乡镇\", QLXZ AS \"权利性质\",
            QLLX AS \"权利类型\", TYSHXYDM AS \"信用代码\", RJLXX AS \"容积率下限\", SYNX AS \"剩余年限\", HYDM AS \"行业代码\" FROM parcels" 2> "$err" \
    || { cat "$err"; return 1; }
  same_shapes parcels zongdi
  # 建筑物: GBK, with an extra column nobody maps (建筑物名称).
  ogr2ogr --config SHAPE_ENCODING CP936 -f "ESRI Shapefile" -lco ENCODING=CP936 "$d/jianzhu.shp" "$demo/buildings.shp" \
    -nln jianzhu -sql \
    "SELECT JZWBH AS \"建筑物编号\", CS AS \"层数\", JZGD AS \"建筑高度\", CG AS \"层高\", JZMJ AS \"建筑面积\", ZDDM AS \"宗地代码\",
            JZWMC AS \"建筑物名称\", FWYT AS \"用途\" FROM buildings" 2> "$err" || { cat "$err"; return 1; }
  same_shapes buildings jianzhu
  # 批次: a GeoPackage named in pinyin whose layer is named in Chinese.
  ogr2ogr -f GPKG "$d/pici.gpkg" "$demo/approvals.shp" -nln 批次 -sql \
    "SELECT PCBH AS \"批次编号\", PCMC AS \"批次名称\", PWH AS \"批准文号\", PZRQ AS \"批准日期\", PZMJ AS \"批准面积\", PCLX AS \"批次类型\"
     FROM approvals" 2> "$err" || { cat "$err"; return 1; }
  # 供地: a FileGDB; 合同编号 as the id, pinyin initials CJJK 成交价款 and YTZ 已投资, a full-width unit bracket.
  ogr2ogr -f OpenFileGDB "$d/gongdi.gdb" "$demo/supplies.shp" -nln gongdi -sql \
    "SELECT GDBH AS \"合同编号\", ZDDM AS \"宗地代码\", GYFS AS \"供地方式\", GYRQ AS \"供地日期\", YDDGRQ AS \"约定开工日期\",
            YDJGRQ AS \"约定竣工日期\", SJDGRQ AS \"实际开工日期\", CRJK AS \"CJJK\", JHTZ AS \"计划总投资（万元）\", YWCTZ AS \"YTZ\",
            RJLXX AS \"容积率下限\", TGRQ AS \"停工日期\", ZFYY AS \"政府原因\" FROM supplies" 2> "$err" || { cat "$err"; return 1; }
  # 工业用地控制线: lon/lat GeoJSON.
  ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=9 "$d/kongzhixian.geojson" "$demo/control_lines.shp" \
    -sql "SELECT KZXBH AS \"控制线编号\", KZXMC AS \"控制线名称\", KZXLX AS \"控制线类型\" FROM control_lines" 2> "$err" \
    || { cat "$err"; return 1; }
  # 镇街: GBK.
  ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$d/zhenjie.shp" "$demo/townships.shp" -nln zhenjie -sql \
    "SELECT XZQDM AS \"乡镇代码\", XZQMC AS \"乡镇名称\" FROM townships" 2> "$err" || { cat "$err"; return 1; }
  same_shapes townships zhenjie
  # 亩均: an XLSX workbook, Chinese headers as bureaus write them.
  python3 - "$demo/enterprises.csv" "$d/mujun.csv" <<'PY' || return 1
import csv, sys
names = {"TYSHXYDM": "统一社会信用代码", "ZDDM": "宗地代码", "QYMC": "企业名称", "ND": "年度", "SS": "税收（万元）",
         "ZJZ": "工业增加值（万元）", "NH": "综合能耗(吨标煤)", "PFL": "排放量", "CYRS": "从业人员", "YFJF": "研发经费",
         "YYSR": "营业收入", "GSBZ": "是否规上", "YDMJ": "用地面积", "GDTZ": "固定资产投资", "YDL": "用电量"}
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow([names[c] for c in rows[0]])
    w.writerows(rows[1:])
PY
  ogr2ogr -f XLSX "$d/mujun.xlsx" "$d/mujun.csv" -nln 亩均评价 -oo HEADERS=YES 2> "$err" || { cat "$err"; return 1; }
  rm -f "$d/mujun.csv" "$err"
  # 闭环管理: the planner's decisions table under its Chinese name (issue 20).
  cp "$demo/decisions.csv" "$d/处置决定.csv"
}
