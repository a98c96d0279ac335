#!/usr/bin/env bash
# --progress json (the QGIS plugin's progress stream): on stderr, one JSON object a line with
# tenglong_progress, stage, fraction (0..1, never decreasing), zh and en messages, ending with a
# "done" line at fraction 1 on success — also with -q and on a pipe; a failed run has no "done"
# line; other stderr lines stay plain text; without --progress a pipe gets no JSON; the results
# are the same bytes with and without it.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
demo="$TL_SOURCE_DIR/shapefiles/demo"

check() {  # check STDERR_FILE WANT_DONE(1|0) FIRST_STAGE [STAGE...]: the stream's shape
  python3 - "$@" <<'PY'
import json, sys
path, want_done, stages = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
events, last = [], -1.0
for line in open(path, encoding="utf-8"):
    if not line.startswith("{"):
        continue
    e = json.loads(line)
    assert e["tenglong_progress"] == 1, e
    assert 0.0 <= e["fraction"] <= 1.0 and e["fraction"] >= last, ("fraction went backwards or out of 0..1", last, e)
    assert e["zh"] and e["en"] and 1 <= e["stage_index"] <= e["stages"], e
    assert not e["zh"].isascii() or e["stage"] == e["zh"], ("zh message is not Chinese", e)
    last = e["fraction"]
    events.append(e)
assert events, "no progress lines"
seen = [e["stage"] for e in events]
for s in stages:
    assert s in seen, ("stage missing", s, seen)
done = [e for e in events if e["stage"] == "done"]
if want_done:
    assert len(done) == 1 and events[-1] is done[0] and done[0]["fraction"] == 1.0, events[-1]
    assert done[0]["stage_index"] == done[0]["stages"], done[0]
else:
    assert not done, "a failed run said done"
PY
}

"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/a" --progress json > /dev/null 2> "$tmp/a.err"
check "$tmp/a.err" 1 read unsupplied idle intensity scattered control_line write || fail "analyze stream"
grep -q '^读取: ' "$tmp/a.err" || fail "plain messages are still printed between the JSON lines"
"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/q" --progress json -q > /dev/null 2> "$tmp/q.err"
check "$tmp/q.err" 1 read write || fail "analyze -q stream"
grep -v '^{' "$tmp/q.err" && fail "-q printed more than the progress"
"$TENGLONG" analyze "$demo" --as-of 2023-12-31 --out "$tmp/plain" > /dev/null 2> "$tmp/plain.err"
grep -q '^{' "$tmp/plain.err" && fail "JSON progress without --progress json"
diff -r -x run.json "$tmp/a" "$tmp/plain" > /dev/null || fail "--progress json changed the results"

# A failed run (the parcels' CRS missing): no done line, the exit code as without it.
mkdir -p "$tmp/noprj"
for e in shp shx dbf cpg; do [ -f "$demo/parcels.$e" ] && cp "$demo/parcels.$e" "$tmp/noprj/"; done
set +e; "$TENGLONG" analyze "$tmp/noprj" --out "$tmp/f" --progress json > /dev/null 2> "$tmp/f.err"; code=$?; set -e
[ "$code" -eq 1 ] || fail "failed run exit $code"
check "$tmp/f.err" 0 read || fail "failed run stream"
grep -q -e 'error:' -e '错误:' "$tmp/f.err" || fail "the error line is missing"

"$TENGLONG" neighbors "$demo" --out "$tmp/pairs.csv" --progress json > /dev/null 2> "$tmp/n.err"
check "$tmp/n.err" 1 read adjacency write || fail "neighbors stream"
"$TENGLONG" inspect "$demo" --progress json > "$tmp/i.out" 2> "$tmp/i.err"
check "$tmp/i.err" 1 read check || fail "inspect stream"
grep -q '^{' "$tmp/i.out" && fail "progress on stdout"
host=$(sed -n 2p "$tmp/pairs.csv" | cut -d, -f1); other=$(sed -n 2p "$tmp/pairs.csv" | cut -d, -f2)
set +e; "$TENGLONG" check-merge "$demo" --host "$host" --with "$other" --progress json > /dev/null 2> "$tmp/c.err"; code=$?; set -e
[ "$code" -le 1 ] || { cat "$tmp/c.err"; fail "check-merge exit $code"; }
check "$tmp/c.err" 1 read check || fail "check-merge stream"
set +e; "$TENGLONG" analyze "$demo" --out "$tmp/x" --progress xml > /dev/null 2> "$tmp/x.err"; code=$?; set -e
[ "$code" -eq 2 ] || fail "--progress xml: exit $code"
echo "progress_json: OK"
