#!/usr/bin/env bash
# Interrupted runs lose nothing (issue 7, item 3). Previous results sit in out/; a second run
# with --overwrite is stopped at a named stage (TENGLONG_TEST_PAUSE_AT=read|write|commit makes
# tenglong announce the stage on stderr and sleep there, report/output_dir.hpp) and signalled:
#   SIGINT / SIGTERM  → exit 130 / 143, out/ byte-identical to before, no .out.tmp-* / .out.old-*
#   (SIGHUP → 129 likewise; a signal inherited as ignored — `&` in a script, nohup — stays ignored)
#   SIGKILL           → the leftovers stay (nothing can run), out/ intact or set aside as
#                       .out.old-PID (commit stage); the next run, even one refused for want of
#                       --overwrite, puts it back and removes the dead run's temporary folder.
# Also: a kill at an unannounced moment (timing-based, no hook), an output location under a
# file, an unwritable folder (chattr +i, else a read-only tmpfs; root ignores permissions), a
# full disk (a small tmpfs, else skipped) and a file-size limit (ulimit -f, always available),
# the last two over previous results that must stay as they were.
set -uo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/make_cases.sh"
tmp=$(mktemp -d)
mounts=()
cleanup() { for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done; chattr -i "$tmp/ro" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
demo="$TL_SOURCE_DIR/shapefiles/demo"
# A background job of a non-interactive shell starts with SIGINT ignored (and tenglong keeps an
# inherited ignore, as the shell means it to): give it the default disposition for these tests.
# In a subshell (`run ... &`) the command replaces it (exec), so $! is tenglong's own PID.
reset_sigint=(env --default-signal=INT)   # coreutils >= 8.31
run() {
  if [ "$BASHPID" != "$$" ]; then exec "${reset_sigint[@]}" "$TENGLONG" analyze "$demo" --as-of 2023-12-31 -q "$@"; fi
  "${reset_sigint[@]}" "$TENGLONG" analyze "$demo" --as-of 2023-12-31 -q "$@"
}
digest() { (cd "$1" && find . -type f | sort | xargs sha256sum); }

run --out "$tmp/out" > /dev/null || fail "first run"
python3 "$here/lib/check_accounting.py" "$tmp/out" || fail "first run: accounting"
before=$(digest "$tmp/out")
check_intact() {   # $1: what happened
  [ -d "$tmp/out" ] || fail "$1: out/ is gone"
  [ "$(digest "$tmp/out")" = "$before" ] || fail "$1: out/ changed"
}
check_no_stray() {
  local s; s=$(ls -A "$tmp" | grep '^\.out\.' || true)
  [ -z "$s" ] || fail "$1: stray $s"
}

# Start a paused run at STAGE in the background; sets $pid; waits for the announcement.
start_paused() {
  local stage=$1
  rm -f "$tmp/err"   # else the previous run's announcement could be read before this one starts
  TENGLONG_TEST_PAUSE_AT=$stage TENGLONG_TEST_PAUSE_S=60 run --out "$tmp/out" --overwrite > /dev/null 2> "$tmp/err" &
  pid=$!
  for _ in $(seq 1 600); do grep -q "test pause at $stage" "$tmp/err" 2>/dev/null && return 0; sleep 0.1; done
  kill -KILL "$pid"; fail "no pause at $stage: $(cat "$tmp/err")"
}

for stage in read write commit; do
  for sig in INT TERM; do
    start_paused "$stage"
    kill -"$sig" "$pid"; wait "$pid"; code=$?
    want=$([ "$sig" = INT ] && echo 130 || echo 143)
    [ "$code" -eq "$want" ] || fail "SIG$sig at $stage: exit $code, want $want; $(cat "$tmp/err")"
    grep -q "interrupted" "$tmp/err" || fail "SIG$sig at $stage: no message"
    check_intact "SIG$sig at $stage"; check_no_stray "SIG$sig at $stage"
    echo "ok   SIG$sig at $stage: exit $code, previous results intact, nothing left behind"
  done
  start_paused "$stage"
  kill -KILL "$pid"; wait "$pid"; code=$?
  [ "$code" -eq 137 ] || fail "SIGKILL at $stage: exit $code"
  ls -A "$tmp" | grep -q "^\.out\.tmp-$pid$" || fail "SIGKILL at $stage: expected the dead run's .out.tmp-$pid"
  if [ "$stage" = commit ]; then
    [ ! -e "$tmp/out" ] && [ -d "$tmp/.out.old-$pid" ] || fail "SIGKILL at commit: expected out/ set aside"
  else
    check_intact "SIGKILL at $stage"
  fi
  # The next run refuses (no --overwrite) but first restores and cleans up after the dead one.
  run --out "$tmp/out" > /dev/null 2> "$tmp/err2"; code=$?
  [ "$code" -eq 2 ] && grep -q -- --overwrite "$tmp/err2" || fail "after SIGKILL at $stage: exit $code $(cat "$tmp/err2")"
  check_intact "SIGKILL at $stage, next run"; check_no_stray "SIGKILL at $stage, next run"
  echo "ok   SIGKILL at $stage: leftovers removed and previous results restored by the next run"
done

# A live run's temporary folder is not touched by another run (its PID is alive).
start_paused write
run --out "$tmp/out" > /dev/null 2>&1
[ -d "$tmp/.out.tmp-$pid" ] || fail "a second run removed a live run's temporary folder"
kill -TERM "$pid"; wait "$pid"
check_intact "live run"; check_no_stray "live run"
echo "ok   a running run's temporary folder is left alone by another"

# Unannounced kills: SIGTERM/SIGINT after a short, varied delay, wherever the run happens to be.
# Either the run was stopped before its commit ("partial results removed": out/ is exactly what
# it was) or it had committed (exit 0, or a signal after the rename): out/ is then a complete new
# result, the same files and bytes as before except run.json's timings.
stable() { (cd "$1" && find . -type f ! -name run.json | sort | xargs sha256sum; python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); [j.pop(k, None) for k in ("timings_s", "write_cpu_s")]; print(json.dumps(j, sort_keys=True))' run.json); }
stable_before=$(stable "$tmp/out")
replaced=0; kept=0
for delay in 0.05 0.2 0.5 1 2 3; do
  for sig in TERM INT; do
    prev=$(digest "$tmp/out")
    run --out "$tmp/out" --overwrite > /dev/null 2> "$tmp/err" & pid=$!
    sleep "$delay"; kill -"$sig" "$pid" 2>/dev/null; wait "$pid"; code=$?
    case $code in 0|130|143) ;; *) fail "SIG$sig after ${delay}s: exit $code $(cat "$tmp/err")";; esac
    if [ "$code" -ne 0 ] && grep -q "partial results removed" "$tmp/err"; then
      [ "$(digest "$tmp/out")" = "$prev" ] || fail "SIG$sig after ${delay}s: stopped before its commit, yet out/ changed"
      kept=$((kept + 1))
    else
      [ "$(stable "$tmp/out")" = "$stable_before" ] || fail "SIG$sig after ${delay}s (exit $code): out/ is not a complete result"
      replaced=$((replaced + 1))
    fi
    check_no_stray "SIG$sig after ${delay}s"
  done
done
[ "$kept" -gt 0 ] || fail "no timed signal arrived before a commit: the test did not test anything"
before=$(digest "$tmp/out")
echo "ok   timed SIGINT/SIGTERM at 0.05..3 s: $kept stopped with out/ as it was, $replaced committed a complete result"

# --overwrite: without it a non-empty out/ is refused (exit 2, names --overwrite).
run --out "$tmp/out" > /dev/null 2> "$tmp/err"; code=$?
[ "$code" -eq 2 ] && grep -q -- --overwrite "$tmp/err" || fail "refusal without --overwrite: exit $code"
check_intact "refusal"
# An empty existing folder is used without --overwrite.
mkdir "$tmp/empty"; run --out "$tmp/empty" > /dev/null || fail "empty existing folder refused"
echo "ok   results replaced only with --overwrite"

# --out under a regular file.
touch "$tmp/afile"
run --out "$tmp/afile/out" > /dev/null 2> "$tmp/err"; code=$?
[ "$code" -eq 1 ] || [ "$code" -eq 2 ] || fail "--out under a file: exit $code"
grep -q "afile" "$tmp/err" || fail "--out under a file: message does not name it: $(cat "$tmp/err")"
echo "ok   --out under a file: exit $code, $(head -1 "$tmp/err")"

# Unwritable folder. Root ignores permission bits: use chattr +i, else a read-only tmpfs.
mkdir "$tmp/ro"
if chattr +i "$tmp/ro" 2>/dev/null; then how="chattr +i"
elif mount -t tmpfs -o ro,size=1m tmpfs "$tmp/ro" 2>/dev/null; then mounts+=("$tmp/ro"); how="read-only tmpfs"
elif [ "$(id -u)" -ne 0 ]; then chmod 555 "$tmp/ro"; how="chmod 555"
else how=""; fi
if [ -n "$how" ]; then
  run --out "$tmp/ro/out" > /dev/null 2> "$tmp/err"; code=$?
  [ "$code" -eq 1 ] || fail "unwritable ($how): exit $code $(cat "$tmp/err")"
  grep -q "$tmp/ro" "$tmp/err" && grep -qi "permission\|read-only\|not permitted" "$tmp/err" || fail "unwritable: message $(cat "$tmp/err")"
  echo "ok   unwritable folder ($how): exit 1, $(head -1 "$tmp/err")"
  chattr -i "$tmp/ro" 2>/dev/null
else
  echo "SKIP unwritable folder: no chattr and no mount here"
fi

# Full disk: a 200 KiB tmpfs holds the temporary folder's first files but not all of them.
mkdir "$tmp/full"
if mount -t tmpfs -o size=200k tmpfs "$tmp/full" 2>/dev/null; then
  mounts+=("$tmp/full")
  # Previous results (small: a full copy does not fit) must survive the failed --overwrite.
  mkdir "$tmp/full/out"; echo "previous results" > "$tmp/full/out/summary.json"
  run --out "$tmp/full/out" --overwrite > /dev/null 2> "$tmp/err"; code=$?
  [ "$code" -eq 1 ] || fail "disk full: exit $code $(cat "$tmp/err")"
  grep -qi "disk full\|no space" "$tmp/err" || fail "disk full: message $(cat "$tmp/err")"
  # Our message names the output folder, not the temporary one. (The output files are written by
  # two workers: libxlsxwriter, failing at the same moment in the other one, prints its own line.)
  msg=$(grep -e '^tenglong: error:' -e '^tenglong: 错误:' "$tmp/err")
  grep -q "$tmp/full/out" <<<"$msg" && ! grep -q '\.out\.tmp-' <<<"$msg" || fail "disk full: message names no output folder: $(cat "$tmp/err")"
  [ "$(ls -A "$tmp/full")" = out ] && [ "$(ls -A "$tmp/full/out")" = summary.json ] && [ "$(cat "$tmp/full/out/summary.json")" = "previous results" ] \
    || fail "disk full: previous results changed or files left: $(ls -A "$tmp/full" "$tmp/full/out")"
  echo "ok   disk full (200 KiB tmpfs): exit 1, previous results intact, nothing left, $(head -1 "$tmp/err")"
else
  echo "SKIP disk full: cannot mount a tmpfs here (the file-size limit below covers the write path)"
fi

# File-size limit (RLIMIT_FSIZE, works unprivileged): a write fails with EFBIG instead of a crash.
mkdir "$tmp/fsize"; echo "previous results" > "$tmp/fsize/summary.json"
(ulimit -f 64; run --out "$tmp/fsize" --overwrite > /dev/null 2> "$tmp/err"); code=$?
[ "$code" -eq 1 ] || fail "ulimit -f: exit $code, want 1 (not a SIGXFSZ crash) $(cat "$tmp/err")"
grep -q "file-size limit" "$tmp/err" || fail "ulimit -f: message $(cat "$tmp/err")"
[ "$(ls -A "$tmp/fsize")" = summary.json ] && [ "$(cat "$tmp/fsize/summary.json")" = "previous results" ] || fail "ulimit -f: previous results changed"
[ -z "$(ls -A "$tmp" | grep '^\.fsize\.')" ] || fail "ulimit -f: left files"
echo "ok   file-size limit: exit 1, previous results intact, $(head -1 "$tmp/err")"

# SIGHUP (a closed terminal) is handled like SIGTERM; an inherited ignore is kept: a shell's
# `tenglong ... &` ignores SIGINT (Ctrl-C is for the script), nohup ignores SIGHUP.
before=$(digest "$tmp/out")
start_paused write
kill -HUP "$pid"; wait "$pid"; code=$?
[ "$code" -eq 129 ] && grep -q "interrupted (SIGHUP)" "$tmp/err" || fail "SIGHUP at write: exit $code $(cat "$tmp/err")"
check_intact "SIGHUP at write"; check_no_stray "SIGHUP at write"
rm -f "$tmp/err"
( trap "" INT; exec env TENGLONG_TEST_PAUSE_AT=read TENGLONG_TEST_PAUSE_S=2 "$TENGLONG" analyze "$demo" --as-of 2023-12-31 -q --out "$tmp/ign" > /dev/null 2> "$tmp/err" ) & pid=$!
for _ in $(seq 1 600); do grep -q "test pause at read" "$tmp/err" 2>/dev/null && break; sleep 0.1; done
kill -INT "$pid"; wait "$pid"; code=$?
[ "$code" -eq 0 ] && [ -f "$tmp/ign/summary.json" ] || fail "SIGINT inherited as ignored: exit $code $(cat "$tmp/err")"
python3 "$here/lib/check_accounting.py" "$tmp/ign" || fail "SIGINT inherited as ignored: accounting"
rm -f "$tmp/err"
( trap '' HUP; exec env TENGLONG_TEST_PAUSE_AT=read TENGLONG_TEST_PAUSE_S=2 "$TENGLONG" analyze "$demo" --as-of 2023-12-31 -q --out "$tmp/ign" --overwrite > /dev/null 2> "$tmp/err" ) & pid=$!
for _ in $(seq 1 600); do grep -q "test pause at read" "$tmp/err" 2>/dev/null && break; sleep 0.1; done
kill -HUP "$pid"; wait "$pid"; code=$?
[ "$code" -eq 0 ] || fail "SIGHUP under nohup: exit $code $(cat "$tmp/err")"
echo "ok   SIGHUP handled like SIGTERM (exit 129); SIGINT of a background job and SIGHUP under nohup stay ignored"
echo "interrupt: ok"
