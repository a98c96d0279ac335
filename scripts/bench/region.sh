#!/usr/bin/env bash
# Region benchmark (scripts/bench.sh --region): a generated region run as one `tenglong analyze
# region.toml` against the sum of its counties run one by one, and the roll-up's own cost.
#
#   scripts/bench.sh --region [--counties N] [--parcels P] [--jobs J] [--out DIR]
#
#   --counties N  counties in the region (DEFAULT 10)
#   --parcels P   parcels per county, about (DEFAULT 20000)
#   --jobs J      analyze --jobs (DEFAULT: tenglong's own, half the cores)
#   --out DIR     scratch folder (DEFAULT bench-out/); the region is generated once into
#                 DIR/region-N-P (tenglong-gen region, fixed seed)
#
# Timed with /usr/bin/time (wall, CPU = user + system, peak RSS): the region run (its peak RSS is
# that of the largest county process: Linux reports the maximum over the process tree), each
# county alone with all cores (one row each: the peak memory per job) (`tenglong analyze DIR --as-of ...`), and `tenglong region rollup`
# on the finished folders. Each county folder of the region run must be byte-identical to its
# single run (run.json aside): exit 1 otherwise. Not part of CI (timings are not pass/fail).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${TL_BUILD_DIR:-$SRC/build}
TENGLONG=${TENGLONG:-$BUILD/tenglong}
GEN=${TL_GEN:-$BUILD/tenglong-gen}
counties=10 parcels=20000 jobs="" out=$SRC/bench-out
while [[ $# -gt 0 ]]; do
    case $1 in
        --counties) counties=$2; shift ;;
        --parcels) parcels=$2; shift ;;
        --jobs) jobs=$2; shift ;;
        --out) out=$2; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench region: unknown option $1 (--help)" >&2; exit 2 ;;
    esac
    shift
done
say() { echo "bench region: $*" >&2; }
die() { echo "bench region: error: $*" >&2; exit 1; }
for b in "$TENGLONG" "$GEN"; do [[ -x $b ]] || die "$b not built (ninja -C build tenglong tenglong-gen)"; done
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
mkdir -p "$out"
out=$(cd "$out" && pwd)
data=$out/region-$counties-$parcels
if [[ ! -f $data/region.toml ]]; then
    say "generating $counties counties of ~$parcels parcels into $data (once)"
    rm -rf "$data"
    "$GEN" region "$data" --counties "$counties" --parcels "$parcels" -q
fi
WORK=$out/region-run
rm -rf "$WORK"
mkdir -p "$WORK/single"

measure() {  # measure NAME CMD...: WORK/NAME.time = "wall cpu rss_mb status"
    local name=$1; shift
    local rc=0
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/$name.rawtime" "$@" >"$WORK/$name.log" 2>&1 || rc=$?
    read -r wall user sys rss < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$WORK/$name.rawtime" | tail -1)
    echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u + s}') $((rss / 1024)) $rc" >"$WORK/$name.time"
}
field() { awk -v k="$2" '{print $k}' "$WORK/$1.time"; }

names=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$data/region.toml")
say "region run"
measure region "$TENGLONG" analyze "$data/region.toml" --out "$WORK/region" ${jobs:+--jobs "$jobs"} -q
[[ $(field region 4) -eq 0 ]] || die "the region run failed (see $WORK/region.log)"
say "roll-up alone"
measure rollup "$TENGLONG" region rollup "$data/region.toml" "$WORK/region"
sum_wall=0 sum_cpu=0 max_rss=0
while read -r c; do
    say "county $c alone"
    measure "single-$c" "$TENGLONG" analyze "$data/$c" --out "$WORK/single/$c" --as-of 2023-12-31 -q
    [[ $(field "single-$c" 4) -eq 0 ]] || die "$c failed alone (see $WORK/single-$c.log)"
    diff -r --exclude=run.json "$WORK/single/$c" "$WORK/region/$c" >/dev/null || die "$c: the region's folder differs from its single run"
    sum_wall=$(awk -v a="$sum_wall" -v b="$(field "single-$c" 1)" 'BEGIN{print a + b}')
    sum_cpu=$(awk -v a="$sum_cpu" -v b="$(field "single-$c" 2)" 'BEGIN{print a + b}')
    r=$(field "single-$c" 3)
    if (( r > max_rss )); then max_rss=$r; fi
done <<<"$names"

{
    echo "Region: $counties counties of ~$parcels parcels ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
    echo
    echo "| run | wall s | CPU s | peak RSS |"
    echo "|---|---:|---:|---:|"
    echo "| tenglong analyze region.toml (${jobs:-default} jobs, roll-up included) | $(field region 1) | $(field region 2) | $(field region 3) MB (largest county process) |"
    echo "| the counties one by one, all cores each (sum) | $sum_wall | $sum_cpu | $max_rss MB (largest county) |"
    echo "| tenglong region rollup alone | $(field rollup 1) | $(field rollup 2) | $(field rollup 3) MB |"
    while read -r c; do
        echo "| $c alone | $(field "single-$c" 1) | $(field "single-$c" 2) | $(field "single-$c" 3) MB |"
    done <<<"$names"
    echo
    echo "Region wall / sum of the counties' wall: $(awk -v a="$(field region 1)" -v b="$sum_wall" 'BEGIN{printf "%.2f", a / b}'); every county folder byte-identical to its single run (run.json aside)."
} | tee "$out/region-results.md"
