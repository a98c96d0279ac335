#!/usr/bin/env bash
# Benchmark: tenglong against the read floor, PostGIS and GeoPandas, side by side in one run.
#
#   scripts/bench.sh [--county | --demo | --province | --data DIR] [--subset F] [--timeout S]
#                    [--threads N] [--tol R] [--out DIR] [--no-engines]
#   scripts/bench.sh --region [--counties N] [--parcels P] [--jobs J] [--out DIR]
#
#   --region      a generated region: `analyze region.toml` against the sum of its counties run
#                 one by one, and the roll-up's cost (scripts/bench/region.sh; its own options)
#
#   --county      (default) the generated county (tenglong-gen county: 200 000 parcels), made
#                 into OUT/county the first time (seed fixed: the same files every time)
#   --province    the generated province slice (2 000 000 parcels; ~7 min to generate), into
#                 OUT/province; floor and tenglong only unless --subset is given
#   --demo        shapefiles/demo (2 890 parcels): the smoke test (ctest -L bench, < 1 min)
#   --data DIR    any folder of county layers in the sample's schema
#   --subset F    PostGIS and GeoPandas (and the tenglong run they are compared with) on the
#                 middle F of the county's extent by area (0 < F <= 1; every layer clipped to the
#                 same window with ogr2ogr -spat); DEFAULT 1 (everything; 0.1 with --province)
#   --timeout S   give up on an engine after S seconds, reported as "> S" (DEFAULT 3600)
#   --threads N   tenglong --threads (DEFAULT 0 = all cores)
#   --tol R       relative tolerance of the totals check (DEFAULT 0.002)
#   --no-engines  floor and tenglong only
#   --out DIR     scratch folder (DEFAULT bench-out/, never committed)
#
# What is timed (wall, CPU = user + system, peak RSS, from /usr/bin/time):
#   floor          build/tenglong-readfloor: every feature of every layer read through OGR
#   tenglong       `tenglong analyze` (all outputs), and again with CSV + GeoJSON only
#                  (TENGLONG_BENCH_FORMATS=csv,geojson: no XLSX, no parcels.gpkg); run.json's
#                  write_cpu_s gives each writer's CPU
#   write floor    GDAL's GeoJSON writer (ogr2ogr, same creation options) writing the GeoJSON files
#                  of the CSV + GeoJSON run again from a GeoPackage copy: what any GDAL-based tool
#                  spends producing those outputs (reading the copy timed apart)
#   engines        the same four analyses (scripts/bench/postgis_kernels.sql states the rules:
#                  批而未供 per batch, FAR by intersection, adjacency with shared length,
#                  control-line share) in PostGIS (loading with ogr2ogr timed apart) and in
#                  GeoPandas (reading timed apart); tenglong's side is `analyze` + `neighbors
#                  --snap 0 --min-shared 0` (analyze does much more than the four analyses), and
#                  like for like: analyze's stage times with R04.unbuilt off (a profile extending
#                  national; the engines do not open the unbuilt part) plus neighbors' adjacency
# Totals compared (scripts/bench/totals.py): 批而未供 area and batches, building footprint inside
# parcels and parcels with buildings, adjacent pairs and shared length, industrial parcels and
# their area inside the control lines. A disagreement beyond --tol is exit 1; so is a failed run.
# Timings are not pass/fail (the machine may be shared); the targets are printed beside them.
#
# Results: OUT/results.md (the table) and OUT/results.json. Needs the build (build/tenglong,
# tenglong-gen, tenglong-readfloor; env TENGLONG / TL_BUILD_DIR), ogr2ogr, PostgreSQL 15 + PostGIS 3
# (scripts/pg.sh) and python3-geopandas + python3-rtree (scripts/install-deps.sh --bench, run
# here as root when they are missing; otherwise GeoPandas is skipped with a note).
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${TL_BUILD_DIR:-$SRC/build}
TENGLONG=${TENGLONG:-$BUILD/tenglong}
GEN=${TL_GEN:-$BUILD/tenglong-gen}
FLOOR=${TL_READFLOOR:-$BUILD/tenglong-readfloor}
PY=/usr/bin/python3   # Debian's python, where python3-geopandas lives

# The region benchmark is its own script (it shares no engines with the rest).
[[ ${1:-} == --region ]] && exec bash "$(dirname "$0")/bench/region.sh" "${@:2}"

mode=county data="" subset="" timeout_s=3600 threads=0 tol=0.002 out=$SRC/bench-out engines=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --county|--demo|--province) mode=${1#--} ;;
        --data) mode=data; data=$2; shift ;;
        --subset) subset=$2; shift ;;
        --timeout) timeout_s=$2; shift ;;
        --threads) threads=$2; shift ;;
        --tol) tol=$2; shift ;;
        --out) out=$2; shift ;;
        --no-engines) engines=0 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown option $1 (--help)" >&2; exit 2 ;;
    esac
    shift
done
say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }
# What the benchmark needs beyond the test set (GeoPandas, /usr/bin/time): installed here as root.
if [[ ! -x /usr/bin/time ]] || ! $PY -c "import geopandas, rtree" 2>/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then bash "$SRC/scripts/install-deps.sh" --bench >&2 || say "install-deps.sh --bench failed"; fi
fi
for b in "$TENGLONG" "$FLOOR"; do [[ -x $b ]] || die "$b not built (ninja -C build tenglong tenglong-gen tenglong-readfloor)"; done
command -v ogr2ogr >/dev/null || die "ogr2ogr not found (scripts/install-deps.sh)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---- data ------------------------------------------------------------------------------
case $mode in
    demo) data=$SRC/shapefiles/demo ;;
    county|province)
        data=$out/$mode
        if [[ ! -f $data/parcels.shp && ! -f $data/parcels.gpkg ]]; then
            [[ -x $GEN ]] || die "$GEN not built"
            say "generating the $mode into $data (once)"
            rm -rf "$data"
            "$GEN" "$mode" "$data" --format shp -q
        fi ;;
    data) [[ -d $data ]] || die "--data $data is not a folder"; data=$(cd "$data" && pwd) ;;
esac
[[ -n $subset ]] || { [[ $mode == province ]] && subset=0.1 || subset=1; }

WORK=$out/run
rm -rf "$WORK"
mkdir -p "$WORK"
PGDIR=""
cleanup() {
    local rc=$?
    [[ -n $PGDIR ]] && bash "$SRC/scripts/pg.sh" stop "$PGDIR" >/dev/null 2>&1 || true
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# measure NAME CMD...: runs CMD under /usr/bin/time (and timeout); WORK/NAME.time holds
# "wall cpu rss_mb status". Returns CMD's status (124 = timed out).
measure() {
    local name=$1; shift
    local rc=0
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/$name.rawtime" timeout "$timeout_s" "$@" >"$WORK/$name.log" 2>&1 || rc=$?
    local line
    line=$(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$WORK/$name.rawtime" | tail -1 || true)
    read -r wall user sys rss <<<"${line:-0 0 0 0}"
    echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u + s}') $((rss / 1024)) $rc" >"$WORK/$name.time"
    return $rc
}
field() { awk -v k="$2" '{print $k}' "$WORK/$1.time"; }   # field NAME 1=wall 2=cpu 3=rss 4=status

machine() {
    local cpu
    cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
    echo "$(nproc) cores ($cpu), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
}
MACHINE=$(machine)
say "data: $data ($mode); machine: $MACHINE"
declare -A layers=()
for l in parcels buildings approvals supplies control_lines townships; do
    for e in shp gpkg; do [[ -f $data/$l.$e ]] && { layers[$l]=$data/$l.$e; break; }; done
done
[[ -n ${layers[parcels]:-} ]] || die "no parcels layer in $data"

# ---- A: floor and tenglong on the whole data ------------------------------------------
say "floor: reading every layer through OGR"
measure floor "$FLOOR" "$data" || die "tenglong-readfloor failed (see $WORK/floor.log)"
say "tenglong analyze (all outputs)"
measure analyze "$TENGLONG" analyze "$data" --out "$WORK/analyze" --as-of 2100-12-31 --lang en --overwrite -q \
    --threads "$threads" || die "tenglong analyze failed (see $WORK/analyze.log)"
say "tenglong analyze (CSV + GeoJSON only)"
TENGLONG_BENCH_FORMATS=csv,geojson measure analyze_csv "$TENGLONG" analyze "$data" --out "$WORK/analyze_csv" \
    --as-of 2100-12-31 --lang en --overwrite -q --threads "$threads" || die "tenglong analyze (csv) failed"

# ---- A2: the write floor -----------------------------------------------------------------
# GDAL's GeoJSON writer writing the very files the CSV + GeoJSON run wrote, from a GeoPackage
# copy of them (ogr2ogr, the creation options tenglong uses): what any GDAL-based tool spends
# producing those outputs, analysis aside. The GeoPackage is made untimed; reading it back is
# timed apart (readfloor) so that the writing itself can be read off.
say "write floor: GDAL's GeoJSON writer on analyze's own GeoJSON outputs"
mkdir -p "$WORK/outputs_gpkg" "$WORK/write_floor"
: >"$WORK/write_floor.sh"
for f in "$WORK"/analyze_csv/*.geojson; do
    n=$(basename "${f%.geojson}")
    # -lco FID: the issues layer has a "fid" property of its own
    ogr2ogr -f GPKG "$WORK/outputs_gpkg/$n.gpkg" "$f" -nln "$n" -nlt GEOMETRY -lco FID=tl_gpkg_fid \
        2>>"$WORK/outputs_gpkg.log" || die "staging $f into a GeoPackage failed (see $WORK/outputs_gpkg.log)"
    printf 'ogr2ogr -f GeoJSON "%s" "%s" -lco SIGNIFICANT_FIGURES=15 || exit 1\n' \
        "$WORK/write_floor/$n.geojson" "$WORK/outputs_gpkg/$n.gpkg" >>"$WORK/write_floor.sh"
done
measure outputs_read "$FLOOR" "$WORK/outputs_gpkg" || die "reading the staged outputs failed"
measure write_floor bash "$WORK/write_floor.sh" || die "the write floor failed (see $WORK/write_floor.log)"
du -cb "$WORK"/write_floor/*.geojson | tail -1 | cut -f1 >"$WORK/write_floor.bytes"

# ---- B: the four analyses in every engine, on the same files ----------------------------
edata=$data
if [[ $engines == 1 && $subset != 1 ]]; then
    edata=$WORK/subset
    mkdir -p "$edata"
    read -r minx miny maxx maxy < <(ogrinfo -ro -so -al "${layers[parcels]}" | sed -n 's/^Extent: (\(.*\), \(.*\)) - (\(.*\), \(.*\))$/\1 \2 \3 \4/p' | head -1)
    read -r x0 y0 x1 y1 < <(echo "$minx $miny $maxx $maxy $subset" | awk '{s=sqrt($5); cx=($1+$3)/2; cy=($2+$4)/2; w=($3-$1)*s/2; h=($4-$2)*s/2; printf "%.3f %.3f %.3f %.3f\n", cx-w, cy-h, cx+w, cy+h}')
    say "engines on the subset window $x0 $y0 $x1 $y1 ($subset of the extent)"
    for l in "${!layers[@]}"; do
        # UTF-8 out (GDAL decodes the source's .cpg / language byte on the way)
        ogr2ogr -f "ESRI Shapefile" "$edata/$l.shp" "${layers[$l]}" -spat "$x0" "$y0" "$x1" "$y1" -lco ENCODING=UTF-8 \
            2>>"$WORK/subset.log" || die "ogr2ogr subset of $l failed"
    done
    for f in "$data"/*.csv; do [[ -f $f ]] && cp "$f" "$edata/"; done
fi

pg_status=skipped gp_status=skipped
if [[ $engines == 1 ]]; then
    if [[ $edata == "$data" ]]; then
        cp "$WORK/analyze.time" "$WORK/tl_analyze.time"
        tl_out=$WORK/analyze
    else
        measure tl_analyze "$TENGLONG" analyze "$edata" --out "$WORK/tl_analyze" --as-of 2100-12-31 --lang en --overwrite -q \
            --threads "$threads" || die "tenglong analyze on the subset failed"
        tl_out=$WORK/tl_analyze
    fi
    # Like for like: the engines do not open the unbuilt part (R04.unbuilt), so tenglong runs
    # once more with that rule off (a profile extending national); its stage times are compared.
    cat >"$WORK/kernels.toml" <<'TOML'
[profile]
id = "bench-kernels"
extends = "national"
name = "bench: national with R04.unbuilt off (the engines do not measure the unbuilt block)"
jurisdiction = "全国"
effective_from = 2008-01-01

[rules.unbuilt]
enabled = false
TOML
    say "tenglong analyze with R04.unbuilt off (the engines' four analyses)"
    TENGLONG_BENCH_FORMATS=csv measure tl_kernels "$TENGLONG" analyze "$edata" --out "$WORK/tl_kernels" \
        --profile "$WORK/kernels.toml" --as-of 2100-12-31 --lang en --overwrite -q --threads "$threads" \
        || die "tenglong analyze (R04.unbuilt off) failed (see $WORK/tl_kernels.log)"
    say "tenglong neighbors (exact contact, any length)"
    measure tl_neighbors "$TENGLONG" neighbors "$edata" --snap 0 --min-shared 0 --lang en -v --threads "$threads" \
        --out "$WORK/neighbors.csv" --overwrite || die "tenglong neighbors failed"
    $PY "$SRC/scripts/bench/totals.py" tenglong "$tl_out" "$WORK/neighbors.csv" "$WORK/totals_tenglong.json"
    totals_files=("$WORK/totals_tenglong.json")

    # PostGIS
    PGDIR=$(mktemp -u /tmp/tl-bench-pg.XXXXXX)
    say "PostGIS: starting a throwaway server (scripts/pg.sh)"
    eval "$(bash "$SRC/scripts/pg.sh" start "$PGDIR")"
    export PGOPTIONS="-c client_min_messages=warning"
    PGCONN="PG:dbname=$PGDATABASE host=$PGHOST port=$PGPORT user=$PGUSER"
    # Geometry, source FID and the one attribute a kernel needs (the others may be GBK without a
    # .cpg, and play no part here).
    declare -A cols=([parcels]=", DLBM" [buildings]=", CS" [approvals]="" [supplies]="" [control_lines]="")
    : >"$WORK/load_pg.sh"
    for l in parcels buildings approvals supplies control_lines; do
        f=$edata/$l.shp
        [[ -f $f ]] || f=${layers[$l]}
        lname=$(basename "${f%.*}")
        printf 'ogr2ogr -f PostgreSQL "%s" "%s" -nln src_%s -dim XY -nlt PROMOTE_TO_MULTI -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE -sql "SELECT FID AS src_fid%s FROM \\"%s\\"" || exit 1\n' \
            "$PGCONN" "$f" "$l" "${cols[$l]}" "$lname" >>"$WORK/load_pg.sh"
    done
    measure pg_load bash "$WORK/load_pg.sh" || die "loading PostGIS failed (see $WORK/pg_load.log)"
    # One psql per kernel, timed apart (the server's CPU is in the server: wall is what counts).
    awk -v dir="$WORK" '/^-- @kernel /{name=$3} name{print > (dir "/pg_" name ".sql")}' "$SRC/scripts/bench/postgis_kernels.sql"
    pg_status=ok
    : >"$WORK/pg_totals.txt"
    pg_kernels=(prep unsupplied far adjacency control_line)
    for k in "${pg_kernels[@]}"; do
        if ! measure "pg_$k" psql -X -q -v ON_ERROR_STOP=1 -At -F '|' -f "$WORK/pg_$k.sql"; then
            pg_status="failed ($k: $(tail -1 "$WORK/pg_$k.log"))"
            [[ $(field "pg_$k" 4) == 124 ]] && pg_status="timeout"
            break
        fi
        grep '|' "$WORK/pg_$k.log" >>"$WORK/pg_totals.txt" || true
    done
    if [[ $pg_status == ok ]]; then
        $PY - "$WORK/pg_totals.txt" "$WORK/totals_postgis.json" <<'PYEOF'
import json, sys
t = {}
for line in open(sys.argv[1]):
    k, v = line.strip().split("|", 1)
    if k == "parcels": continue
    t[k] = float(v) if "." in v or "e" in v else int(v)
json.dump({"engine": "postgis", "totals": t}, open(sys.argv[2], "w"), indent=1)
PYEOF
        totals_files+=("$WORK/totals_postgis.json")
    fi
    bash "$SRC/scripts/pg.sh" stop "$PGDIR" >/dev/null 2>&1 || true
    PGDIR=""

    # GeoPandas
    if $PY -c "import geopandas, rtree" 2>/dev/null; then
        say "GeoPandas (timeout ${timeout_s}s)"
        if measure geopandas $PY "$SRC/scripts/bench/geopandas_kernels.py" "$edata" "$WORK/geopandas.json"; then
            gp_status=ok
            totals_files+=("$WORK/geopandas.json")
        elif [[ $(field geopandas 4) == 124 ]]; then
            gp_status=timeout
        else
            gp_status="failed ($(tail -1 "$WORK/geopandas.log"))"
        fi
    else
        gp_status="skipped (python3-geopandas / python3-rtree missing: scripts/install-deps.sh --bench)"
    fi
fi

# ---- report ------------------------------------------------------------------------------
agree=0
$PY - "$WORK" "$out" "$mode" "$subset" "$timeout_s" "$pg_status" "$gp_status" "$MACHINE" "$engines" <<'PYEOF'
import json, os, sys
work, out, mode, subset, timeout_s, pg_status, gp_status, machine, engines = sys.argv[1:]
def t(name):
    p = f"{work}/{name}.time"
    if not os.path.exists(p): return None
    wall, cpu, rss, rc = open(p).read().split()
    return {"wall_s": float(wall), "cpu_s": float(cpu), "rss_mb": int(rss), "status": int(rc)}
res = {"mode": mode, "machine": machine, "subset": float(subset)}
for n in ["floor", "analyze", "analyze_csv", "outputs_read", "write_floor", "tl_analyze", "tl_kernels", "tl_neighbors", "pg_load", "pg_prep", "pg_unsupplied", "pg_far",
          "pg_adjacency", "pg_control_line", "geopandas"]:
    res[n] = t(n)
run = json.load(open(f"{work}/analyze/run.json"))
res["write_cpu_s"] = run.get("write_cpu_s", {})
res["stages_s"] = run.get("timings_s", {})
rows = []
def row(label, m, note=""):
    if m is None: return
    rows.append(f"| {label} | {m['wall_s']:.1f} | {m['cpu_s']:.1f} | {m['rss_mb']} | {note} |")
fl, an, ac = res["floor"], res["analyze"], res["analyze_csv"]
row("floor: OGR read of every layer", fl)
row("tenglong analyze, all outputs", an, f"{an['wall_s']/fl['wall_s']:.1f}× floor (wall), {an['cpu_s']/fl['cpu_s']:.1f}× (CPU)")
row("tenglong analyze, CSV + GeoJSON", ac, f"{ac['wall_s']/fl['wall_s']:.1f}× floor (wall), {ac['cpu_s']/fl['cpu_s']:.1f}× (CPU); target ≤ 3×")
ratios = {}
wf, orr = res["write_floor"], res["outputs_read"]
if wf:
    gb = int(open(f"{work}/write_floor.bytes").read().split()[0]) / 1e9
    row("write floor: GDAL writes analyze's GeoJSON files (ogr2ogr from a GeoPackage)", wf,
        f"{gb:.2f} GB; reading the copy: {orr['wall_s']:.1f} s; read + write floors = "
        f"{(fl['wall_s'] + wf['wall_s']) / fl['wall_s']:.1f}× the read floor on one core, "
        f"{(fl['wall_s'] + wf['wall_s'] / 2) / fl['wall_s']:.1f}× with the writing split over two")
    ratios["read_plus_write_floor_over_floor_2cores"] = (fl['wall_s'] + wf['wall_s'] / 2) / fl['wall_s']
    res["write_floor_bytes"] = int(gb * 1e9)
w = res["write_cpu_s"]
extra = w.get("xlsx", 0) + w.get("gpkg", 0)
notes = [f"XLSX writer {w.get('xlsx', 0):.1f} s CPU, GPKG writer {w.get('gpkg', 0):.1f} s CPU (measured in the all-outputs run)"]
if engines == "1":
    scale = "whole data" if float(subset) >= 1 else f"subset: middle {float(subset):g} of the extent"
    ta, tn = res["tl_analyze"], res["tl_neighbors"]
    tl_wall = ta["wall_s"] + tn["wall_s"]
    # The analysis stages alone (what the engines' kernels do; reading and writing left out):
    # analyze's unsupplied, intensity (FAR, and more: opening, 亩均) and control_line stages from
    # its run.json, and the adjacency stage neighbors prints with -v.
    import re
    tl_run = json.load(open(f"{work}/{'analyze' if float(subset) >= 1 else 'tl_analyze'}/run.json"))["timings_s"]
    m = re.search(r"adjacency: .*, ([0-9.]+) s", open(f"{work}/tl_neighbors.log").read())
    tl_stages = sum(tl_run.get(k, 0) for k in ("unsupplied", "intensity", "control_line")) + (float(m.group(1)) if m else 0)
    rows.append(f"| *engines ({scale})* | | | | |")
    row("tenglong analyze", ta)
    row("tenglong neighbors --snap 0", tn)
    rows.append(f"| tenglong: the analysis stages alone | {tl_stages:.1f} | | | unsupplied + intensity + control_line + adjacency |")
    tk = res["tl_kernels"]
    tl_like = None
    if tk:
        k_run = json.load(open(f"{work}/tl_kernels/run.json"))["timings_s"]
        tl_like = sum(k_run.get(k, 0) for k in ("unsupplied", "intensity", "control_line")) + (float(m.group(1)) if m else 0)
        rows.append(f"| tenglong: the same four analyses (R04.unbuilt off) | {tl_like:.1f} | | | "
                    f"unsupplied {k_run.get('unsupplied', 0):.1f} + intensity {k_run.get('intensity', 0):.1f} + "
                    f"control_line {k_run.get('control_line', 0):.1f} + adjacency {float(m.group(1)) if m else 0:.1f} |")
    if res["pg_load"]: row("PostGIS: load (ogr2ogr)", res["pg_load"], "not in the ratio")
    pg = [res[k] for k in ["pg_prep", "pg_unsupplied", "pg_far", "pg_adjacency", "pg_control_line"]]
    if pg_status == "ok":
        for k in ["pg_prep", "pg_unsupplied", "pg_far", "pg_adjacency", "pg_control_line"]:
            row(f"PostGIS: {k[3:]}", res[k])
        pg_wall = sum(m["wall_s"] for m in pg)
        ratios["postgis_over_tenglong"] = pg_wall / tl_wall
        ratios["postgis_over_tenglong_stages"] = pg_wall / tl_stages
        like = ""
        if tl_like:
            ratios["postgis_over_tenglong_like_for_like"] = pg_wall / tl_like
            like = f", {pg_wall/tl_like:.2f}× the same four analyses"
        rows.append(f"| PostGIS: the four analyses | {pg_wall:.1f} | | | {pg_wall/tl_wall:.2f}× tenglong end to end (analyze + neighbors), "
                    f"{pg_wall/tl_stages:.2f}× its analysis stages{like}; target ≥ 5× |")
    else:
        rows.append(f"| PostGIS | {pg_status} | | | |")
    g = res["geopandas"]
    if gp_status == "ok":
        gj = json.load(open(f"{work}/geopandas.json"))
        kw = sum(gj["kernels_s"].values())
        ratios["geopandas_over_tenglong"] = kw / tl_wall
        ratios["geopandas_over_tenglong_stages"] = kw / tl_stages
        rows.append(f"| GeoPandas: read | {gj['load_s']:.1f} | | | not in the ratio |")
        for k, v in gj["kernels_s"].items(): rows.append(f"| GeoPandas: {k} | {v:.1f} | | | |")
        like = ""
        if tl_like:
            ratios["geopandas_over_tenglong_like_for_like"] = kw / tl_like
            like = f", {kw/tl_like:.1f}× the same four analyses"
        rows.append(f"| GeoPandas: the four analyses | {kw:.1f} | {g['cpu_s']:.1f} (whole script) | {g['rss_mb']} | {kw/tl_wall:.1f}× tenglong end to end, {kw/tl_stages:.1f}× its analysis stages{like}; target ≥ 50× |")
    elif gp_status == "timeout":
        rows.append(f"| GeoPandas | > {timeout_s} (timeout) | | | > {float(timeout_s)/tl_wall:.0f}× tenglong end to end |")
    else:
        rows.append(f"| GeoPandas | {gp_status} | | | |")
ratios["analyze_over_floor_wall"] = an["wall_s"] / fl["wall_s"]
ratios["analyze_csv_geojson_over_floor_wall"] = ac["wall_s"] / fl["wall_s"]
ratios["analyze_csv_geojson_over_floor_cpu"] = ac["cpu_s"] / fl["cpu_s"]
res["ratios"] = ratios
table = ["| run | wall s | CPU s | peak RSS MB | ratio / note |", "|---|---:|---:|---:|---|"] + rows
text = f"Benchmark ({mode}) on {machine}\n\n" + "\n".join(table) + "\n\n" + "\n".join(notes) + "\n"
open(f"{out}/results.md", "w").write(text)
json.dump(res, open(f"{out}/results.json", "w"), indent=1)
print(text)
PYEOF
if [[ $engines == 1 ]]; then
    $PY "$SRC/scripts/bench/totals.py" compare "$tol" "${totals_files[@]}" | tee -a "$out/results.md" || agree=1
    [[ ${#totals_files[@]} -ge 2 ]] || { say "only one engine produced totals: nothing to compare"; agree=1; }
fi
say "results: $out/results.md"
exit $agree
