#!/usr/bin/env bash
# report.html in a real headless Chromium (Debian's chromium, driven by playwright-core from
# tests/js): loads offline with no console error and no outside request, and its screenshot
# shows the map in the category colours (tests/js/check_report.mjs, with a blank-page negative
# control). Also: self-contained (no src/href to anything but data:), the sections a planner
# expects, numbers that agree with summary.json, Chinese by default and English with --lang en,
# and byte-identical on a second run.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
js="$TL_SOURCE_DIR/tests/js"
command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null || { echo "chromium missing: scripts/install-deps.sh installs it"; exit 1; }
"$js/ensure.sh"

"$TENGLONG" analyze "$demo" --out "$tmp/zh" --as-of 2023-12-31 -q > /dev/null
"$TENGLONG" analyze "$demo" --out "$tmp/en" --as-of 2023-12-31 -q --lang en > /dev/null
"$TENGLONG" analyze "$demo" --out "$tmp/zh2" --as-of 2023-12-31 -q > /dev/null
for d in zh en zh2; do python3 "$TL_SOURCE_DIR/tests/e2e/lib/check_accounting.py" "$tmp/$d"; done
cmp "$tmp/zh/report.html" "$tmp/zh2/report.html" || { echo "report.html differs between two identical runs"; exit 1; }
# Every total recomputed from the CSVs (also on other counties: e2e.report_totals).
python3 "$TL_SOURCE_DIR/tests/e2e/lib/check_totals.py" "$tmp/zh"

python3 - "$tmp/zh" "$tmp/en" <<'PY'
import json, os, re, sys
zh_dir, en_dir = sys.argv[1], sys.argv[2]
zh = open(os.path.join(zh_dir, "report.html"), encoding="utf-8").read()
en = open(os.path.join(en_dir, "report.html"), encoding="utf-8").read()
s = json.load(open(os.path.join(zh_dir, "summary.json")))
# Self-contained: nothing loaded from elsewhere.
for page in (zh, en):
    for m in re.finditer(r'(?:src|href)\s*=\s*"([^"]*)"', page):
        assert m.group(1).startswith("data:") or m.group(1).startswith("#"), m.group(0)
    # Scripts only inline (the page's own, no library, no src): it opens offline.
    assert not re.search(r"<script[^>]*\bsrc\s*=", page) and page.count("<script") == 2, page.count("<script")
    assert "@import" not in page and "url(" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    for part in ('id="county-map"', 'id="scale-bar"', 'id="north-arrow"', 'id="legend"', 'id="townships"',
                 'id="chart-unsupplied-age"', 'id="chart-inefficient-rule"', 'id="chart-mujun-class"', 'id="targets"',
                 'id="quality"', 'id="issues-table"'):
        assert part in page, part
assert '<html lang="zh-CN">' in zh and "分布图" in zh and "分镇街统计" in zh and "数据质量" in zh
# Issue 24 item 2: control lines drawn; the map block a chief expects; rule names in Chinese with
# the id in small type; the headline says what it counts (闲置: 53号令 ones and R02b apart).
for part in ('id="control-lines"', 'id="map-block"', 'id="map-unit"', 'id="map-source"', 'id="map-as-of"', 'id="map-crs"'):
    assert part in zh, part
assert '<dt>制图单位</dt>' in zh and '<dt>数据来源</dt>' in zh and '<dt>基准日</dt><dd>2023-12-31</dd>' in zh and '<dt>坐标系</dt><dd>EPSG:' in zh
ineff = re.search(r'id="chart-inefficient-rule".*?</figure>', zh, re.S).group(0)
assert "容积率低于下限" in ineff and '<text class="rule-id"' in ineff and ">R04.far</text>" in ineff, ineff[:400]
idle = re.search(r'id="chart-idle-rule".*?</figure>', zh, re.S).group(0)
assert ">R22</text>" in idle and "投而未达标" in idle, idle[:400]
row = re.search(r'<tr data-category="idle">.*?</tr>', zh).group(0)
assert "53号令闲置土地候选" in row and "R02b" in row, row
assert '<html lang="en">' in en and "By township" in en and "Data quality" in en and "分镇街统计" not in en
# Every township appears in the map labels.
n_towns = s["layers"]["townships"]["features_used"]
assert zh.count('<path d="M') >= n_towns
# Township table totals agree with summary.json (count and 亩) for each category that ran.
for cat, c in s["categories"].items():
    if c.get("ran") is False:
        continue
    m = re.search(r'<table class="towns" data-category="%s">.*?<tfoot><tr><th>合计</th><th class="n">(\d+)</th><th class="n">([\d,\.]+)</th>' % cat, zh, re.S)
    assert m, cat
    n, mu = int(m.group(1)), float(m.group(2).replace(",", ""))
    # One source of totals (report/totals.hpp): the 合计 by 镇街 is summary.json's headline,
    # to the cent; check_totals.py below recomputes both from the CSVs.
    assert (n, round(mu * 100)) == (c["count"], round(c["area_mu"] * 100)), (cat, n, mu, c["count"], c["area_mu"])
    print(f"{cat}: township table {n} / {mu} 亩 = summary {c['count']} / {c['area_mu']} 亩")
# Issues by kind: every kind with its count.
for kind, n in s["issues"]["by_kind"].items():
    assert re.search(r'<tr><td>[^<a-z]+ <span class="code">%s</span></td><td class="n">%d</td></tr>' % (kind, n), zh), kind   # 中文 name, then the code
# A category that did not run says so ("无数据"), never an empty table.
for cat in ("unsupplied", "idle", "inefficient", "scattered", "control_line"):
    if cat not in s["categories"] or s["categories"][cat].get("ran") is False:
        assert "无数据" in zh
# 供地结构 R17: one row per year of supply_mix.csv, outcomes as there.
import csv as _csv
mix = list(_csv.DictReader(open(os.path.join(zh_dir, "supply_mix.csv"), encoding="utf-8-sig")))
table = re.search(r'<table id="supply-mix-table">.*?<tbody>(.*?)</tbody>', zh, re.S)
assert table and mix, "no supply-mix table"
rows = re.findall(r"<tr><td>(\d{4})</td>.*?<td>([^<]*)</td></tr>", table.group(1))
assert [(r["年度"], r["结果"]) for r in mix if r["镇街"] == "全县"] == rows, (mix[:2], rows[:2])
assert {r["镇街"] for r in mix} - {"全县"}, "no township rows in supply_mix.csv"
from collections import defaultdict as _dd
_town = _dd(float); _n = _dd(int)
for r in mix:
    if r["镇街"] != "全县": _town[r["年度"]] += float(r["出让面积(平方米)"]); _n[r["年度"]] += 1
for r in mix:
    if r["镇街"] == "全县":   # the townships' 出让 areas add up to the county's, year by year
        assert abs(_town[r["年度"]] - float(r["出让面积(平方米)"])) <= 0.005 * (_n[r["年度"]] + 1), (r["年度"], _town[r["年度"]])
print("report.html structure ok")
PY

# Headless Chromium: loads offline without console errors; the map is drawn in colour.
node "$js/check_report.mjs" "$tmp/zh/report.html" "$TL_SOURCE_DIR/styles/categories.json" "$tmp/zh.png"
node "$js/check_report.mjs" "$tmp/en/report.html" "$TL_SOURCE_DIR/styles/categories.json" "$tmp/en.png"
# Interactive (issue 24 items 3 and 7): click a 批而未供 piece → its batch and clause; click a
# 低效 parcel → rule, measured, threshold, clause; the 镇街 filter; search; sort; zoom.
node "$js/check_interactive.mjs" "$tmp/zh/report.html" "$tmp/zh"
# Print (issue 24 item 4): --pdf prints report.html through headless Chromium with the report's
# print layout: A4 pages, the map on its own A3 landscape page at the scale its block states,
# every section found in the PDF's text.
"$TENGLONG" analyze "$demo" --out "$tmp/pdf" --as-of 2023-12-31 -q --pdf || { echo "analyze --pdf failed"; exit 1; }
pdfinfo "$tmp/pdf/report.pdf" > "$tmp/pdf.info" || { echo "report.pdf is not a PDF"; exit 1; }
pages=$(awk '/^Pages:/{print $2}' "$tmp/pdf.info")
[ "$pages" -ge 5 ] || { cat "$tmp/pdf.info"; echo "report.pdf has $pages pages"; exit 1; }
pdfinfo -f 1 -l "$pages" "$tmp/pdf/report.pdf" > "$tmp/pdf.pages"
grep -q "(A4)" "$tmp/pdf.pages" || { echo "no A4 page in report.pdf"; exit 1; }
grep -q "1191.* x 841.* (A3)" "$tmp/pdf.pages" || { echo "no A3 landscape page (the map) in report.pdf"; exit 1; }
pdftotext -layout "$tmp/pdf/report.pdf" "$tmp/pdf.txt"
for s in 未能判定与警告 一、分布图 二、清单汇总 三、分镇街统计 四、图表 五、目标与清单 六、数据质量 制图单位 数据来源 打印比例尺; do
  grep -q "$s" "$tmp/pdf.txt" || { echo "report.pdf lacks «$s»"; exit 1; }
done
# The map page: the A3 page whose text holds the map block.
for p in $(seq 1 "$pages"); do
  if grep -q 打印比例尺 <<<"$(pdftotext -f "$p" -l "$p" "$tmp/pdf/report.pdf" -)"; then
    grep -q "Page *$p size: *1191.* (A3)" "$tmp/pdf.pages" || { echo "the map (page $p) is not on an A3 landscape page"; exit 1; }
  fi
done
# Without a Chromium: no PDF, a note, the run goes on (exit 0).
CHROMIUM=/nonexistent/chromium "$TENGLONG" analyze "$demo" --out "$tmp/nopdf" --as-of 2023-12-31 --pdf --progress none > /dev/null 2> "$tmp/nopdf.err" \
  || { cat "$tmp/nopdf.err"; echo "analyze --pdf without Chromium failed"; exit 1; }
[ ! -e "$tmp/nopdf/report.pdf" ] && grep -q "report.pdf" "$tmp/nopdf.err" || { cat "$tmp/nopdf.err"; echo "no note that report.pdf was skipped"; exit 1; }
echo "report_html: ok ($pages PDF pages)"
