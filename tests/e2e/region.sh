#!/usr/bin/env bash
# Region projects (issue 22): three counties made from the demo — one a data folder under the
# region's profile, one a project file with fewer layers and its own profile, one with a parcels
# file cut short — run by `tenglong analyze region.toml`, then again as `tenglong region jobs`
# lines under GNU parallel and as the tasks of the `--sbatch` script, each followed by
# `tenglong region rollup`.
# Checks: exit 1 naming the bad county; each good county's folder byte-identical to a direct
# county run with the same arguments (run.json aside); the roll-up's totals the sums of the
# counties' summary.json numbers (python3, added in the region's order) and region.csv's 合计 row
# their rounding; the combined shortlists hold every county row with its 县(市、区); the same
# roll-up bytes from all three ways of running; region-file errors are exit 2 with the key named.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
demo="$TL_SOURCE_DIR/shapefiles/demo"
command -v parallel >/dev/null || fail "GNU parallel is missing (apt-get install parallel; scripts/install-deps.sh)"

# ---- the region ---------------------------------------------------------------------------
mkdir -p "$tmp/data/甲" "$tmp/data/乙" "$tmp/data/丙"
cp "$demo"/* "$tmp/data/甲/"
cp "$demo"/* "$tmp/data/乙/"
cp "$demo"/* "$tmp/data/丙/"
head -c 100000 "$demo/parcels.shp" > "$tmp/data/丙/parcels.shp"   # cut short: a data error (exit 1)
# 乙: a project file with parcels, buildings, townships and enterprises only (no 批次, 供地, 控制线).
cat > "$tmp/data/乙/project.toml" <<'TOML'
name = "乙县 2023"
[layers.parcels]
source = "parcels.shp"
[layers.buildings]
source = "buildings.shp"
[layers.townships]
source = "townships.shp"
[layers.enterprises]
source = "enterprises.csv"
TOML
cat > "$tmp/region.toml" <<'TOML'
name    = "示范市 2023 年度"
level   = "city"
as_of   = "2023-12-31"
profile = "yinzhou"

[[counties]]
name = "甲县"
data = "data/甲"

[[counties]]
name    = "乙县"
project = "data/乙/project.toml"
profile = "xiangshan"

[[counties]]
name = "丙县 o'k"
data = "data/丙/"
TOML

# ---- analyze region.toml --------------------------------------------------------------------
set +e
"$TENGLONG" analyze "$tmp/region.toml" --out "$tmp/out" --jobs 2 > "$tmp/stdout" 2> "$tmp/stderr"
code=$?
set -e
[ "$code" -eq 1 ] || { cat "$tmp/stderr"; fail "a region with a bad county: exit $code, want 1"; }
grep -q -e "error: .*丙县 o'k" -e "错误: .*丙县 o'k" "$tmp/stderr" || { cat "$tmp/stderr"; fail "stderr does not name the bad county"; }
grep -q "丙县 o'k：失败：.*parcels.shp" "$tmp/stdout" || { cat "$tmp/stdout"; fail "stdout does not give the bad county's error"; }
[ ! -e "$tmp/out/丙县 o'k" ] || fail "the bad county left a folder"
for f in summary.json region.csv report.html unsupplied.csv idle.csv inefficient.csv scattered.csv control_line.csv \
         logs/甲县.log "logs/丙县 o'k.log"; do
  [ -s "$tmp/out/$f" ] || fail "roll-up file $f missing"
done

# Each good county byte-identical to a county run with the same arguments (run.json aside).
"$TENGLONG" analyze "$tmp/data/甲" --out "$tmp/direct/甲县" --as-of 2023-12-31 --profile yinzhou -q > /dev/null
"$TENGLONG" analyze "$tmp/data/乙/project.toml" --out "$tmp/direct/乙县" --as-of 2023-12-31 --profile xiangshan -q > /dev/null
for c in 甲县 乙县; do
  diff -r --exclude=run.json "$tmp/direct/$c" "$tmp/out/$c" > "$tmp/diff" || { head -20 "$tmp/diff"; fail "$c differs from a county run"; }
  [ "$(ls "$tmp/direct/$c" | wc -l)" -eq "$(ls "$tmp/out/$c" | wc -l)" ] || fail "$c: not the same files as a county run"
done

# Totals = sums of the counties' numbers; region.csv; the combined lists.
python3 - "$tmp/out" <<'PY'
import csv, json, sys
out = sys.argv[1]
s = json.load(open(f"{out}/summary.json", encoding="utf-8"))
def fail(m): sys.exit("FAIL: " + m)
names = ["甲县", "乙县"]
county = {n: json.load(open(f"{out}/{n}/summary.json", encoding="utf-8")) for n in names}
st = {c["name"]: c for c in s["counties"]}
if st["丙县 o'k"]["status"] != "failed" or "parcels.shp" not in st["丙县 o'k"]["error"]: fail("bad county not listed with its error")
if [st[n]["status"] for n in names] != ["ok", "ok"]: fail("good counties not ok")
if (s["counties_ok"], s["counties_failed"]) != (2, 1): fail("county counts")
def ran(cs, cat):
    c = cs["categories"].get(cat)
    return c is not None and c.get("ran", True) is not False
checked = 0
for cat in ["unsupplied", "idle", "inefficient", "scattered", "control_line"]:
    for key in ["count", "area_m2", "area_mu"]:
        total = None
        for n in names:
            if not ran(county[n], cat): continue
            v = county[n]["categories"][cat][key]
            total = v if total is None else total + v
        got = s["categories"][cat].get(key)
        if got != total: fail(f"{cat}.{key}: roll-up {got!r}, sum of counties {total!r}")
        checked += 1
    if s["categories"][cat]["counties_ran"] != sum(ran(county[n], cat) for n in names): fail(f"{cat}: counties_ran")
# 乙县 has no approvals: its 批而未供 did not run and adds nothing.
if ran(county["乙县"], "unsupplied"): fail("乙县 should have no 批而未供 (no approvals layer)")
if s["categories"]["unsupplied"]["count"] != county["甲县"]["categories"]["unsupplied"]["count"]: fail("unsupplied sum")
for layer, counts in s["layers"].items():
    for k, v in counts.items():
        if v != sum(county[n]["layers"].get(layer, {}).get(k, 0) for n in names): fail(f"layers.{layer}.{k}")
if s["issues"]["total"] != sum(county[n]["issues"]["total"] for n in names): fail("issues.total")
for k, v in s["issues"]["by_kind"].items():
    if v != sum(county[n]["issues"]["by_kind"].get(k, 0) for n in names): fail(f"issues.by_kind.{k}")
rule = s["categories"]["idle"]["by_rule"]["R02b"]["count"]
if rule != sum(county[n]["categories"]["idle"]["by_rule"]["R02b"]["count"] for n in names if ran(county[n], "idle")): fail("idle.by_rule")
# Targets: the region profile's (yinzhou), with what the lists hold.
t = {x["key"]: x for x in s["targets"]}
if t["revitalize_low_efficiency_mu"]["value"] != 5000 or t["revitalize_low_efficiency_mu"]["held_area_mu"] != s["categories"]["inefficient"]["area_mu"]:
    fail("targets: 盘活低效工业用地 against the summed 低效 area")

rows = list(csv.reader(open(f"{out}/region.csv", encoding="utf-8-sig", newline="")))
head, body = rows[0], rows[1:]
if [r[0] for r in body] != ["甲县", "乙县", "丙县 o'k", "合计"]: fail(f"region.csv rows {[r[0] for r in body]}")
col = head.index("低效工业用地面积(亩)")
if body[3][col] != f'{s["categories"]["inefficient"]["area_mu"]:.2f}': fail("region.csv 合计 低效 亩")
if body[0][col] != f'{county["甲县"]["categories"]["inefficient"]["area_mu"]:.2f}': fail("region.csv 甲县 低效 亩")
cnt = head.index("低效工业用地数量")
if int(body[3][cnt]) != int(body[0][cnt]) + int(body[1][cnt]): fail("region.csv 合计 count")
if body[2][1] != "失败" or "parcels.shp" not in body[2][-1]: fail("region.csv: the bad county's status and error")

for name in ["inefficient", "idle", "scattered"]:
    combined = list(csv.reader(open(f"{out}/{name}.csv", encoding="utf-8-sig", newline="")))
    if combined[0][0] != "县(市、区)": fail(f"{name}.csv: first column")
    want = []
    for n in names:
        try:
            part = list(csv.reader(open(f"{out}/{n}/{name}.csv", encoding="utf-8-sig", newline="")))
        except FileNotFoundError:
            continue
        idx = [combined[0].index(h) for h in part[0]]
        for r in part[1:]:
            want.append((n, tuple(r)))
    got = [(r[0], tuple(r[i] for i in idx)) for r in combined[1:]] if want else []
    if len(combined) - 1 != len(want): fail(f"{name}.csv: {len(combined)-1} rows, counties have {len(want)}")
    if sorted(set(r[0] for r in combined[1:])) != sorted(set(n for n, _ in want)): fail(f"{name}.csv: 县(市、区) column")
# The GeoJSON: every county feature once, in county order, with its county first among the properties.
for name in ["inefficient", "idle", "scattered", "map"]:
    combined = json.load(open(f"{out}/{name}.geojson", encoding="utf-8"))
    want = []
    for n in names:
        try:
            part = json.load(open(f"{out}/{n}/{name}.geojson", encoding="utf-8"))
        except FileNotFoundError:
            continue
        want += [(n, f) for f in part["features"]]
    if len(combined["features"]) != len(want): fail(f"{name}.geojson: {len(combined['features'])} features, counties have {len(want)}")
    for g, (n, f) in zip(combined["features"], want):
        p = dict(g["properties"])
        if next(iter(p)) != "county" or p.pop("county") != n or p != f["properties"] or g["geometry"] != f["geometry"]:
            fail(f"{name}.geojson: a feature of {n} changed")
print(f"region sums ok ({checked} totals)")
PY
grep -q '<h1>示范市 2023 年度' "$tmp/out/report.html" || fail "report.html title"
grep -q 'parcels.shp' "$tmp/out/report.html" || fail "report.html lists the bad county's error"
if grep -q '<script\|src="http' "$tmp/out/report.html"; then fail "report.html not self-contained"; fi
# The map: one shaded outline per county with results (甲县 and 乙县), from their townships.
[ "$(grep -o '<path d="M[^"]*" fill="#[0-9a-f]*" fill-opacity' "$tmp/out/report.html" | wc -l)" -eq 2 ] || fail "report.html: the region map"

# ---- region jobs + GNU parallel + region rollup: the same roll-up bytes --------------------
"$TENGLONG" region jobs "$tmp/region.toml" --out "$tmp/par" > "$tmp/jobs.txt"
[ "$(wc -l < "$tmp/jobs.txt")" -eq 3 ] || fail "region jobs: one line per county"
grep -q "analyze '$tmp/data/甲' --out '$tmp/par/甲县' --as-of 2023-12-31 --profile yinzhou" "$tmp/jobs.txt" || { cat "$tmp/jobs.txt"; fail "job line"; }
set +e; parallel --will-cite --jobs 2 < "$tmp/jobs.txt"; pcode=$?; set -e
[ "$pcode" -eq 1 ] || fail "parallel: one job should fail, got exit $pcode"
set +e; "$TENGLONG" region rollup "$tmp/region.toml" "$tmp/par" > "$tmp/rstdout" 2> "$tmp/rstderr"; code=$?; set -e
[ "$code" -eq 1 ] || fail "region rollup with a failed county: exit $code, want 1"
grep -q "丙县 o'k" "$tmp/rstderr" || fail "region rollup does not name the bad county"
same_rollup() {  # same_rollup DIR: the roll-up files of DIR are those of out/, byte for byte
  for f in summary.json region.csv report.html unsupplied.csv idle.csv inefficient.csv scattered.csv control_line.csv \
           unsupplied.geojson idle.geojson inefficient.geojson scattered.geojson control_line.geojson map.geojson; do
    cmp "$tmp/out/$f" "$1/$f" || fail "$1/$f differs from the analyze run's roll-up"
  done
  for c in 甲县 乙县; do diff -r --exclude=run.json "$tmp/out/$c" "$1/$c" > /dev/null || fail "$1/$c differs"; done
}
same_rollup "$tmp/par"

# The bad county fixed and run again by hand (not through its job line): its results count.
cp "$demo/parcels.shp" "$tmp/data/丙/parcels.shp"
sleep 1   # its summary.json must be newer than the failed job's log (1 s mtime resolution at worst)
"$TENGLONG" analyze "$tmp/data/丙" --out "$tmp/par/丙县 o'k" --as-of 2023-12-31 --profile yinzhou -q > /dev/null
"$TENGLONG" region rollup "$tmp/region.toml" "$tmp/par" > /dev/null 2>&1 || fail "rollup after the county was fixed: not exit 0"
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if s['counties_ok'] == 3 else 1)" "$tmp/par/summary.json" ||
  fail "rollup after the fix: not 3 counties ok"
# Broken again and its job line run: the job fails, the previous folder stays, and is not counted.
head -c 100000 "$demo/parcels.shp" > "$tmp/data/丙/parcels.shp"
sleep 1
bash -c "$(grep "丙县" "$tmp/jobs.txt" | sed 's/$/ || true/')"
[ -f "$tmp/par/丙县 o'k/summary.json" ] || fail "the failed job removed the previous results"
set +e; "$TENGLONG" region rollup "$tmp/region.toml" "$tmp/par" > /dev/null 2>&1; code=$?; set -e
[ "$code" -eq 1 ] || fail "rollup with a county whose last run failed (old folder kept): exit $code, want 1"
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); c=s['counties'][2]; sys.exit(0 if c['status'] == 'failed' and 'not counted' in c['error'] or '未计入' in c['error'] else 1)" "$tmp/par/summary.json" ||
  fail "the stale folder of a failed county was counted"

# ---- the Slurm array script, its tasks run by hand -------------------------------------------
"$TENGLONG" region jobs "$tmp/region.toml" "$tmp/slurm" --sbatch > "$tmp/jobs.sbatch"
bash -n "$tmp/jobs.sbatch" || fail "the sbatch script is not valid bash"
grep -q '^#SBATCH --array=0-2$' "$tmp/jobs.sbatch" || fail "sbatch: --array"
for k in 0 1 2; do SLURM_ARRAY_TASK_ID=$k SLURM_CPUS_PER_TASK=1 bash "$tmp/jobs.sbatch" || true; done
"$TENGLONG" region rollup "$tmp/region.toml" "$tmp/slurm" > /dev/null 2>&1 || true
same_rollup "$tmp/slurm"

# ---- English: the same roll-up with English headers -------------------------------------------
"$TENGLONG" region rollup "$tmp/region.toml" "$tmp/slurm" --lang en > /dev/null 2>&1 || true
head -1 "$tmp/slurm/region.csv" | grep -q '^.county,status,profile,' || fail "region rollup --lang en: region.csv header"
head -1 "$tmp/slurm/idle.csv" | grep -q '^.county,' || fail "region rollup --lang en: idle.csv first column"

# ---- interrupted: SIGTERM to the region run reaches its county processes, which clean up ------
set +e
TENGLONG_TEST_PAUSE_AT=read TENGLONG_TEST_PAUSE_S=20 "$TENGLONG" analyze "$tmp/region.toml" --out "$tmp/int" --jobs 2 \
  > /dev/null 2> "$tmp/int.err" &
pid=$!
for _ in $(seq 100); do [ "$(cat "$tmp/int/logs/"*.log 2>/dev/null | grep -c 'test pause at read')" -ge 2 ] && break; sleep 0.1; done
kill -TERM "$pid"; wait "$pid"; code=$?
set -e
[ "$code" -eq 143 ] || { cat "$tmp/int.err"; fail "SIGTERM to a region run: exit $code, want 143"; }
sleep 1
if ls -A "$tmp/int" | grep -q 'tmp-'; then ls -A "$tmp/int"; fail "an interrupted county left its temporary folder"; fi
if pgrep -f "analyze $tmp/data" > /dev/null; then fail "county processes still running after SIGTERM"; fi

# ---- rerun: an existing output needs --overwrite; the roll-up again the same -----------------
set +e; "$TENGLONG" analyze "$tmp/region.toml" --out "$tmp/out" > /dev/null 2> "$tmp/err"; code=$?; set -e
[ "$code" -eq 2 ] && grep -q -- "--overwrite" "$tmp/err" || fail "an existing region output without --overwrite: exit $code"

# Other commands take one county, not a region: exit 2 saying so.
set +e; "$TENGLONG" inspect "$tmp/region.toml" > /dev/null 2> "$tmp/err"; code=$?; set -e
[ "$code" -eq 2 ] && grep -q "region file" "$tmp/err" || fail "inspect region.toml: exit $code, want 2 naming the region file"

# ---- region-file errors: exit 2, naming the key or file ------------------------------------
expect2() {  # expect2 PATTERN TOML
  printf '%s\n' "$2" > "$tmp/bad.toml"
  set +e; "$TENGLONG" analyze "$tmp/bad.toml" --out "$tmp/bad-out" > /dev/null 2> "$tmp/err"; local c=$?; set -e
  [ "$c" -eq 2 ] || { cat "$tmp/err"; fail "bad region ($1): exit $c, want 2"; }
  grep -q -- "$1" "$tmp/err" || { cat "$tmp/err"; fail "bad region: message lacks '$1'"; }
  [ ! -e "$tmp/bad-out/甲县" ] || fail "bad region ($1): a county ran"
}
expect2 'colour' "as_of = \"2023-12-31\"
colour = 1
[[counties]]
name = \"甲县\"
data = \"$tmp/data/甲\""
expect2 'as_of' "[[counties]]
name = \"甲县\"
data = \"$tmp/data/甲\""
expect2 'listed twice' "as_of = \"2023-12-31\"
[[counties]]
name = \"甲县\"
data = \"$tmp/data/甲\"
[[counties]]
name = \"甲县\"
data = \"$tmp/data/乙\""
expect2 'nowhere' "as_of = \"2023-12-31\"
[[counties]]
name = \"甲县\"
data = \"$tmp/nowhere\""
expect2 'no-such-profile' "as_of = \"2023-12-31\"
[[counties]]
name = \"甲县\"
data = \"$tmp/data/甲\"
profile = \"no-such-profile\""
expect2 'folder name' "as_of = \"2023-12-31\"
[[counties]]
name = \"../甲县\"
data = \"$tmp/data/甲\""
# --publish checked before any county runs (the PostGIS side: tests/e2e/region_postgis.sh).
set +e; "$TENGLONG" analyze "$tmp/region.toml" --out "$tmp/pub" --publish "dbname=x" > /dev/null 2> "$tmp/err"; code=$?; set -e
[ "$code" -eq 2 ] && [ ! -e "$tmp/pub/甲县" ] || { cat "$tmp/err"; fail "--publish without PG: for a region: exit $code, want 2 before any county"; }
set +e; "$TENGLONG" analyze "$tmp/region.toml" --out "$tmp/pub" --schema x > /dev/null 2> "$tmp/err"; code=$?; set -e
[ "$code" -eq 2 ] && grep -q -- "--publish" "$tmp/err" || fail "--schema without --publish for a region: exit $code, want 2"
echo "region: ok"
