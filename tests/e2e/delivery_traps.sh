#!/usr/bin/env bash
# Issue 17, "nothing silently missing", on deliveries that differ from the demo on purpose:
#   A. state land spelled as real deliveries spell it (权利人 国有(未供) / 国有土地（储备）/
#      某县土地储备中心, 权利性质 国有未供): the same 零星地块 (leftover, host) pairs as the demo,
#      every one a 国有未供地块 with its host;
#   B. state land spelled in a way no profile pattern knows: 0 零星地块, and the run says so on
#      stderr with the owner values it saw;
#   C. a back-year run (--as-of 2022-12-31) with a 亩均 table holding only 2023: no R21/R22 row
#      rests on missing data, stderr says why, summary.json shows R21/R22 as not run;
#   D. no profile given, parcel codes of 临平区 (330113): the run suggests --profile linping;
#   E. inspect and analyze report the same parcel gaps;
#   F. summary.json gives every rule judged / fail / indeterminate, with causes and fixes.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
demo="$TL_SOURCE_DIR/shapefiles/demo"

"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/demo" -q > /dev/null || fail "analyze demo"

# ---- A. state land as deliveries spell it -------------------------------------------------
mkdir -p "$tmp/a"; cp "$demo"/* "$tmp/a/"; rm "$tmp/a"/parcels.*
SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$tmp/a/parcels.shp" "$demo/parcels.shp" -dialect SQLite -sql \
  "SELECT geometry, ZDDM,
     CASE WHEN QLRMC IS NULL AND rowid % 3 = 0 THEN '国有(未供)' WHEN QLRMC IS NULL AND rowid % 3 = 1 THEN '国有土地（储备）'
          WHEN QLRMC IS NULL THEN '演示县土地储备中心' ELSE QLRMC END AS QLRMC,
     DLBM, ZDMJ, XZMC, CASE WHEN QLRMC IS NULL THEN '国有未供' ELSE QLXZ END AS QLXZ, QLLX, TYSHXYDM, RJLXX, SYNX, HYDM
   FROM parcels" 2> "$tmp/ogr.err" || { cat "$tmp/ogr.err"; fail "ogr2ogr A"; }
"$TENGLONG" analyze "$tmp/a" --as-of 2023-12-31 --out "$tmp/a-out" -q > /dev/null || fail "analyze A"
python3 - "$tmp/demo/scattered.csv" "$tmp/a-out/scattered.csv" "$TL_SOURCE_DIR/shapefiles/demo-scenarios.json" <<'PY'
import csv, json, sys
def pairs(p):
    rows = list(csv.DictReader(open(p, encoding="utf-8-sig")))
    return rows, sorted((r["零星地块编号"], r["宿主宗地编号"]) for r in rows)
demo_rows, demo = pairs(sys.argv[1])
rows, got = pairs(sys.argv[2])
assert demo, "the demo has 零星地块: the comparison would test nothing"
assert got == demo, f"respelled state land: {len(got)} pairs against the demo's {len(demo)}"
state = [r for r in rows if r["来源"] == "国有未供地块"]
assert len(state) >= 40, f"only {len(state)} 国有未供地块 rows"
# The generator's planted leftovers beside an owned industrial parcel are all there.
planted = {d["id"] for d in json.load(open(sys.argv[3])) if d["kind"] == "leftover_parcel"}
found = {r["零星地块编号"] for r in state}
print(f"A: {len(got)} pairs as in the demo; {len(found & planted)} of {len(planted)} planted leftovers listed")
assert len(found & planted) >= 40, found & planted
PY

# ---- B. a spelling no pattern knows: nothing found, and the run says what it saw -----------
mkdir -p "$tmp/b"; cp "$demo"/* "$tmp/b/"; rm "$tmp/b"/parcels.*
SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$tmp/b/parcels.shp" "$demo/parcels.shp" -dialect SQLite -sql \
  "SELECT geometry, ZDDM, CASE WHEN QLRMC IS NULL THEN '公家' ELSE QLRMC END AS QLRMC, DLBM, ZDMJ, XZMC, QLXZ, QLLX, TYSHXYDM,
     RJLXX, SYNX, HYDM FROM parcels" 2> "$tmp/ogr.err" || { cat "$tmp/ogr.err"; fail "ogr2ogr B"; }
# 批而未供 pieces stay candidates of their own: compare only parcel leftovers.
"$TENGLONG" analyze "$tmp/b" --as-of 2023-12-31 --out "$tmp/b-out" > /dev/null 2> "$tmp/b.err" || { cat "$tmp/b.err"; fail "analyze B"; }
python3 - "$tmp/b-out/scattered.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
assert not [r for r in rows if r["来源"] == "国有未供地块"], "公家 is no state-owner pattern: nothing should be found"
PY
# With every state scrap missed, the 批而未供 pieces may still give rows; take them away too.
mkdir -p "$tmp/b2"; cp "$tmp/b"/* "$tmp/b2/"; rm "$tmp/b2"/approvals.*
"$TENGLONG" analyze "$tmp/b2" --as-of 2023-12-31 --out "$tmp/b2-out" > /dev/null 2> "$tmp/b2.err" || { cat "$tmp/b2.err"; fail "analyze B2"; }
grep -q "零星地块 0 条" "$tmp/b2.err" || { cat "$tmp/b2.err"; fail "B: no warning about the empty 零星地块 list"; }
grep -q "「公家」" "$tmp/b2.err" || { cat "$tmp/b2.err"; fail "B: the warning does not show the owner values seen"; }
grep -q "state_owner_patterns" "$tmp/b2.err" || fail "B: the warning does not say where to add the spelling"
echo "B: empty 零星地块 list explained on stderr"

# ---- C. back-year run with a 亩均 table of 2023 only ---------------------------------------
mkdir -p "$tmp/c"; cp "$demo"/* "$tmp/c/"
python3 - "$demo/enterprises.csv" "$tmp/c/enterprises.csv" <<'PY'
import sys
src = open(sys.argv[1], encoding="utf-8-sig").read().splitlines()
keep = [src[0]] + [l for l in src[1:] if l.split(",")[3] == "2023"]
open(sys.argv[2], "w", encoding="utf-8-sig").write("\n".join(keep) + "\n")
PY
"$TENGLONG" analyze "$tmp/c" --as-of 2022-12-31 --out "$tmp/c-out" > /dev/null 2> "$tmp/c.err" || { cat "$tmp/c.err"; fail "analyze C"; }
grep -q "亩均数据没有 2022 年" "$tmp/c.err" || { cat "$tmp/c.err"; fail "C: no warning that the 亩均 table lacks 2022"; }
# The report never hides a rule that did not run: the 闲置 chart shows R21/R22 as 未运行 with the
# reason, the 亩均 chart the units it could not class, the 低效 chart R20 in the report's language.
# (a bar's label and note wrap onto <tspan> lines: read its text without the tags)
grep -q "R21.*未运行：亩均数据没有 2022 年" <<<"$(sed 's/<[^>]*>//g' "$tmp/c-out/report.html")" || fail "C: the 闲置 chart leaves R21 out"
grep -q ">无法判定</tspan></text>" "$tmp/c-out/report.html" || fail "C: the 亩均 chart shows zeros without the units not judged"
grep -q "未运行：parcels have" "$tmp/c-out/report.html" && fail "C: an English reason in the Chinese report"
# Supplies dated after the as-of day (53 of them in 2023) are a warning that the day may be wrong,
# on stderr, in summary.json and at the top of the report.
grep -q "宗供地的供地日期晚于基准日 2022-12-31" "$tmp/c.err" || { cat "$tmp/c.err"; fail "C: no warning of supplies after the as-of day"; }
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); assert any(w['code']=='supplies_after_as_of' for w in s['coverage']['warnings'])" \
  "$tmp/c-out/summary.json" || fail "C: summary.json lacks supplies_after_as_of"
grep -q "未能判定与警告" "$tmp/c-out/report.html" && grep -q "晚于基准日" "$tmp/c-out/report.html" \
  || fail "C: the report's 未能判定与警告 section lacks the warnings"
python3 - "$tmp/c-out" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
rows = list(csv.reader(open(os.path.join(out, "idle.csv"), encoding="utf-8-sig")))
hdr = rows[0]
rule = hdr.index("规则") if "规则" in hdr else 0
bad = [r for r in rows[1:] if r[rule] in ("R21", "R22")]
assert not bad, f"{len(bad)} R21/R22 rows rest on missing 亩均 data"
s = json.load(open(os.path.join(out, "summary.json")))
cov = {r["rule"]: r for r in s["coverage"]["rules"]}
assert cov["R21/R22"]["ran"] is False and "2022" in cov["R21/R22"]["not_run_zh"], cov["R21/R22"]
assert any(w["code"] == "enterprise_year_absent" for w in s["coverage"]["warnings"])
# R11.class_d: units with 亩均 rows, none in the evaluation year: not judged (missing data),
# never "not applicable", and the cause says which year is missing.
d = cov["R11.class_d"]
full = {r["rule"]: r for r in json.load(open(os.path.join(os.path.dirname(out), "demo", "summary.json")))["coverage"]["rules"]}
assert d["not_applicable"] <= full["R11.class_d"]["not_applicable"], (d, full["R11.class_d"])   # only non-industrial land
causes = {c["code"]: c["count"] for c in d["indeterminate_by_cause"]}
assert causes.get("enterprise_year", 0) > 1000, d
w = next(w for w in s["coverage"]["warnings"] if w["code"] == "enterprise_year_absent")
assert "enterprise table" not in w["zh"] and "亩均数据" not in w["en"], w   # one language each
print("C: back-year run lists no R21/R22 and says why; R11 is not judged for want of the year, not n/a")
PY

# ---- C2. a 亩均 table whose evaluation year is thin (30 rows of 2023, all of 2022) -------------
mkdir -p "$tmp/c2"; cp "$demo"/* "$tmp/c2/"
python3 - "$demo/enterprises.csv" "$tmp/c2/enterprises.csv" <<'PY'
import sys
src = open(sys.argv[1], encoding="utf-8-sig").read().splitlines()
y2023 = [l for l in src[1:] if l.split(",")[3] == "2023"]
keep = [src[0]] + [l for l in src[1:] if l.split(",")[3] != "2023"] + y2023[:30]
open(sys.argv[2], "w", encoding="utf-8-sig").write("\n".join(keep) + "\n")
PY
"$TENGLONG" analyze "$tmp/c2" --as-of 2023-12-31 --out "$tmp/c2-out" > /dev/null 2> "$tmp/c2.err" || { cat "$tmp/c2.err"; fail "analyze C2"; }
grep -q "表可能不全" "$tmp/c2.err" || { cat "$tmp/c2.err"; fail "C2: no warning that the 2023 亩均 rows are thin"; }
python3 - "$tmp/demo" "$tmp/c2-out" <<'PY'
import csv, json, os, sys
def r21(out):
    rows = list(csv.DictReader(open(os.path.join(out, "idle.csv"), encoding="utf-8-sig")))
    return {r["供地编号"] for r in rows if r["规则"] == "R21"}
full, thin = r21(sys.argv[1]), r21(sys.argv[2])
assert thin <= full, f"a thin 亩均 year adds R21 rows: {sorted(thin - full)[:5]}"
s = json.load(open(os.path.join(sys.argv[2], "summary.json")))
assert any(w["code"] == "enterprise_year_partial" for w in s["coverage"]["warnings"])
cov = {r["rule"]: r for r in s["coverage"]["rules"]}["R21/R22"]
assert cov["indeterminate"] > 0 and cov["indeterminate_by_cause"][0]["code"] == "enterprise_row", cov
print(f"C2: thin 2023 亩均 rows: R21 {len(thin)} (full table {len(full)}), {cov['indeterminate']} not judged, warned")
PY

# ---- G. a category with nothing in it although its inputs are there ------------------------
mkdir -p "$tmp/g"; cp "$demo"/* "$tmp/g/"; rm "$tmp/g"/control_lines.*
ogr2ogr -f "ESRI Shapefile" "$tmp/g/control_lines.shp" "$demo/townships.shp" -dialect SQLite -sql \
  "SELECT ST_Buffer(ST_Union(geometry), 500) AS geometry, 'ALL' AS KZXBH FROM townships" 2> "$tmp/ogr.err" || { cat "$tmp/ogr.err"; fail "ogr2ogr G"; }
"$TENGLONG" analyze "$tmp/g" --as-of 2023-12-31 --out "$tmp/g-out" > /dev/null 2> "$tmp/g.err" || { cat "$tmp/g.err"; fail "analyze G"; }
grep -q "控制线外工业用地 0 宗" "$tmp/g.err" || { cat "$tmp/g.err"; fail "G: no warning for an empty control-line list"; }
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); assert any(w['code']=='control_line_empty' for w in s['coverage']['warnings'])" \
  "$tmp/g-out/summary.json" || fail "G: summary.json lacks the warning"
grep -q "控制线外工业用地 0 宗" "$tmp/demo.err" 2>/dev/null && fail "G: the demo warns of an empty list it does not have"
echo "G: an empty control-line list with lines present is a warning"

# ---- H. a 亩均 table in 元 that says nothing of its unit: the run stops and names the unit ---
mkdir -p "$tmp/h"; cp "$demo"/* "$tmp/h/"
python3 - "$demo/enterprises.csv" "$tmp/h/enterprises.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
h = rows[0]; k = h.index("SS")
for r in rows[1:]:
    if r[k]: r[k] = f"{float(r[k]) * 10000:.2f}"
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
PY
set +e; "$TENGLONG" analyze "$tmp/h" --as-of 2023-12-31 --out "$tmp/h-out" -q > /dev/null 2> "$tmp/h.err"; code=$?; set -e
[ "$code" -eq 2 ] || { cat "$tmp/h.err"; fail "H: a tax column in 元 read as 万元: exit $code, want 2"; }
grep -q 'units = { tax = "元" }' "$tmp/h.err" && grep -q "enterprises.csv" "$tmp/h.err" || { cat "$tmp/h.err"; fail "H: the message names neither the file nor the fix"; }
[ ! -e "$tmp/h-out" ] || fail "H: an output folder was left behind"
echo "H: a 亩均 table in 元 stops the run, naming the file, the unit and the fix"

# ---- D. no profile, parcel codes of 临平区 -------------------------------------------------
mkdir -p "$tmp/d"
SHAPE_ENCODING=CP936 ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 "$tmp/d/parcels.shp" "$demo/parcels.shp" -dialect SQLite -sql \
  "SELECT geometry, '330113' || substr(ZDDM, 7) AS ZDDM, QLRMC, DLBM, ZDMJ, XZMC, QLXZ, QLLX FROM parcels" 2> "$tmp/ogr.err" \
  || { cat "$tmp/ogr.err"; fail "ogr2ogr D"; }
"$TENGLONG" analyze "$tmp/d" --as-of 2023-12-31 --out "$tmp/d-out" > /dev/null 2> "$tmp/d.err" || { cat "$tmp/d.err"; fail "analyze D"; }
grep -q -- "--profile linping" "$tmp/d.err" || { cat "$tmp/d.err"; fail "D: no county profile suggested for 330113"; }
"$TENGLONG" analyze "$tmp/d" --as-of 2023-12-31 --profile linping --out "$tmp/d2-out" > /dev/null 2> "$tmp/d2.err" || fail "analyze D2"
if grep -q "profile_default\|未指定政策规则集" "$tmp/d2.err"; then fail "D: warned about the default profile although --profile was given"; fi
echo "D: 330113 suggests linping"

# ---- E. inspect and analyze report the same gaps -------------------------------------------
"$TENGLONG" inspect "$demo" --json > "$tmp/inspect.json" 2> /dev/null || fail "inspect"
python3 - "$tmp/inspect.json" "$tmp/demo/issues.csv" <<'PY'
import csv, json, sys
j = json.load(open(sys.argv[1]))
def walk(o):
    if isinstance(o, dict):
        if o.get("kind") == "gap": yield o
        for v in o.values(): yield from walk(v)
    elif isinstance(o, list):
        for v in o: yield from walk(v)
ins = sorted({str(g.get("fid", g.get("feature_fid", ""))) for g in walk(j)})
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
ana = sorted({r[1] for r in rows[1:] if r[3] in ("gap", "宗地缝隙")})
assert ins, "inspect found no gaps on the demo (it has planted ones)"
assert ins == ana, f"inspect gaps {ins} != analyze gaps {ana}"
print(f"E: {len(ana)} gaps in both")
PY

# ---- F. coverage of every rule ----------------------------------------------------------
python3 - "$tmp/demo/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
rules = s["coverage"]["rules"]
ids = [r["rule"] for r in rules]
for want in ("R01", "R02/R03", "R21/R22", "R04.far", "R06.coverage", "R04.unbuilt", "R11.class_d", "R12", "R16"):
    assert want in ids, (want, ids)
for r in rules:
    for k in ("judged", "pass", "fail", "indeterminate", "ran"):
        assert k in r, (r["rule"], k)
    if r["ran"]:
        assert sum(c["count"] for c in r["indeterminate_by_cause"]) == r["indeterminate"], r["rule"]
        for c in r["indeterminate_by_cause"]:
            assert c["fix_zh"] and c["what_zh"], (r["rule"], c)
    else:
        assert r["not_run_zh"] and r["fix_zh"], r
far = next(r for r in rules if r["rule"] == "R04.far")
assert far["indeterminate"] > 0 and any(c["code"] == "far_floor" for c in far["indeterminate_by_cause"]), far
print("F: every rule's coverage in summary.json")
PY
echo "ok: delivery traps"
