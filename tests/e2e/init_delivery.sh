#!/usr/bin/env bash
# Issue 18: a county delivery that differs from the demo on purpose runs on the first try.
# The demo is handed over as a colleague's folder would be (tests/e2e/lib/county_delivery.sh:
# pinyin file names zongdi/jianzhu/pici/gongdi/kongzhixian/zhenjie/mujun, Chinese column names
# and pinyin initials, GBK shapefiles without .cpg, a GeoPackage layer 批次, a FileGDB, lon/lat
# GeoJSON, an XLSX 亩均 table).
#   A. `tenglong init` writes project.toml; the guesses are the right columns; a second init
#      refuses to overwrite it (exit 2) unless --overwrite.
#   B. analyze refuses the unset as_of placeholder (exit 2, Chinese; English with --lang en).
#   C. analyze with the written file, unedited, and --as-of 2023-12-31 gives the demo's
#      shortlists: unsupplied.csv (every column but the FID), FAR / 亩均 class / 亩均税收 per
#      parcel in parcels.csv, inefficient.csv, the idle (supply, rule) pairs (the FileGDB stores
#      coordinates on its own grid: areas may differ in the last digit).
#   D. as_of edited in the file (the one edit the design asks for) runs without --as-of.
#   E. The folder itself (no project file) reads too: the defaults match Chinese column names;
#      inspect lists every column with the fields that read it and sample values, and the one
#      no field reads (建筑物名称).
#   F. Parcel codes of 临平区 (330113): init suggests profile = "linping".
#   G. A project with several broken mappings reports all of them in one run, with "did you mean".
#   H. --lang en writes English comments; the file loads (inspect).
#   J. The 亩均 table with 税收（元）, 工业增加值（元）, 用地面积（亩）: init maps them, the reader
#      converts, the same 亩均税收 / 亩均增加值 / class per parcel; run.json and issues.csv say so.
#   I. A folder without parcels (empty; buildings and a broken zd.shp), a missing folder, a
#      file: exit 2, a message naming what was seen, no project file.
set -euo pipefail
export TL_E2E_LIB="$(cd "$(dirname "$0")/lib" && pwd)"   # issue_codes.py: issues.csv rows as codes
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
demo="$TL_SOURCE_DIR/shapefiles/demo"
source "$TL_SOURCE_DIR/tests/e2e/lib/county_delivery.sh"
d="$tmp/county"
make_county_delivery "$demo" "$d" || fail "making the delivery"

# ---- A. init ---------------------------------------------------------------------------------
"$TENGLONG" init "$d" 2> "$tmp/init.err" || { cat "$tmp/init.err"; fail "init"; }
p="$d/project.toml"
[ -f "$p" ] || fail "init wrote no $p"
grep -q "已写出" "$tmp/init.err" || { cat "$tmp/init.err"; fail "A: init says nothing in Chinese"; }
python3 - "$p" <<'PY'
import sys, tomllib
text = open(sys.argv[1], encoding="utf-8").read()
t = tomllib.loads(text)
L = t["layers"]
want = {
    "parcels": ("zongdi.shp", {"id": "宗地代码", "owner": "权利人", "land_use": "地类编码", "registered_area_m2": "宗地面积",
                               "township": "乡镇", "tenure": "权利性质", "enterprise_id": "信用代码", "contract_far_min": "容积率下限",
                               "industry_code": "行业代码"}),
    "buildings": ("jianzhu.shp", {"floors": "层数", "height_m": "建筑高度", "floor_area_m2": "建筑面积", "parcel_id": "宗地代码"}),
    "approvals": ("pici.gpkg", {"id": "批次编号", "approved_on": "批准日期", "doc_no": "批准文号"}),
    "supplies": ("gongdi.gdb", {"id": "合同编号", "parcel_id": "宗地代码", "supplied_on": "供地日期", "land_price": "CJJK",
                                "invested": "YTZ", "planned_investment": "计划总投资（万元）"}),
    "control_lines": ("kongzhixian.geojson", {"kind": "控制线类型"}),
    "townships": ("zhenjie.shp", {"name": "乡镇名称", "id": "乡镇代码"}),
    "enterprises": ("mujun.xlsx", {"id": "统一社会信用代码", "parcel_id": "宗地代码", "tax": "税收（万元）", "year": "年度",
                                   "employees": "从业人员", "above_scale": "是否规上"}),
}
for layer, (source, fields) in want.items():
    assert layer in L, f"no [layers.{layer}]"
    assert L[layer]["source"] == source, (layer, L[layer]["source"])
    got = L[layer].get("fields", {})
    for k, v in fields.items():
        assert got.get(k) == v, f"{layer}.{k}: {got.get(k)!r}, want {v!r}"
assert L["approvals"]["layer"] == "批次"
assert "YYYY" in t["as_of"], t["as_of"]
assert "profile" not in t, "demo codes (330188) match no built-in profile"
# Comments: confidence on every guess, unmapped columns listed under their layer.
assert text.count("把握高") >= 50, text.count("把握高")
assert "建筑物名称" in text.split("[layers.buildings.fields]")[1].split("[layers.approvals]")[0], "unmapped 建筑物名称 not listed"
assert "未映射的源列" in text
print("A: init guessed", sum(len(v.get("fields", {})) for v in L.values()), "fields in", len(L), "layers")
PY
cp "$p" "$tmp/first.toml"
echo "# edited" >> "$p"
if "$TENGLONG" init "$d" 2> "$tmp/init2.err"; then fail "A: a second init overwrote project.toml"; else rc=$?; fi
[ "$rc" = 2 ] || fail "A: second init exit $rc, want 2"
grep -q -- "--overwrite" "$tmp/init2.err" || { cat "$tmp/init2.err"; fail "A: the refusal does not name --overwrite"; }
tail -1 "$p" | grep -q "# edited" || fail "A: the refused init changed the file"
"$TENGLONG" init "$d" --overwrite -q || fail "A: init --overwrite"
cmp -s <(grep -v "^# tenglong" "$p") <(grep -v "^# tenglong" "$tmp/first.toml") || fail "A: init is not repeatable"
echo "A: refuses to overwrite without --overwrite"

# ---- B. the as_of placeholder ----------------------------------------------------------------
if "$TENGLONG" analyze "$p" --out "$tmp/b" -q 2> "$tmp/b.err"; then fail "B: analyze ran with the as_of placeholder"; else rc=$?; fi
[ "$rc" = 2 ] || { cat "$tmp/b.err"; fail "B: exit $rc, want 2"; }
grep -q "基准日 as_of 尚未填写" "$tmp/b.err" || { cat "$tmp/b.err"; fail "B: no Chinese message"; }
grep -q -- "--as-of" "$tmp/b.err" || fail "B: the message does not name --as-of"
[ ! -e "$tmp/b" ] || fail "B: a refused run left an output folder"
if "$TENGLONG" analyze "$p" --out "$tmp/b" -q --lang en 2> "$tmp/b-en.err"; then fail "B: analyze --lang en ran"; fi
grep -q "as_of is still the placeholder" "$tmp/b-en.err" || { cat "$tmp/b-en.err"; fail "B: no English message"; }
echo "B: the placeholder is refused"

# ---- C. same shortlists as the demo ----------------------------------------------------------
"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/demo" -q > /dev/null 2> "$tmp/demo.err" || { cat "$tmp/demo.err"; fail "analyze demo"; }
"$TENGLONG" analyze "$p" --as-of 2023-12-31 --out "$tmp/c" -q > /dev/null 2> "$tmp/c.err" || { cat "$tmp/c.err"; fail "C: analyze with the written project file"; }
cat > "$tmp/compare.py" <<'PY'
import csv, sys
a, b, tag = sys.argv[1], sys.argv[2], sys.argv[3]
FID = ("要素号", "要素序号")
def load(path, cols=None):
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    head = rows[0]
    keep = [i for i, h in enumerate(head) if h not in FID and (cols is None or h in cols)]
    return [[r[i] for i in keep] for r in rows]
def same(name, cols=None, min_rows=1):
    x, y = load(f"{a}/{name}"), load(f"{b}/{name}")
    if cols:
        x, y = load(f"{a}/{name}", cols), load(f"{b}/{name}", cols)
        assert len(x[0]) == len(cols), (name, x[0], cols)
    assert len(x) - 1 >= min_rows, f"{name}: only {len(x) - 1} rows: the comparison would test little"
    assert x == y, f"{tag}: {name} differs: {len(x)} against {len(y)} rows; first difference: " + \
        next((f"{p} | {q}" for p, q in zip(x, y) if p != q), "(row count)")
    return len(x) - 1
n_u = same("unsupplied.csv", min_rows=20)
n_p = same("parcels.csv", ["宗地代码", "容积率", "适用容积率下限", "亩均税收(万元/亩)", "亩均评价类别", "低效(任一规则不达标)"], 2000)
n_i = same("inefficient.csv", min_rows=100)
idle = lambda p: sorted((r[0], r[5]) for r in list(csv.reader(open(p, encoding="utf-8-sig")))[1:])
ia, ib = idle(f"{a}/idle.csv"), idle(f"{b}/idle.csv")
assert len(ia) >= 50 and ia == ib, f"{tag}: idle (supply, rule) pairs differ: {len(ia)} against {len(ib)}"
classes = {}
for r in csv.DictReader(open(f"{b}/parcels.csv", encoding="utf-8-sig")):
    classes[r["亩均评价类别"]] = classes.get(r["亩均评价类别"], 0) + 1
assert all(classes.get(c, 0) > 0 for c in "ABCD"), classes
print(f"{tag}: as the demo: {n_u} 批而未供 rows, {n_p} parcels (FAR, 亩均 class {classes}), {n_i} 低效 rows, {len(ia)} idle pairs")
PY
python3 "$tmp/compare.py" "$tmp/demo" "$tmp/c" C

# ---- D. as_of set in the file ------------------------------------------------------------------
sed -i 's/^as_of   = "待填 YYYY-MM-DD"/as_of   = "2023-12-31"/' "$p"
grep -q '^as_of   = "2023-12-31"' "$p" || fail "D: could not set as_of"
"$TENGLONG" analyze "$p" --out "$tmp/d" -q > /dev/null 2> "$tmp/d.err" || { cat "$tmp/d.err"; fail "D: analyze with as_of set"; }
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); assert s['as_of']=='2023-12-31', s['as_of']" "$tmp/d/summary.json"
echo "D: as_of from the file"

# ---- E. the folder without a project file: defaults match Chinese column names -----------------
rm "$p"
"$TENGLONG" analyze "$d" --as-of 2023-12-31 --out "$tmp/e" -q > /dev/null 2> "$tmp/e.err" || { cat "$tmp/e.err"; fail "E: analyze on the folder"; }
python3 "$tmp/compare.py" "$tmp/demo" "$tmp/e" E
"$TENGLONG" inspect "$d" > "$tmp/e-inspect.txt" 2>&1 || { cat "$tmp/e-inspect.txt"; fail "E: inspect the folder"; }
grep -q "未映射 unmapped 建筑物名称" "$tmp/e-inspect.txt" || { cat "$tmp/e-inspect.txt"; fail "E: inspect does not list the unmapped column"; }
"$TENGLONG" inspect "$d" --json | python3 -c "import json,sys; j=json.load(sys.stdin); b=j['layers']['buildings']; \
assert '建筑物名称' in b['source_columns'] and b['unmapped_columns']==['建筑物名称'], b['unmapped_columns']; \
c={x['name']: x for x in b['columns']}; assert c['建筑物名称']['fields']==[] and '1号厂房' in c['建筑物名称']['samples'], c['建筑物名称']; \
assert c['层数']['fields']==['floors'] and c['层数']['samples'], c['层数']"

# ---- F. profile suggested from the parcel codes -----------------------------------------------
f="$tmp/linping"; mkdir -p "$f"
cp "$demo/parcels.shp" "$f/zd_2023.shp"; cp "$demo/parcels.shx" "$f/zd_2023.shx"; cp "$demo/parcels.prj" "$f/zd_2023.prj"
ogr2ogr --config SHAPE_ENCODING CP936 -f "ESRI Shapefile" -lco ENCODING=CP936 "$tmp/lp.shp" "$demo/parcels.shp" -nln lp \
  -dialect SQLite -sql "SELECT '330113' || substr(ZDDM, 7) AS ZDDM, QLRMC, DLBM, ZDMJ FROM parcels" 2> "$tmp/ogr.err" \
  || { cat "$tmp/ogr.err"; fail "F: ogr2ogr"; }
cp "$tmp/lp.dbf" "$f/zd_2023.dbf"
"$TENGLONG" init "$f" -q || fail "F: init"
grep -q '^profile = "linping"' "$f/project.toml" || { grep profile "$f/project.toml"; fail "F: no profile = \"linping\" suggested"; }
grep -q '330113' "$f/project.toml" || fail "F: the suggestion does not show the admin code"
grep -q "未找到 (必需的图层" "$f/project.toml" && fail "F: parcels not found"
echo "F: profile linping suggested from 330113 parcel codes"

# ---- G. every layer's mapping problems in one run ---------------------------------------------
make_county_delivery "$demo" "$tmp/g" || fail "G: delivery"
"$TENGLONG" init "$tmp/g" -q || fail "G: init"
sed -i -e 's/^id *= "宗地代码"/id = "宗地代吗"/' -e 's/^id *= "批次编号"/id = "批次编"/' "$tmp/g/project.toml"
if "$TENGLONG" analyze "$tmp/g/project.toml" --as-of 2023-12-31 --out "$tmp/g-out" -q 2> "$tmp/g.err"; then fail "G: ran with broken mappings"; else rc=$?; fi
[ "$rc" = 2 ] || { cat "$tmp/g.err"; fail "G: exit $rc, want 2"; }
for want in "layer parcels" "layer approvals" '"宗地代吗" names no column' '"批次编" names no column' \
            'did you mean "宗地代码"' 'did you mean "批次编号"' "columns are: 宗地代码"; do
  grep -qF "$want" "$tmp/g.err" || { cat "$tmp/g.err"; fail "G: the message lacks: $want"; }
done
echo "G: both layers' problems in one message, with did-you-mean"

# ---- H. English comments ------------------------------------------------------------------------
"$TENGLONG" init "$tmp/g" --out "$tmp/en.toml" --lang en 2> "$tmp/h.err" || fail "H: init --lang en"
grep -q "^wrote " "$tmp/h.err" || { cat "$tmp/h.err"; fail "H: no English summary"; }
grep -q "high confidence" "$tmp/en.toml" || fail "H: no English comments"
grep -q '^source = "g/zongdi.shp"' "$tmp/en.toml" || { grep '^source' "$tmp/en.toml"; fail "H: sources not relative to the written file"; }
"$TENGLONG" inspect "$tmp/en.toml" > "$tmp/h.out" 2> "$tmp/h2.err" || { cat "$tmp/h2.err"; fail "H: inspect the --out file"; }
grep -q "zongdi.shp" "$tmp/h.out" || fail "H: inspect did not read zongdi.shp"
echo "H: English file, sources relative to it, inspect reads it"
# ---- J. the 亩均 table in other units: 税收（元） as "766,300.00" text, 工业增加值（元）, 用地面积（亩） ----
j="$tmp/j"; cp -r "$tmp/g" "$j"; rm -f "$j/project.toml" "$j/mujun.xlsx"
python3 - "$demo/enterprises.csv" "$j/mujun.csv" <<'PY'
import csv, sys
from decimal import Decimal
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
head = ["统一社会信用代码", "宗地代码", "企业名称", "年度", "税收（元）", "工业增加值（元）", "综合能耗(吨标煤)", "排放量", "从业人员",
        "研发经费", "营业收入", "是否规上", "用地面积（亩）", "固定资产投资", "用电量"]
scaled = lambda v, f: "" if v == "" else str(Decimal(v) * f)
money = lambda v: "" if v == "" else f"{Decimal(v) * 10000:,}"   # 766,300.00: text with thousands separators
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    for r in rows:
        w.writerow([r["TYSHXYDM"], r["ZDDM"], r["QYMC"], r["ND"], money(r["SS"]), scaled(r["ZJZ"], 10000), r["NH"], r["PFL"],
                    r["CYRS"], r["YFJF"], r["YYSR"], r["GSBZ"], scaled(r["YDMJ"], Decimal(15) / Decimal(10000)), r["GDTZ"], r["YDL"]])
PY
ogr2ogr -f XLSX "$j/mujun.xlsx" "$j/mujun.csv" -nln 亩均评价 -oo HEADERS=YES 2> "$tmp/ogr.err" || { cat "$tmp/ogr.err"; fail "J: xlsx"; }
rm "$j/mujun.csv"
"$TENGLONG" init "$j" -q || fail "J: init"
grep -q '^tax *= "税收（元）" *# .*读入时换算为「万元」' "$j/project.toml" || { grep "^tax\|^# tax" "$j/project.toml"; fail "J: tax in 元 not mapped with its conversion"; }
grep -q '^land_area_m2 *= "用地面积（亩）"' "$j/project.toml" || fail "J: land area in 亩 not mapped"
"$TENGLONG" analyze "$j/project.toml" --as-of 2023-12-31 --out "$tmp/j-out" -q > /dev/null 2> "$tmp/j.err" || { cat "$tmp/j.err"; fail "J: analyze"; }
python3 - "$tmp/demo" "$tmp/j-out" <<'PY'
import csv, json, os, sys
a, b = sys.argv[1], sys.argv[2]
def cols(p):
    return {r["宗地代码"]: (r["亩均税收(万元/亩)"], r["亩均增加值(万元/亩)"], r["亩均评价类别"], r["R11.class_d 亩均评价D类"])
            for r in csv.DictReader(open(f"{p}/parcels.csv", encoding="utf-8-sig"))}
x, y = cols(a), cols(b)
diff = [(k, x[k], y.get(k)) for k in x if x[k] != y.get(k)]
assert not diff and len(x) == len(y), f"{len(diff)} parcels differ, e.g. {diff[:3]}"
run = json.load(open(f"{b}/run.json"))
conv = run["inputs"]["enterprises"]["unit_conversions"]
assert set(conv) == {"tax", "value_added", "land_area_m2"}, conv
sys.path.insert(0, os.environ["TL_E2E_LIB"]); from issue_codes import issue_rows
issues = [r for r in issue_rows(b) if r[3] == "unit_converted"]
assert len(issues) == 3, issues
print(f"J: 亩均 table in 元 and 亩: same 亩均税收, 亩均增加值 and class for {len(x)} parcels; conversions in run.json: {sorted(conv)}")
PY

# ---- I. bad folders: exit 2 with a message, no file --------------------------------------------
mkdir -p "$tmp/empty" "$tmp/nopar"
cp "$demo"/buildings.* "$tmp/nopar/"
echo "not a shapefile" > "$tmp/nopar/zd.shp"
for dir in empty nopar; do
  if "$TENGLONG" init "$tmp/$dir" 2> "$tmp/i.err"; then fail "I: init on $dir succeeded"; else rc=$?; fi
  [ "$rc" = 2 ] || { cat "$tmp/i.err"; fail "I: init on $dir: exit $rc, want 2"; }
  grep -q "没有找到宗地 (parcels) 图层" "$tmp/i.err" || { cat "$tmp/i.err"; fail "I: $dir: no message"; }
  [ ! -e "$tmp/$dir/project.toml" ] || fail "I: $dir: a project file was written"
done
grep -q "zd.shp: 无法读取" "$tmp/i.err" || { cat "$tmp/i.err"; fail "I: the unreadable zd.shp is not named"; }
grep -q "buildings.shp: 图层, 列 JZWBH" "$tmp/i.err" || { cat "$tmp/i.err"; fail "I: the files seen are not listed"; }
for bad in "$tmp/none" "$demo/parcels.shp"; do
  if "$TENGLONG" init "$bad" 2> "$tmp/i.err"; then fail "I: init $bad succeeded"; else rc=$?; fi
  [ "$rc" = 2 ] || fail "I: init $bad: exit $rc, want 2"
done
echo "I: empty and parcel-less folders, a missing folder and a file: exit 2, no project file"

# ---- the README's column-name table is the schema's ------------------------------------------
python3 "$TL_SOURCE_DIR/tools/schema_table.py" --check "$TL_SOURCE_DIR/shapefiles/README.md" || fail "shapefiles/README.md column table out of date"
echo "OK"
