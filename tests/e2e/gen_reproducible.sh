#!/usr/bin/env bash
# The sample county is reproducible: `tenglong-gen demo` run twice gives byte-identical files,
# and both equal the committed shapefiles/demo (and its defect / scenario manifests).
# Env: TL_GEN (the tenglong-gen binary), TL_SOURCE_DIR (the source tree).
set -u
: "${TL_GEN:?TL_GEN must point at tenglong-gen}"
: "${TL_SOURCE_DIR:?TL_SOURCE_DIR must point at the source tree}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$TL_GEN" demo "$tmp/a/demo" -q || { echo "FAIL: first run exited $?"; exit 1; }
"$TL_GEN" demo "$tmp/b/demo" -q || { echo "FAIL: second run exited $?"; exit 1; }

committed="$TL_SOURCE_DIR/shapefiles/demo"
names=$(cd "$tmp/a/demo" && ls)
[ -n "$names" ] || { echo "FAIL: no files generated"; exit 1; }
for f in $names; do
    cmp -s "$tmp/a/demo/$f" "$tmp/b/demo/$f" || { echo "FAIL: $f differs between two runs"; fail=1; }
    if [ ! -f "$committed/$f" ]; then
        echo "FAIL: $f is generated but not committed in shapefiles/demo"; fail=1
    elif ! cmp -s "$tmp/a/demo/$f" "$committed/$f"; then
        echo "FAIL: $f differs from the committed shapefiles/demo/$f"; fail=1
    fi
done
# Nothing committed that the generator no longer writes.
for f in $(cd "$committed" && ls); do
    [ -f "$tmp/a/demo/$f" ] || { echo "FAIL: shapefiles/demo/$f is committed but not generated"; fail=1; }
done
for m in demo-defects.json demo-scenarios.json; do
    cmp -s "$tmp/a/$m" "$tmp/b/$m" || { echo "FAIL: $m differs between two runs"; fail=1; }
    cmp -s "$tmp/a/$m" "$TL_SOURCE_DIR/shapefiles/$m" || { echo "FAIL: $m differs from shapefiles/$m"; fail=1; }
done
[ "$fail" = 0 ] && echo "ok: demo county reproducible and equal to shapefiles/demo ($(echo $names | wc -w) files)"
exit $fail
