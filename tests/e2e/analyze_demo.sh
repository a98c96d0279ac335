#!/usr/bin/env bash
# analyze on the sample county: the data-health outputs are complete and consistent, results
# appear atomically, existing results are replaced only with --overwrite, and two runs (1 and 2
# threads) give byte-identical outputs (run.json's timings aside).
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"

"$TENGLONG" analyze "$demo" --out "$tmp/a" --as-of 2023-12-31 -q --threads 1 > "$tmp/a.stdout"
for f in summary.json issues.csv issues.geojson run.json; do
  [ -s "$tmp/a/$f" ] || { echo "missing $f"; exit 1; }
done
# Nothing left beside the results (the temporary folder was renamed into place).
[ "$(ls -A "$tmp" | grep -v '^a$\|^a.stdout$' | wc -l)" -eq 0 ] || { echo "stray files:"; ls -A "$tmp"; exit 1; }

# Accounting (read = used + rejected per layer, every rejected/repaired feature in issues.csv):
# the shared checker; the demo has planted defects, so issues.csv is not empty.
python3 "$(dirname "$0")/lib/check_accounting.py" "$tmp/a" --min-issues 1
python3 - "$tmp/a" <<'PY'
import csv, json, sys, os
out = sys.argv[1]
s = json.load(open(os.path.join(out, "summary.json")))
rows = list(csv.DictReader(open(os.path.join(out, "issues.csv"), encoding="utf-8-sig")))
hdr = list(rows[0].keys())
assert hdr[:4] == ["图层", "要素FID", "要素编号", "问题类型"], hdr
assert s["layers"]["parcels"]["features_read"] > 1000
gj = json.load(open(os.path.join(out, "issues.geojson")))
assert gj["type"] == "FeatureCollection" and "crs" not in gj
pts = [f for f in gj["features"] if f["geometry"]]
for f in pts:
    lon, lat = f["geometry"]["coordinates"]
    assert 118 < lon < 123 and 27 < lat < 32, (lon, lat)   # Zhejiang, lon/lat order
run = json.load(open(os.path.join(out, "run.json")))
for name, li in run["inputs"].items():
    assert li["files"], name
    for f in li["files"]:
        assert len(f["sha256"]) == 64 and f["size_bytes"] > 0
print("data-health outputs consistent:", {k: v["features_read"] for k, v in s["layers"].items()})
PY

# Existing results are not replaced without --overwrite (exit 2), and stay untouched.
before=$(cd "$tmp/a" && sha256sum summary.json)
if "$TENGLONG" analyze "$demo" --out "$tmp/a" --as-of 2023-12-31 -q 2> "$tmp/err"; then
  echo "expected a refusal without --overwrite"; exit 1
else
  code=$?; [ "$code" -eq 2 ] || { echo "exit code $code, want 2"; exit 1; }
fi
grep -q -- "--overwrite" "$tmp/err"
[ "$(cd "$tmp/a" && sha256sum summary.json)" = "$before" ]

# Determinism: a second run with 2 threads, byte-identical outputs.
"$TENGLONG" analyze "$demo" --out "$tmp/b" --as-of 2023-12-31 -q --threads 2 > /dev/null
python3 "$(dirname "$0")/lib/check_accounting.py" "$tmp/b" --min-issues 1
for f in $(cd "$tmp/a" && ls); do
  [ "$f" = run.json ] && continue
  cmp "$tmp/a/$f" "$tmp/b/$f" || { echo "differs between runs: $f"; exit 1; }
done
"$TENGLONG" analyze "$demo" --out "$tmp/a" --as-of 2023-12-31 -q --overwrite > /dev/null
python3 "$(dirname "$0")/lib/check_accounting.py" "$tmp/a" --min-issues 1
echo "analyze demo: ok"
