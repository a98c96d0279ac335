#!/usr/bin/env bash
# The command line: --help for every command, --version, and the error paths with their exit
# codes and messages (a message names the file/key and the fix).
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$TENGLONG" --version | grep -q '^tenglong [0-9]' || fail "--version"
"$TENGLONG" --help | grep -q 'analyze' || fail "--help lists analyze"
for cmd in $("$TENGLONG" --help | awk '/^SUBCOMMANDS:/{f=1;next} f&&NF{print $1}'); do
  "$TENGLONG" "$cmd" --help > "$tmp/help" || fail "$cmd --help exit code"
  grep -q "Usage" "$tmp/help" || fail "$cmd --help has no usage"
done

expect() {  # expect CODE PATTERN -- args...
  local want=$1 pattern=$2; shift 3
  set +e; "$TENGLONG" "$@" > "$tmp/out" 2> "$tmp/err"; local code=$?; set -e
  [ "$code" -eq "$want" ] || { cat "$tmp/err"; fail "$* -> exit $code, want $want"; }
  grep -q -- "$pattern" "$tmp/err" || { cat "$tmp/err"; fail "$* -> message lacks '$pattern'"; }
}
expect 2 "" -- 
expect 2 "subcommand" -- nosuchcommand
expect 2 "no-such-folder" -- inspect "$tmp/no-such-folder"
expect 2 "as-of" -- analyze "$TL_SOURCE_DIR/shapefiles/demo" --as-of 2023-02-30 --out "$tmp/o"
[ ! -e "$tmp/o" ] || fail "a failed run left an output folder"

# A project file with an unknown key: exit 2, naming the key.
cat > "$tmp/p.toml" <<TOML
name = "t"
colour = "blue"
[layers.parcels]
source = "$TL_SOURCE_DIR/shapefiles/demo/parcels.shp"
TOML
expect 2 "colour" -- inspect "$tmp/p.toml"
# A missing source file: exit 2, naming it.
cat > "$tmp/q.toml" <<TOML
name = "t"
[layers.parcels]
source = "nothere.shp"
TOML
expect 2 "nothere.shp" -- inspect "$tmp/q.toml"
# A field mapping to a column that does not exist: exit 2, naming the column.
cat > "$tmp/r.toml" <<TOML
name = "t"
[layers.parcels]
source = "$TL_SOURCE_DIR/shapefiles/demo/parcels.shp"
fields = { id = "NO_SUCH_COL" }
TOML
expect 2 "NO_SUCH_COL" -- inspect "$tmp/r.toml"
# A layer without a CRS: analyze stops (exit 1) and says how to assign one.
mkdir -p "$tmp/noprj"
for e in shp shx dbf cpg; do
  [ -f "$TL_SOURCE_DIR/shapefiles/demo/townships.$e" ] && cp "$TL_SOURCE_DIR/shapefiles/demo/townships.$e" "$tmp/noprj/parcels.$e"
done
cp "$TL_SOURCE_DIR/shapefiles/demo/parcels.dbf" "$tmp/noprj/parcels.dbf" 2>/dev/null || true
cp "$TL_SOURCE_DIR/shapefiles/demo/parcels.shp" "$tmp/noprj/parcels.shp"
cp "$TL_SOURCE_DIR/shapefiles/demo/parcels.shx" "$tmp/noprj/parcels.shx"
rm -f "$tmp/noprj/parcels.cpg"
expect 1 "crs" -- analyze "$tmp/noprj" --out "$tmp/o2"
[ ! -e "$tmp/o2" ] || fail "a failed run left an output folder"
echo "cli basics: ok"
