#!/usr/bin/env bash
# Tables as delivered (issue 18 item 5): the demo's 亩均 table as bureaus hand it over — an XLSX
# workbook (a 填表说明 sheet first, then the 亩均评价 sheet: a merged title row, a 单位 line, a blank
# row above the header, numbers as text with thousands separators and full-width digits, a blank
# spacer row and a 小计 row in the middle, a 合计 row and 注/说明 footnotes at the bottom), the same
# as a GBK CSV (title lines, 小计, 合计, footnote) and as a UTF-8 CSV with a BOM — gives the same
# 亩均 columns and classes (parcels.csv) and verdicts (inefficient.csv) as the clean table, byte
# for byte; issues.csv lists every skipped row (table_row_skipped: row number, reason, first cell)
# and the enterprises layer's read = used + rejected counts the skipped rows. Also: the workbook
# in 元 said only by a 单位：元 line; two-row headers (XLSX behind a cover sheet; GBK CSV in 元 said
# by the group cell); `tenglong init` then analyze on the messy folders; the sheet chosen by
# `sheet =` in a project file, and a project naming a sheet that is not there (exit 2).
set -euo pipefail
export TL_E2E_LIB="$(cd "$(dirname "$0")/lib" && pwd)"   # issue_codes.py: issues.csv rows as codes
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); [ -n "${TL_KEEP_TMP:-}" ] && echo "kept: $tmp" || trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
lib="$(dirname "$0")/lib"

# One folder per variant: the demo's layers, the 亩均 table replaced. The demo's 盘活台账 (a title
# and a 合计 row of its own, issue 19 item 7; tested by e2e.targets_ancillary) is left out, so that
# the skipped rows counted here are the 亩均 table's.
variant() {
  mkdir -p "$tmp/$1"
  for f in "$demo"/*; do
    case "$(basename "$f")" in enterprises.csv|盘活台账.csv) ;; *) ln -s "$f" "$tmp/$1/" ;; esac
  done
}
variant clean; ln -s "$demo/enterprises.csv" "$tmp/clean/"
variant xlsx; variant gbk; variant utf8; variant yuan; variant tworow; variant tworow_gbk

python3 - "$demo/enterprises.csv" "$tmp" <<'PY'
import csv, json, sys
src, tmp = sys.argv[1], sys.argv[2]
names = {"TYSHXYDM": "统一社会信用代码", "ZDDM": "宗地代码", "QYMC": "企业名称", "ND": "年度", "SS": "税收(万元)",
         "ZJZ": "工业增加值(万元)", "NH": "综合能耗(吨标煤)", "PFL": "排放量", "CYRS": "从业人员", "YFJF": "研发经费",
         "YYSR": "营业收入", "GSBZ": "是否规上", "YDMJ": "用地面积", "GDTZ": "固定资产投资", "YDL": "用电量"}
rows = list(csv.reader(open(src, encoding="utf-8-sig")))
head, data = [names[c] for c in rows[0]], rows[1:]
ncol = len(head)
numeric = {i for i, c in enumerate(rows[0]) if c in ("SS", "ZJZ", "NH", "PFL", "YFJF", "YYSR", "YDMJ", "GDTZ", "YDL")}

def thousands(text):
    """5618.20 -> "5,618.20": separators in the integer part, the decimals as written."""
    neg = text.startswith("-")
    t = text[1:] if neg else text
    whole, dot, frac = t.partition(".")
    if not whole.isdigit():
        return text
    grouped = "{:,}".format(int(whole)) if whole else whole
    return ("-" if neg else "") + grouped + dot + frac

FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
def messy(r, n):
    out = list(r)
    for i in numeric:
        v = out[i]
        if not v:
            continue
        if n % 7 == 3:
            out[i] = thousands(v).translate(FULL)      # full-width digits
        else:
            out[i] = thousands(v)                      # "5,618.20"
    return out

half = len(data) // 2
title = "2023年度亩均效益评价结果表"
# Rows as they will stand in the sheet / file (1-based); the skipped ones with their reason.
body, skipped = [], []
def add(row, reason=None, first=None):
    body.append(row)
    if reason:
        skipped.append((reason, first))

# XLSX: numbers as text (shared strings) with separators; year and headcount as numeric cells.
def cells(r, n):
    m = messy(r, n)
    out = []
    for i, v in enumerate(m):
        if v and rows[0][i] in ("ND", "CYRS") and v.isdigit():
            out.append(int(v))
        else:
            out.append(v if v != "" else None)
    return out

sheet = []
skip_x = []   # (row number, reason, first cell)
def put(row, reason=None, first=None):
    sheet.append(row)
    if reason:
        skip_x.append((len(sheet), reason, first or ""))
put([title] + [None] * (ncol - 1), "title", title)
put(["单位：万元，吨标煤，平方米"], "title", "单位：万元，吨标煤，平方米")
put([], "blank")
put(head)
for n, r in enumerate(data):
    put(cells(r, n))
    if n == half:
        put([], "blank")
        put(["小计", None, None, None, "12,345.67"], "subtotal", "小计")
put(["合 计", None, None, None, "99,999.99"], "total", "合 计")
put(["注：1. 税收为实缴税金，单位万元；2. 数据来源：县税务局、统计局。"], "footnote", "注：1. 税收为实缴税金，单位万元；2. 数据来源：县税务局、统计局。")
put(["说明", "本表由经信局汇总"], "footnote", "说明")
spec = {"sheets": [
    {"name": "填表说明", "rows": [["填表说明"], ["1. 本工作簿第二张表为评价结果"], ["2. 金额单位为万元"]]},
    {"name": "亩均评价", "merge": [f"A1:{chr(64 + ncol)}1", f"A2:{chr(64 + ncol)}2"], "rows": sheet},
    {"name": "汇总", "rows": [["镇街", "企业数"], ["演示镇", 99]]},
]}
json.dump(spec, open(f"{tmp}/xlsx.json", "w", encoding="utf-8"), ensure_ascii=False)

# The same workbook in 元: money headers without a unit (税收, 营业收入, ...), the amounts x 10 000
# (exactly, as decimal text with separators), and the unit said once, on the line under the title.
from decimal import Decimal
money = {"SS": "税收", "ZJZ": "工业增加值", "YFJF": "研发经费", "YYSR": "营业收入", "GDTZ": "固定资产投资"}
yuan_head = [money.get(c, names[c]) for c in rows[0]]
ysheet = [[title] + [None] * (ncol - 1), ["单位：元"], yuan_head]
for r in data:
    out = cells(r, 1)   # separators, no full-width digits
    for i, c in enumerate(rows[0]):
        if c in money and r[i]:
            out[i] = "{:,}".format(Decimal(r[i]) * 10000)
    ysheet.append(out)
ysheet.append(["合计", None, None, None, "1,234,567,890.00"])
json.dump({"sheets": [{"name": "亩均评价", "merge": [f"A1:{chr(64 + ncol)}1"], "rows": ysheet}]},
          open(f"{tmp}/yuan.json", "w", encoding="utf-8"), ensure_ascii=False)

# A two-row header: a group row «经济指标（万元）» over 税收, 工业增加值, ... (merged across), the
# other columns' names in the upper row merged down over both rows (the lower cells empty).
cols = [i for i, c in enumerate(rows[0]) if c in money]
upper = [None if i in cols else head[i] for i in range(ncol)]
upper[cols[0]] = "经济指标（万元）"
lower = [money[rows[0][i]] if i in cols else None for i in range(ncol)]
tsheet = [[title] + [None] * (ncol - 1), upper, lower] + [cells(r, 1) for r in data] + [["合计"]]
merge = [f"A1:{chr(64 + ncol)}1"] + [f"{chr(65 + i)}2:{chr(65 + i)}3" for i in range(ncol) if i not in cols]
# Sheets named nothing tenglong knows (a 封面 cover first, then Sheet1): the sheet is the one
# whose header names the most fields.
json.dump({"sheets": [{"name": "封面", "rows": [["2023年度亩均效益评价"], ["演示县经济和信息化局"], ["企业名称", "联系人"]]},
                      {"name": "Sheet1", "merge": merge, "rows": tsheet}]},
          open(f"{tmp}/tworow.json", "w", encoding="utf-8"), ensure_ascii=False)
def csv_line(values):
    return ",".join('"' + v.replace('"', '""') + '"' if ("," in v or '"' in v) else v for v in values)
# The CSV in 元, said only by the group cell «经济指标（元）».
# A group cell over each run of adjacent money columns (税收, 工业增加值 | 研发经费, 营业收入 | 固定资产投资).
upper_yuan = list(upper)
for i in cols:
    if i - 1 not in cols:
        upper_yuan[i] = "经济指标（元）"
with open(f"{tmp}/tworow_gbk/亩均.csv", "w", encoding="gbk", newline="") as f:
    f.write(title + "\r\n" + csv_line([v or "" for v in upper_yuan]) + "\r\n" + csv_line([v or "" for v in lower]) + "\r\n")
    for r in data:
        out = messy(r, 1)
        for i in cols:
            if r[i]:
                out[i] = "{:,}".format(Decimal(r[i]) * 10000)
        f.write(csv_line(out) + "\r\n")
json.dump(skip_x, open(f"{tmp}/xlsx.skipped.json", "w", encoding="utf-8"), ensure_ascii=False)

# CSV: a title line of one cell (no commas), a 单位 line, a blank line, the header, 小计 in the
# middle, 合计 and a footnote at the end. Lines are counted as the file has them.
def write_csv(path, encoding, bom):
    lines, skip = [], []
    def line(text, reason=None, first=None):
        lines.append(text)
        if reason:
            skip.append((len(lines), reason, first or ""))
    def row(values):
        out = []
        for v in values:
            out.append('"' + v.replace('"', '""') + '"' if ("," in v or '"' in v) else v)
        return ",".join(out)
    line(title, "title", title)
    line("单位：万元,,,", "title", "单位：万元")
    line("", "blank")
    line(row(head))
    for n, r in enumerate(data):
        line(row(messy(r, n)))
        if n == half:
            line(",,,,,,,,,,,,,,", "blank")
            line(row(["小计", "", "", "", "12,345.67"]), "subtotal", "小计")
    line(row(["合计", "", "", "", "99,999.99"]), "total", "合计")
    line("注：本表数据来源于县税务局", "footnote", "注：本表数据来源于县税务局")
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n")
    return skip
json.dump(write_csv(f"{tmp}/gbk/亩均.csv", "gbk", False), open(f"{tmp}/gbk.skipped.json", "w", encoding="utf-8"), ensure_ascii=False)
json.dump(write_csv(f"{tmp}/utf8/enterprises.csv", "utf-8", True), open(f"{tmp}/utf8.skipped.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
python3 "$lib/write_xlsx.py" "$tmp/xlsx/mujun.xlsx" "$tmp/xlsx.json"
python3 "$lib/write_xlsx.py" "$tmp/yuan/mujun.xlsx" "$tmp/yuan.json"
python3 "$lib/write_xlsx.py" "$tmp/tworow/mujun.xlsx" "$tmp/tworow.json"
# The GBK file is GBK (no UTF-8 reading would pass).
! iconv -f UTF-8 -t UTF-8 "$tmp/gbk/亩均.csv" > /dev/null 2>&1 || { echo "gbk CSV is valid UTF-8"; exit 1; }

run() {  # run NAME SOURCE
  "$TENGLONG" analyze "$2" --out "$tmp/out.$1" --as-of 2023-12-31 -q --threads 2 > "$tmp/$1.stdout" 2> "$tmp/$1.stderr" \
    || { echo "analyze $1 failed:"; cat "$tmp/$1.stderr"; exit 1; }
  python3 "$lib/check_accounting.py" "$tmp/out.$1" --min-issues 1
}
run clean "$tmp/clean"
python3 "$lib/check_accounting.py" "$tmp/out.clean" --no-kind table_row_skipped

same_outputs() {  # same_outputs NAME: parcels.csv and inefficient.csv as the clean table gives them
  for f in parcels.csv inefficient.csv; do
    cmp -s "$tmp/out.clean/$f" "$tmp/out.$1/$f" || { echo "$1: $f differs from the clean table's:"; diff "$tmp/out.clean/$f" "$tmp/out.$1/$f" | head -20; exit 1; }
  done
}

check_skipped() {  # check_skipped NAME EXPECTED.json: every skipped row listed, counts reconcile
  python3 - "$tmp/out.clean" "$tmp/out.$1" "$2" "$1" <<'PY'
import csv, json, sys, os
clean, out, expected_path, name = sys.argv[1:5]
expected = json.load(open(expected_path, encoding="utf-8"))
sys.path.insert(0, os.environ["TL_E2E_LIB"]); from issue_codes import issue_rows
rows = issue_rows(out)
skipped = [r for r in rows if r[3] == "table_row_skipped"]
assert all(r[0] == "enterprises" and r[6] == "rejected" for r in skipped), skipped[:3]
assert len(skipped) == len(expected), (name, len(skipped), len(expected), [r[5] for r in skipped])
for (n, reason, first), r in zip(expected, skipped):
    detail = r[5]
    assert f"第 {n} 行 row {n} " in detail, (name, n, detail)
    assert f"({reason})" in detail, (name, reason, detail)
    if first:
        shown = first if len(first) <= 40 else first[:40] + "…"
        assert f"«{shown}»" in detail, (name, first, detail)
s_clean = json.load(open(os.path.join(clean, "summary.json")))["layers"]["enterprises"]
s = json.load(open(os.path.join(out, "summary.json")))["layers"]["enterprises"]
assert s["features_used"] == s_clean["features_used"], (s, s_clean)
assert s["features_rejected"] == s_clean["features_rejected"] + len(expected), (s, s_clean)
assert s["features_read"] == s["features_used"] + s["features_rejected"], s
# No value of the data rows was refused (thousands separators, full-width digits read as numbers).
bad = [r for r in rows if r[0] == "enterprises" and r[3] not in ("table_row_skipped",)]
bad_clean = issue_rows(clean)
bad_clean = [r for r in bad_clean if r[0] == "enterprises"]
assert len(bad) == len(bad_clean), (name, len(bad), len(bad_clean), bad[:3])
print(f"{name}: {len(expected)} rows skipped and listed; enterprises read {s['features_read']} = used {s['features_used']} + rejected {s['features_rejected']}")
PY
}

# 1. The workbook: sheet found by its header (the 填表说明 sheet comes first), rows skipped.
run xlsx "$tmp/xlsx"
same_outputs xlsx
check_skipped xlsx "$tmp/xlsx.skipped.json"
# 2. GBK CSV, title line of one cell; 3. UTF-8 CSV with a BOM.
run gbk "$tmp/gbk"
same_outputs gbk
check_skipped gbk "$tmp/gbk.skipped.json"
run utf8 "$tmp/utf8"
same_outputs utf8
check_skipped utf8 "$tmp/utf8.skipped.json"

# 4. In 元, said only by the 单位 line under the title: converted, the same answers, and each
# conversion noted (issues.csv unit_converted, run.json).
run yuan "$tmp/yuan"
same_outputs yuan
python3 - "$tmp/out.yuan" <<'PY'
import csv, json, sys, os
out = sys.argv[1]
conv = json.load(open(os.path.join(out, "run.json")))["inputs"]["enterprises"]["unit_conversions"]
assert set(conv) == {"tax", "value_added", "rd_spend", "revenue", "fixed_investment"}, conv
assert all("单位：元" in v and "元 -> 万元" in v for v in conv.values()), conv
sys.path.insert(0, os.environ["TL_E2E_LIB"]); from issue_codes import issue_rows
rows = issue_rows(out)
assert sum(r[3] == "unit_converted" and r[0] == "enterprises" for r in rows) == 5
assert sum(r[3] == "table_row_skipped" for r in rows) == 3    # title, 单位 line, 合计
print("yuan: 单位：元 converted for", sorted(conv))
PY

# 5. Two-row headers (a group row over the money columns), XLSX (its sheet found by its header
# behind a cover sheet) and GBK CSV.
run tworow "$tmp/tworow"
same_outputs tworow
run tworow_gbk "$tmp/tworow_gbk"
same_outputs tworow_gbk
python3 - "$tmp/out.tworow" "$tmp/out.tworow_gbk" <<'PY'
import csv, json, sys, os
sys.path.insert(0, os.environ["TL_E2E_LIB"]); from issue_codes import issue_rows
for out, want in zip(sys.argv[1:], (2, 1)):   # XLSX: title + 合计; CSV: the title line
    rows = issue_rows(out)
    n = sum(r[3] == "table_row_skipped" for r in rows)
    assert n == want, (out, n, want)
conv = json.load(open(os.path.join(sys.argv[2], "run.json")))["inputs"]["enterprises"]["unit_conversions"]
assert set(conv) == {"tax", "value_added", "rd_spend", "revenue", "fixed_investment"}, conv
assert all("元 -> 万元" in v and "group row" in v for v in conv.values()), conv
print("two-row headers: XLSX and GBK CSV (in 元 by its group cell) read as the clean table")
PY

# 6. `tenglong init` on the workbook folder, then analyze with the unedited file: the same.
"$TENGLONG" init "$tmp/xlsx" --out "$tmp/init.toml" > /dev/null 2> "$tmp/init.stderr" || { cat "$tmp/init.stderr"; exit 1; }
grep -q '^layer *= "亩均评价"' "$tmp/init.toml" || { echo "init did not choose the 亩均评价 sheet:"; grep -A3 'layers.enterprises' "$tmp/init.toml"; exit 1; }
"$TENGLONG" analyze "$tmp/init.toml" --as-of 2023-12-31 --out "$tmp/out.init" -q > /dev/null 2> "$tmp/init2.stderr" || { cat "$tmp/init2.stderr"; exit 1; }
same_outputs init
"$TENGLONG" init "$tmp/gbk" --out "$tmp/init_gbk.toml" > /dev/null 2> "$tmp/init.stderr" || { cat "$tmp/init.stderr"; exit 1; }
"$TENGLONG" analyze "$tmp/init_gbk.toml" --as-of 2023-12-31 --out "$tmp/out.init_gbk" -q > /dev/null 2> "$tmp/init2.stderr" || { cat "$tmp/init2.stderr"; exit 1; }
same_outputs init_gbk

# 7. The sheet named in the project file; a sheet that is not there is refused (exit 2), naming
# the sheets there are.
write_project() {  # write_project FILE SHEET
  cat > "$1" <<TOML
name = "演示县"
as_of = "2023-12-31"
[layers.parcels]
source = "$demo/parcels.shp"
[layers.buildings]
source = "$demo/buildings.shp"
[layers.approvals]
source = "$demo/approvals.shp"
[layers.supplies]
source = "$demo/supplies.shp"
[layers.control_lines]
source = "$demo/control_lines.shp"
[layers.townships]
source = "$demo/townships.shp"
[layers.enterprises]
source = "$tmp/xlsx/mujun.xlsx"
sheet = "$2"
TOML
}
write_project "$tmp/p.toml" 亩均评价
"$TENGLONG" analyze "$tmp/p.toml" --out "$tmp/out.sheet" -q > /dev/null 2> "$tmp/sheet.stderr" || { cat "$tmp/sheet.stderr"; exit 1; }
cmp -s "$tmp/out.clean/parcels.csv" "$tmp/out.sheet/parcels.csv" || { echo "sheet = 亩均评价: parcels.csv differs"; exit 1; }
write_project "$tmp/q.toml" 亩均
set +e
"$TENGLONG" analyze "$tmp/q.toml" --out "$tmp/out.nosheet" -q > /dev/null 2> "$tmp/nosheet.stderr"; rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "sheet = 亩均 (not there): exit $rc, expected 2"; cat "$tmp/nosheet.stderr"; exit 1; }
grep -q '亩均评价' "$tmp/nosheet.stderr" && grep -q 'enterprises' "$tmp/nosheet.stderr" \
  || { echo "the message names neither the layer nor the sheets:"; cat "$tmp/nosheet.stderr"; exit 1; }
echo "messy tables: XLSX, GBK CSV and UTF-8 CSV give the clean table's 亩均 classes and verdicts"
