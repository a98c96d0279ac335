#!/usr/bin/env bash
# Security (issue 7, item 6):
#   1. a password in a database connection string (PG:... password=, pwd=, postgresql://u:pw@,
#      any case, quoted) never appears on stderr, stdout, in run.json, summary.json, issues or
#      the inspect output — for a source that cannot be reached, and (when PostGIS is
#      available, scripts/pg.sh) for one that is read successfully;
#   2. layer and field names from the inputs never reach SQL unquoted: every SQL call in src/
#      (ExecuteSQL, SetAttributeFilter, sqlite3_*, PQexec*) must carry a `sql-quoted:` comment on
#      its line or the three above saying how names are quoted, and a GeoPackage whose layer and
#      column names are SQL injections is read and left byte-identical;
#   3. outputs are written only under the chosen folder: nothing else in the working tree
#      changes, every output is a regular file inside it, ids and township names that look like
#      paths (../../evil, /tmp/...) stay values, and --overwrite of a symlinked output folder
#      replaces the link, not what it points to.
set -uo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/make_cases.sh"
tmp=$(mktemp -d)
PGDIR=""
cleanup() { [ -n "$PGDIR" ] && "$TL_SOURCE_DIR/scripts/pg.sh" stop "$PGDIR" >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
SECRET='Sup3rS3cretPw'
BASE=$tmp/base; base_county "$BASE" || fail "base county"

no_secret() {   # no_secret WHAT FILE...
  local what=$1; shift
  if grep -rl -- "$SECRET" "$@" 2>/dev/null; then fail "$what: the password appears in the files above"; fi
}

# 1a. unreachable connections: the run fails (exit 1), the message names the source without the password.
n=0
for src in "PG:host=/nonexistent port=1 dbname=x user=u password=$SECRET" \
           "PG:dbname=x password = '$SECRET' user=u host=/nonexistent" \
           "pg:dbname=x PASSWORD=$SECRET host=/nonexistent" \
           "PG:postgresql://u:$SECRET@localhost:1/x" \
           "PG:dbname=x host=/nonexistent pwd=$SECRET"; do
  n=$((n + 1)); d=$tmp/pg$n; mkdir -p "$d"
  printf '[layers.parcels]\nsource = "%s"\n' "${src//\'/\'}" > "$d/project.toml"
  for cmd in "analyze $d/project.toml --out $d/out -v" "inspect $d/project.toml" "inspect $d/project.toml --json"; do
    # shellcheck disable=SC2086
    timeout 60 "$TENGLONG" $cmd > "$d/stdout" 2> "$d/stderr"; code=$?
    [ "$code" -eq 1 ] || [ "$code" -eq 2 ] || fail "$src ($cmd): exit $code $(cat "$d/stderr")"
    grep -q -e 'tenglong: error' -e 'tenglong: 错误' "$d/stderr" || fail "$src: no error message"
    no_secret "$src ($cmd)" "$d/stdout" "$d/stderr" "$d/out" "$d"/.out.*   # not project.toml: it holds the password
  done
  echo "ok   unreachable source $n: exit $code, $(head -c 200 "$d/stderr")"
done
# The connection string given straight as the input (not a project file).
timeout 60 "$TENGLONG" analyze "PG:dbname=x password=$SECRET" --out "$tmp/pgin" > "$tmp/pgin.out" 2> "$tmp/pgin.err"; code=$?
[ "$code" -eq 2 ] || [ "$code" -eq 1 ] || fail "PG input: exit $code"
no_secret "PG input" "$tmp/pgin.out" "$tmp/pgin.err"
echo "ok   connection string as the input: exit $code, $(head -c 200 "$tmp/pgin.err")"

# 1b. a reachable PostGIS (trust authentication ignores the password): a complete run.
if [ -x "${PGBIN:-/usr/lib/postgresql/15/bin}/pg_ctl" ] && command -v ogr2ogr >/dev/null; then
  # Its own folder outside $tmp (0700): the server's user must be able to traverse it.
  PGDIR=$(mktemp -u /tmp/tl-secpg.XXXXXX)
  if pg_env=$("$TL_SOURCE_DIR/scripts/pg.sh" start "$PGDIR" 2>"$tmp/pgstart.err"); then
    eval "$pg_env"
    ogr2ogr -f PostgreSQL PG:"dbname=$PGDATABASE host=$PGHOST port=$PGPORT user=$PGUSER" "$BASE/parcels.shp" -nln parcels \
      -lco GEOMETRY_NAME=geom -overwrite || fail "load PostGIS"
    d=$tmp/pgok; mkdir -p "$d"
    printf '[layers.parcels]\nsource = "PG:host=%s port=%s dbname=%s user=%s password=%s"\nlayer = "parcels"\n' \
      "$PGHOST" "$PGPORT" "$PGDATABASE" "$PGUSER" "$SECRET" > "$d/project.toml"
    "$TENGLONG" analyze "$d/project.toml" --out "$d/out" --as-of 2023-12-31 -v > "$d/stdout" 2> "$d/stderr" || fail "PostGIS run: $(cat "$d/stderr")"
    "$TENGLONG" inspect "$d/project.toml" --json > "$d/inspect.json" 2>> "$d/stderr" || fail "PostGIS inspect"
    python3 "$here/lib/check_accounting.py" "$d/out" || fail "PostGIS run accounting"
    grep -q '"source": "PG:.*password=\*\*\*' "$d/out/run.json" || fail "run.json does not show the masked source: $(grep source "$d/out/run.json")"
    no_secret "PostGIS run" "$d/stdout" "$d/stderr" "$d/inspect.json" "$d/out"
    echo "ok   PostGIS source read; password in no output, log or report"
  else
    echo "SKIP PostGIS run: $(tail -2 "$tmp/pgstart.err")"; PGDIR=""
  fi
else
  echo "SKIP PostGIS run: no PostgreSQL 15 here"
fi

# 2a. every SQL call in the source tree carries a `sql-quoted:` note (on its line or in the three
# lines above) saying how names in it are quoted, or why no input name can reach it. Calls in
# code (not in comments) are found by name.
sql=$(python3 - "$TL_SOURCE_DIR/src" <<'PY'
import os, re, sys
call = re.compile(r"\b(ExecuteSQL|SetAttributeFilter|sqlite3_exec|sqlite3_prepare\w*|PQexec\w*|OGR_DS_ExecuteSQL|GDALDatasetExecuteSQL)\s*\(")
for root, _, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        if not f.endswith((".cpp", ".hpp", ".h", ".cc")): continue
        path = os.path.join(root, f)
        lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
        for i, line in enumerate(lines):
            code = line.split("//", 1)[0]
            if call.search(code) and not any("sql-quoted:" in l for l in lines[max(0, i - 3):i + 1]):
                print(f"{path}:{i + 1}: {line.strip()}")
PY
)
[ -z "$sql" ] || fail "SQL calls without a sql-quoted: note (quote identifiers with SQLEscapeName/\"...\", or say why no input name reaches the call): $sql"
echo "ok   no unquoted SQL in src/"

# 2b. hostile layer and column names are read as names, and the input is left as it was.
d=$tmp/sqlnames; mkdir -p "$d"
layer='parcels"; DROP TABLE gpkg_contents; --'
five_parcels | sed 's/^/x/;s/^x//' > "$d/lines"
parcels_csv "$d/p.csv" < "$d/lines"
sed -i "1s/ZDDM/ZD\"\"DM'; DROP TABLE x; --/" "$d/p.csv"
csv2 GPKG "$d/county.gpkg" "$d/p.csv" -a_srs EPSG:4549 -nln "$layer" -nlt MULTIPOLYGON || fail "hostile gpkg"
col=$(ogrinfo -so -al "$d/county.gpkg" | sed -n 's/^\(ZD.*DM[^:]*\): String.*/\1/p')
[ -n "$col" ] || fail "no hostile column in the test GeoPackage: $(ogrinfo -so -al "$d/county.gpkg")"
before=$(sha256sum < "$d/county.gpkg")
python3 - "$d/project.toml" "$d/county.gpkg" "$layer" "$col" <<'PY'
import json, sys
p, src, layer, col = sys.argv[1:]
open(p, "w", encoding="utf-8").write(
    "[layers.parcels]\nsource = %s\nlayer = %s\nfields = { id = %s }\n" % (json.dumps(src), json.dumps(layer), json.dumps(col)))
PY
"$TENGLONG" analyze "$d/project.toml" --out "$d/out" --as-of 2023-12-31 -q > /dev/null 2> "$d/err" || fail "hostile names: $(cat "$d/err")"
python3 "$here/lib/check_accounting.py" "$d/out" || fail "hostile names accounting"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["layers"]["parcels"]["features_read"] == 5, s["layers"]' "$d/out/summary.json" || fail "hostile names: not all parcels read"
[ "$(sha256sum < "$d/county.gpkg")" = "$before" ] || fail "the input GeoPackage changed"
echo "ok   layer $layer / column $col read as names; input unchanged"

# 3a. outputs only under --out: nothing else in the working folder is created or changed.
w=$tmp/work; mkdir -p "$w"; cp -r "$BASE" "$w/data"
( cd "$w" && find . -type f | sort | xargs sha256sum ) > "$tmp/before.sum"
touch "$tmp/marker"; sleep 1
( cd "$w" && "$TENGLONG" analyze data --out results --as-of 2023-12-31 -q > /dev/null ) || fail "run in work folder"
python3 "$here/lib/check_accounting.py" "$w/results" || fail "work folder run: accounting"
changed=$(cd "$w" && find . -newer "$tmp/marker" -not -path './results' -not -path './results/*' | grep -v '^\.$' || true)
[ -z "$changed" ] || fail "files outside the output folder were written: $changed"
( cd "$w" && find . -path ./results -prune -o -type f -print | sort | xargs sha256sum ) > "$tmp/after.sum"
cmp -s "$tmp/before.sum" "$tmp/after.sum" || fail "inputs changed: $(diff "$tmp/before.sum" "$tmp/after.sum")"
odd=$(find "$w/results" -mindepth 1 \( -not -type f -o -name '.*' \) ) 
[ -z "$odd" ] || fail "output folder holds something other than plain files: $odd"
[ -z "$(find /tmp -maxdepth 1 -newer "$tmp/marker" -name '.results.*' 2>/dev/null)" ] || fail "temporary folder outside the output location"
echo "ok   outputs only under --out ($(ls "$w/results" | wc -l) plain files)"

# 3c. values from the inputs that look like paths (a parcel id "../../evil", an owner and a
# township named by absolute paths) stay values: the output folder holds the same file names as
# a normal run, and nothing appears outside it.
w=$tmp/hostile; mkdir -p "$w"; cp -r "$BASE" "$w/data"
rm -f "$w/data"/parcels.*
{ echo "../../evil|$(sq 500060 3300000)"; echo "/tmp/evil-abs-$$|$(sq 500120 3300000)"; five_parcels | tail -3; } | shp_parcels "$w/data"
{ echo 'XZQDM,XZQMC,WKT'; echo "\"330188001\",\"../../../evil-town\",\"$(sq 499000 3299000 3000)\""; \
  echo "\"330188002\",\"/tmp/evil-town-$$\",\"$(sq 502000 3299000 3000)\""; } > "$w/t.csv"
csv2 "ESRI Shapefile" "$w/data/townships.shp" "$w/t.csv" -a_srs EPSG:4549 -lco ENCODING=UTF-8 || fail "hostile townships"
rm -f "$w/t.csv"
touch "$tmp/marker2"; sleep 1
( cd "$w" && "$TENGLONG" analyze data --out results --as-of 2023-12-31 -q > /dev/null 2> "$w/err" ) || fail "hostile values: $(cat "$w/err")"
python3 "$here/lib/check_accounting.py" "$w/results" || fail "hostile values accounting"
grep -q 'evil' "$w/results/parcels.csv" || fail "hostile values: the ids did not reach the results"
[ "$(ls "$w/results")" = "$(ls "$tmp/work/results")" ] || fail "hostile values changed the output file names: $(diff <(ls "$w/results") <(ls "$tmp/work/results"))"
stray=$(find "$tmp" / -maxdepth 1 -newer "$tmp/marker2" -name '*evil*' 2>/dev/null; ls -d /tmp/evil* "$w"/../evil* 2>/dev/null || true)
[ -z "$stray" ] || fail "a path from the input data was written: $stray"
changed=$(cd "$w" && find . -newer "$tmp/marker2" -not -path './results' -not -path './results/*' -not -name err | grep -v '^\.$' || true)
[ -z "$changed" ] || fail "hostile values: files written outside the output folder: $changed"
echo "ok   ids and township names that look like paths stay values ($(ls "$w/results" | wc -l) files, the usual names)"

# 3b. --overwrite of an output folder that is a symlink replaces the link, not its target.
mkdir -p "$tmp/precious"; echo keep > "$tmp/precious/important.txt"
ln -s "$tmp/precious" "$tmp/linkout"
"$TENGLONG" analyze "$BASE" --out "$tmp/linkout" --as-of 2023-12-31 -q --overwrite > /dev/null || fail "symlink out"
[ "$(cat "$tmp/precious/important.txt")" = keep ] && [ "$(ls "$tmp/precious")" = important.txt ] || fail "--overwrite wrote through the symlink"
python3 "$here/lib/check_accounting.py" "$tmp/linkout" || fail "symlinked out: accounting"
echo "ok   --overwrite replaces a symlinked output folder, not its target"
echo "security: ok"
