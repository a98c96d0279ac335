#!/usr/bin/env bash
# Golden outputs (issue 16, "golden outputs first"): the demo county's shortlists, issues and
# summary under the national profile and two county profiles, compared byte for byte with the
# committed copies in tests/golden/<profile>/. A change to them is intended or a defect: an
# intended one is regenerated with
#   TL_UPDATE_GOLDEN=1 TENGLONG=build/tenglong TL_SOURCE_DIR=. bash tests/e2e/golden.sh
# and committed on its own, the message saying which rows changed and why.
# run.json (timings, paths), report.html and the GeoJSON maps are left out: the CSVs and
# summary.json carry every value they show.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
golden="$TL_SOURCE_DIR/tests/golden"
status=0
for profile in national xiangshan linping; do
  "$TENGLONG" analyze "$demo" --profile "$profile" --as-of 2023-12-31 --formats csv --out "$tmp/$profile" \
    -q --progress none > /dev/null 2> "$tmp/$profile.err" || { cat "$tmp/$profile.err"; echo "FAIL: analyze --profile $profile"; exit 1; }
  if [ "${TL_UPDATE_GOLDEN:-0}" = 1 ]; then
    rm -rf "${golden:?}/$profile"; mkdir -p "$golden/$profile"
    cp "$tmp/$profile"/*.csv "$tmp/$profile/summary.json" "$golden/$profile/"
    echo "golden: wrote $golden/$profile"
    continue
  fi
  [ -d "$golden/$profile" ] || { echo "FAIL: no golden copy for $profile"; exit 1; }
  got=$(cd "$tmp/$profile" && ls *.csv summary.json | sort)
  want=$(cd "$golden/$profile" && ls | sort)
  [ "$got" = "$want" ] || { echo "FAIL: $profile: files differ: got [$got] want [$want]"; status=1; }
  for f in $want; do
    if ! cmp -s "$golden/$profile/$f" "$tmp/$profile/$f"; then
      echo "FAIL: $profile/$f differs from the golden copy:"
      diff <(cat "$golden/$profile/$f") <(cat "$tmp/$profile/$f") | head -20
      status=1
    fi
  done
done
[ "$status" = 0 ] && echo "golden: national, xiangshan, linping identical"
exit $status
