#!/usr/bin/env bash
# Issue 20's bar (闭环管理) on a second county, not the demo: a generated county (tenglong-gen
# region, seed 11, its own name and 行政区划代码). A first run lists the idle candidates; the
# planner's decisions table — an XLSX workbook with a title row and Chinese headers, named in the
# project file — excludes 3 of them, confirms 2 with a deadline already past and names 1 case
# that does not exist. The next run (with --previous, the first run's folder):
#   - idle.csv lacks the 3, excluded.csv holds them with reason and decider;
#   - the 2 are flagged 逾期 (overdue) with their deadline, summary.json counts them;
#   - the missing case is in decisions_unmatched.csv, issues.csv and the run's warnings;
#   - every measured value of every kept row is what the first run wrote (decisions change status only);
#   - cases.csv closes the 3 (销号, 排除 with the reason) and keeps first-seen days.
# A bad decision row (unknown word, bad date) stops the run with exit 2 naming file, row, column.
set -euo pipefail
: "${TENGLONG:?}" "${TL_GEN:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$TL_GEN" region "$tmp/gen" --counties 1 --parcels 2500 --seed 11 -q
src=$(find "$tmp/gen" -mindepth 1 -maxdepth 1 -type d | head -1)
data="$tmp/county"; mkdir -p "$data"; cp "$src"/* "$data/"
run() {  # run OUT [extra args]
  local out=$1; shift
  "$TENGLONG" analyze "$tmp/project.toml" --as-of 2023-12-31 --formats csv,xlsx --out "$out" -q --progress none "$@" \
    > /dev/null 2> "$out.err" || { cat "$out.err"; return 1; }
}
printf 'name = "第二县"\n[layers.parcels]\nsource = "county/parcels.shp"\n' > "$tmp/project.toml"
for l in buildings approvals supplies townships enterprises; do
  f=$(cd "$data" && ls $l.shp $l.csv 2>/dev/null | head -1) || true
  [ -n "$f" ] && printf '[layers.%s]\nsource = "county/%s"\n' "$l" "$f" >> "$tmp/project.toml"
done
run "$tmp/first" || fail "first analyze"
[ -f "$tmp/first/cases.csv" ] || fail "no cases.csv"
[ ! -f "$tmp/first/excluded.csv" ] || fail "excluded.csv without a decisions table"

python3 - "$tmp" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
rows = list(csv.DictReader(open(f"{tmp}/first/idle.csv", encoding="utf-8-sig")))
ids = []
for r in rows:
    if r["供地编号"] not in ids: ids.append(r["供地编号"])
assert len(ids) >= 5, f"the second county has only {len(ids)} idle candidates"
pick = {"exclude": ids[1:4], "confirm": ids[-2:]}
json.dump(pick, open(f"{tmp}/pick.json", "w"))
sheet = [["第二县 闲置土地 核实处置表 (2024年1月)"], [],
         ["类别", "编号", "规则", "处置决定", "理由", "佐证", "决定人", "决定日期", "整改期限"]]
for k in pick["exclude"]:
    sheet.append(["闲置土地", k, None, "排除", "已取得施工许可, 现场已动工", "施工许可证 330000202301010101", "王建国", "2023-11-20", None])
for k in pick["confirm"]:
    sheet.append(["闲置土地", k, None, "确认", "现场未动工", "IMG_2023_0815.jpg", "李秀英", "2023-08-15", "2023-11-30"])
sheet.append(["闲置土地", "GY000000-1999-99999", None, "整改中", "签订整改协议", None, "李秀英", "2023-08-15", "2024-06-30"])
sheet.append(["注: 处置决定填 确认、排除、整改中 或 已处置"])
json.dump({"sheets": [{"name": "核实处置", "rows": sheet, "merge": ["A1:I1"]}]}, open(f"{tmp}/sheet.json", "w"), ensure_ascii=False)
PY
python3 "$TL_SOURCE_DIR/tests/e2e/lib/write_xlsx.py" "$tmp/核实处置表.xlsx" "$tmp/sheet.json"
printf 'decisions = "核实处置表.xlsx"\n' | cat - "$tmp/project.toml" > "$tmp/p2" && mv "$tmp/p2" "$tmp/project.toml"
run "$tmp/second" --previous "$tmp/first" || fail "second analyze"

python3 - "$tmp" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
pick = json.load(open(f"{tmp}/pick.json"))
def rows(run, name):
    return list(csv.DictReader(open(f"{tmp}/{run}/{name}.csv", encoding="utf-8-sig")))
first, second = rows("first", "idle"), rows("second", "idle")
ids2 = {r["供地编号"] for r in second}
for k in pick["exclude"]:
    assert k not in ids2, f"{k} excluded but still on the idle list"
ex = rows("second", "excluded")
for k in pick["exclude"]:
    got = [r for r in ex if r["编号"] == k]
    assert got, f"{k} not in excluded.csv"
    assert all(r["理由"] == "已取得施工许可, 现场已动工" and r["决定人"] == "王建国" and r["类别"] == "闲置土地" for r in got), got
assert {r["编号"] for r in ex} == set(pick["exclude"]), {r["编号"] for r in ex}
for k in pick["confirm"]:
    got = [r for r in second if r["供地编号"] == k]
    assert got and all(r["处置状态"] == "确认" and r["是否逾期"] == "逾期" and r["整改期限"] == "2023-11-30" for r in got), got
others = [r for r in second if r["供地编号"] not in pick["confirm"]]
assert all(r["处置状态"] == "待核实" and r["是否逾期"] == "" for r in others)
un = rows("second", "decisions_unmatched")
assert [r["编号"] for r in un] == ["GY000000-1999-99999"], un
# issues.csv writes a kind's Chinese name under --lang zh (report/labels.cpp), its code under en.
KIND = {"decision_unmatched": ("decision_unmatched", "处置决定未匹配到案件"),
        "table_row_skipped": ("table_row_skipped", "表格行已跳过（标题、合计、注释）")}
iss = [r for r in rows("second", "issues") if r[list(r)[3]] in KIND["decision_unmatched"]]
assert len(iss) == 1 and "GY000000-1999-99999" in iss[0][list(iss[0])[2]], iss
skipped = [r for r in rows("second", "issues") if r[list(r)[0]] in ("decisions", "处置决定表") and r[list(r)[3]] in KIND["table_row_skipped"]]
assert len(skipped) >= 2, skipped   # the title row and the footnote
# Measured values unchanged: every kept row equals the first run's row on every first-run column.
key = lambda r: (r["供地编号"], r["规则"])
before = {key(r): r for r in first}
assert len(second) == len(first) - sum(1 for r in first if r["供地编号"] in pick["exclude"])
for r in second:
    b = before[key(r)]
    for col, v in b.items():
        if col in ("处置状态", "整改期限", "是否逾期", "核实情况"): continue   # the status columns decisions fill
        assert r[col] == v, (key(r), col, v, r[col])
s = json.load(open(f"{tmp}/second/summary.json", encoding="utf-8"))
c = s["cases"]["by_category"]["idle"]
assert c["excluded"] == 3 and c["confirmed"] == 2 and c["overdue"] == 2, c
assert s["cases"]["decisions_unmatched"] == 1 and s["cases"]["decisions"] == 6, s["cases"]
# summary.json's totals are the lists as written (report/totals.hpp, one source for the report): the
# second run's idle list lacks exactly the 3 excluded supplies, every other category is unchanged.
s1 = json.load(open(f"{tmp}/first/summary.json", encoding="utf-8"))
assert s1["categories"]["idle"]["count"] - s["categories"]["idle"]["count"] == 3, (s1["categories"]["idle"], s["categories"]["idle"])
for cat in ("unsupplied", "inefficient", "scattered", "control_line"):
    if cat in s1["categories"]: assert s["categories"][cat] == s1["categories"][cat], cat
codes = [w["code"] for w in s["coverage"]["warnings"]]
assert "decisions_unmatched" in codes and "cases_overdue" in codes, codes
reg = {(r["类别"], r["编号"]): r for r in rows("second", "cases")}
for k in pick["exclude"]:
    r = reg[("闲置土地", k)]
    assert r["当前状态"] == "销号" and r["销号日期"] == "2023-12-31" and r["销号原因"].startswith("排除: 已取得施工许可"), r
assert s["cases"]["register"]["closed_this_run"] == 3, s["cases"]["register"]
print(f"ok: {len(pick['exclude'])} excluded, {len(pick['confirm'])} overdue, 1 unmatched; {len(second)} idle rows unchanged in value")
PY

# diff of the two runs: the 3 left (销号) with the decision's reason, the 2 changed in 处置状态 only.
"$TENGLONG" diff "$tmp/first" "$tmp/second" --out "$tmp/diff" > "$tmp/diff.txt" || fail "diff"
python3 - "$tmp" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
pick = json.load(open(f"{tmp}/pick.json"))
rows = [r for r in csv.DictReader(open(f"{tmp}/diff/diff.csv", encoding="utf-8-sig")) if r["类别"] == "idle"]
left = {r["编号"]: r["销号原因"] for r in rows if r["变化类型"] == "销号"}
assert set(left) == set(pick["exclude"]), left
assert all(v.startswith("排除 (处置决定): 已取得施工许可") and "王建国" in v for v in left.values()), left
changed = {r["编号"]: r["变化内容"] for r in rows if r["变化类型"] == "变化"}
assert set(changed) == set(pick["confirm"]), changed
assert all(v == "处置状态: 待核实 → 确认" for v in changed.values()), changed
print("ok: diff names the 3 excluded as 销号 by decision and the 2 confirmed as a status change")
PY

# Bad rows: exit 2, nothing written, the message names the file, the rows, the columns and the fix.
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
spec = {"sheets": [{"name": "核实处置", "rows": [["类别", "编号", "处置决定", "理由", "决定日期"],
        ["闲置土地", "GY-1", "确认闲置", None, "2023-11-31"], ["闲置土地", "GY-2", "排除", None, None]]}]}
json.dump(spec, open(f"{tmp}/bad.json", "w"), ensure_ascii=False)
PY
python3 "$TL_SOURCE_DIR/tests/e2e/lib/write_xlsx.py" "$tmp/核实处置表.xlsx" "$tmp/bad.json"
set +e
"$TENGLONG" analyze "$tmp/project.toml" --as-of 2023-12-31 --formats csv --out "$tmp/bad" -q --progress none > /dev/null 2> "$tmp/bad.err"
rc=$?
set -e
[ "$rc" = 2 ] || { cat "$tmp/bad.err"; fail "bad decisions: exit $rc, want 2"; }
[ ! -e "$tmp/bad" ] || fail "bad decisions left an output folder"
for want in 核实处置表.xlsx "第 2 行" "处置决定 (decision)" "确认闲置" "确认、排除、整改中 或 已处置" "决定日期 (decided_on)" "2023-11-31" "第 3 行" "排除须写明理由"; do
  grep -qF -- "$want" "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "bad-row message lacks «$want»"; }
done
echo "ok: bad decision rows stop the run with exit 2 and say where and how to fix"
