#!/usr/bin/env bash
# tenglong profile list | show | check: the built-in profiles are found from the build tree,
# `show` prints every number with its citation, `check` accepts a valid county file and rejects
# bad ones with exit 2 and a message naming file, key and line.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$TENGLONG" profile list > "$tmp/list" || fail "profile list exit code"
for n in national xiangshan linhai linping yinzhou zhoushan; do
  grep -q "^$n " "$tmp/list" || fail "profile list lacks $n"
done
head -2 "$tmp/list" | grep -q "^national" || fail "national is not listed first"

"$TENGLONG" profile show linhai > "$tmp/show" || fail "profile show exit code"
grep -q "rules.tax_low.threshold_10k_per_mu = 5" "$tmp/show" || fail "show: Linhai 5万 line"
grep -q "临政发〔2022〕22号 附件 二" "$tmp/show" || fail "show: citation"
grep -q "fails if measured ≤ 5" "$tmp/show" || fail "show: counting rule"
grep -q "far.industry_min.34 = 0.7" "$tmp/show" || fail "show: inherited 2008 table"
grep -q "national.toml" "$tmp/show" || fail "show: inherited keys name their file"
"$TENGLONG" profile show linping > "$tmp/lp" || fail "profile show linping"
grep -q "1:1.2" "$tmp/lp" || fail "show: Linping 1:1.2 quote"

# a county's own profile, relative to the national one
cat > "$tmp/county.toml" <<'TOML'
[profile]
id = "democounty"
extends = "national"
name = "演示县 (test)"
jurisdiction = "演示县"
effective_from = 2023-01-01
[far]
local_floor = { value = 1.2, fail_if = "lt", cite = "演示县 2023 第1号 (三)" }
local_floor_supplied_from = 2023-01-01
TOML
"$TENGLONG" profile check "$tmp/county.toml" > "$tmp/ok" || fail "check of a valid file"
grep -q "^ok: democounty" "$tmp/ok" || fail "check prints ok"
"$TENGLONG" profile show "$tmp/county.toml" > "$tmp/cshow" || fail "show FILE exit code"
grep -q "far.local_floor = 1.2" "$tmp/cshow" || fail "show FILE"

expect() {  # expect CODE PATTERN... -- args
  local want=$1; shift
  local patterns=()
  while [ "$1" != "--" ]; do patterns+=("$1"); shift; done; shift
  set +e; "$TENGLONG" "$@" > "$tmp/out" 2> "$tmp/err"; local code=$?; set -e
  [ "$code" -eq "$want" ] || { cat "$tmp/err"; fail "$* -> exit $code, want $want"; }
  for p in "${patterns[@]}"; do grep -q -- "$p" "$tmp/err" || { cat "$tmp/err"; fail "$* -> message lacks '$p'"; }; done
}
sed 's/local_floor = { value = 1.2, fail_if = "lt", cite = "演示县 2023 第1号 (三)" }/local_floor = 1.2/' "$tmp/county.toml" > "$tmp/nocite.toml"
expect 2 "nocite.toml" "line 8" "far.local_floor" "citation" -- profile check "$tmp/nocite.toml"
sed 's/local_floor =/local_flor =/' "$tmp/county.toml" > "$tmp/unknown.toml"
expect 2 "unknown.toml" "line 8" "far.local_flor" "unknown key" "allowed here" "far.local_floor," -- profile check "$tmp/unknown.toml"
sed 's/effective_from = 2023-01-01/effective_from = "2023"/' "$tmp/county.toml" > "$tmp/type.toml"
expect 2 "type.toml" "line 6" "profile.effective_from" -- profile check "$tmp/type.toml"
printf '[profile\nid = 1\n' > "$tmp/syntax.toml"
expect 2 "syntax.toml" "line 1" -- profile check "$tmp/syntax.toml"
expect 2 "atlantis" "national" -- profile show atlantis
expect 2 "" -- profile
expect 2 "" -- profile check
echo "ok"
