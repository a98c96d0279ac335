#!/usr/bin/env bash
# The command line: --help for every command, --version, and the error paths with their exit
# codes and messages (a message names the file/key and the fix).
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$TENGLONG" --version | grep -q '^tenglong [0-9]' || fail "--version"
"$TENGLONG" --help | grep -q 'analyze' || fail "--help lists analyze"
# Chinese first: every command's help is Chinese by default (用法, its options described in
# Chinese), English with --lang en or an English locale.
cmds=$("$TENGLONG" --help | awk '/^命令:/{f=1;next} f&&NF&&/^  [a-z]/{print $1}')
[ "$(echo "$cmds" | wc -w)" -ge 8 ] || fail "--help lists $(echo "$cmds" | wc -w) commands under 命令: $cmds"
for cmd in $cmds; do
  "$TENGLONG" "$cmd" --help > "$tmp/help" || fail "$cmd --help exit code"
  grep -q "^用法" "$tmp/help" || fail "$cmd --help has no 用法"
  grep -q "显示本帮助并退出" "$tmp/help" || fail "$cmd --help: the help option is not described in Chinese"
  "$TENGLONG" "$cmd" --help --lang en > "$tmp/help.en" || fail "$cmd --help --lang en exit code"
  grep -q "^Usage" "$tmp/help.en" || fail "$cmd --help --lang en has no Usage"
  grep -q "^Usage" <<<"$(LANG=en_US.UTF-8 "$TENGLONG" "$cmd" --help)" || fail "$cmd --help under LANG=en_US has no Usage"
done
grep -q "基准日" <<<"$("$TENGLONG" analyze --help)" || fail "analyze --help: --as-of is not described in Chinese"
grep -q "Date the analysis is made as of" <<<"$(LC_ALL=en_US.UTF-8 "$TENGLONG" analyze --help)" || fail "analyze --help under LC_ALL=en_US"

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
# A bad --as-of is answered with the value given and a date like it, in Chinese, once.
grep -q "“2023-02-30” 不是有效日期" "$tmp/err" || { cat "$tmp/err"; fail "--as-of: the message does not quote the value given"; }
grep -q "2023-02-28" "$tmp/err" || { cat "$tmp/err"; fail "--as-of 2023-02-30: no suggestion of the month's last day"; }
grep -q "^tenglong: 错误: " "$tmp/err" || { cat "$tmp/err"; fail "the error line is not Chinese"; }
expect 2 "as-of" -- analyze "$TL_SOURCE_DIR/shapefiles/demo" --as-of 2019/7/40 --out "$tmp/o"
grep -q "“2019/7/40”.*2019-07-31" "$tmp/err" || { cat "$tmp/err"; fail "--as-of 2019/7/40 not answered with its own value"; }
expect 2 "is not a date" -- analyze "$TL_SOURCE_DIR/shapefiles/demo" --as-of 2023-02-30 --out "$tmp/o" --lang en
# -q: nothing but errors (no stdout summary, no warning lines).
"$TENGLONG" analyze "$TL_SOURCE_DIR/shapefiles/demo" --as-of 2023-12-31 --out "$tmp/quiet" -q > "$tmp/q.out" 2> "$tmp/q.err" || fail "analyze -q"
[ ! -s "$tmp/q.out" ] && [ ! -s "$tmp/q.err" ] || { cat "$tmp/q.out" "$tmp/q.err"; fail "-q printed something"; }
# Without -q: every warning line once, each in Chinese.
"$TENGLONG" analyze "$TL_SOURCE_DIR/shapefiles/demo" --as-of 2023-12-31 --out "$tmp/loud" --progress none > "$tmp/l.out" 2> "$tmp/l.err" || fail "analyze"
grep -q "^结果: " "$tmp/l.out" || { cat "$tmp/l.out"; fail "the result lines are not Chinese"; }
! grep -q "^warning:" "$tmp/l.err" || { cat "$tmp/l.err"; fail "an English warning line under --lang zh"; }
dups=$(grep "^警告:" "$tmp/l.err" | sort | uniq -d)
[ -z "$dups" ] || fail "warnings printed twice: $dups"

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
