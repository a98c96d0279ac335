#!/usr/bin/env bash
# Determinism (issue 7, item 4): analyze on the sample county five times — --threads 1,
# --threads 2 twice, --threads 4 and the default thread count — gives the same set of files and
# byte-identical content (GeoPackage and XLSX included) in every one of them; run.json is compared with its timings (timings_s, write_cpu_s) removed. The accounting
# holds in each run (tests/e2e/lib/check_accounting.py).
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
"$TENGLONG" analyze "$demo" --out "$tmp/t1" --as-of 2023-12-31 -q --threads 1 > /dev/null
"$TENGLONG" analyze "$demo" --out "$tmp/t2" --as-of 2023-12-31 -q --threads 2 > /dev/null
"$TENGLONG" analyze "$demo" --out "$tmp/t2b" --as-of 2023-12-31 -q --threads 2 > /dev/null
"$TENGLONG" analyze "$demo" --out "$tmp/t4" --as-of 2023-12-31 -q --threads 4 > /dev/null
"$TENGLONG" analyze "$demo" --out "$tmp/td" --as-of 2023-12-31 -q > /dev/null
others="t2 t2b t4 td"
for d in t1 $others; do python3 "$here/lib/check_accounting.py" "$tmp/$d"; done
strip_timings() {
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); [j.pop(k, None) for k in ("timings_s", "write_cpu_s")]; print(json.dumps(j, ensure_ascii=False, sort_keys=True, indent=1))' "$1"
}
list() { (cd "$1" && find . -type f | sort); }
for other in $others; do
  [ "$(list "$tmp/t1")" = "$(list "$tmp/$other")" ] || { echo "file sets differ (t1 vs $other): $(diff <(list "$tmp/t1") <(list "$tmp/$other"))"; exit 1; }
done
n=0
for f in $(list "$tmp/t1"); do
  for other in $others; do
    if [ "$f" = ./run.json ]; then
      [ "$(strip_timings "$tmp/t1/$f")" = "$(strip_timings "$tmp/$other/$f")" ] || { echo "run.json differs (t1 vs $other) beyond timings"; exit 1; }
    else
      cmp "$tmp/t1/$f" "$tmp/$other/$f" || { echo "$f differs between --threads 1 and $other"; exit 1; }
    fi
  done
  n=$((n + 1))
done
[ "$n" -ge 4 ] || { echo "only $n output files"; exit 1; }
echo "determinism: $n files byte-identical across two runs and --threads 1, 2, 4 and default: $(list "$tmp/t1" | tr '\n' ' ')"
