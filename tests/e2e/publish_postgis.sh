#!/usr/bin/env bash
# PostGIS in and out (issue 9), against a real PostgreSQL 15 + PostGIS 3 (scripts/pg.sh):
#   1. shapefiles/demo loaded into schema "county" with ogr2ogr; a project file whose layers all
#      come from PG: (schema.table, a database view, and a `sql = "SELECT ..."` query), user
#      tl_reader with a password that the server really asks for (scram-sha-256 in pg_hba.conf),
#      supplied by PGPASSWORD in one run and by a pgpass file in another, never by the project;
#      summary.json of each equals the run from the files (counts and areas; see `compare` for
#      the fields that legitimately differ). No password at all: exit 1 with libpq's message.
#   2. --publish into the schema  tl "x"; DROP TABLE y; --  : the tables, their row counts
#      (= the CSV rows / GeoJSON features), GIST indexes, SRID 4549, column comments from the
#      CSV headers, the summary table; table y (which the name tries to drop) still exists.
#   3. Publishing again (another as_of) replaces the tables: new OIDs, new row counts; a viewer
#      role's SELECT grant on a table is kept.
#   4. Failed publishes leave the previous tables (and the previous output folder) intact, exit
#      non-zero with a clear message: a reader holding a lock (lock_timeout), a failure injected
#      between the drop of the old tables and COMMIT (TENGLONG_TEST_PUBLISH_FAIL_AT=swap), a wrong
#      password, and a schema holding a bureau's own `parcels` table (exit 2, table untouched).
#   5. The password appears in no stdout, stderr, output file or published table, also when it
#      is written into the project file and the --publish connection string.
# Env (CTest sets them): TENGLONG, TL_SOURCE_DIR. Needs ogr2ogr, psql and PostgreSQL 15 + PostGIS 3
# (scripts/pg.sh installs them when run as root; otherwise this test fails, it does not skip).
set -euo pipefail

TL_SOURCE_DIR=${TL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
TL_BUILD_DIR=${TL_BUILD_DIR:-$TL_SOURCE_DIR/build}
TENGLONG=${TENGLONG:-$TL_BUILD_DIR/tenglong}
DEMO=$TL_SOURCE_DIR/shapefiles/demo
PG_SH=$TL_SOURCE_DIR/scripts/pg.sh
PASSWORD='Tl-S3cret;pw"9x'    # distinctive, with characters that need quoting in a pgpass file / conninfo
SCHEMA='tl "x"; DROP TABLE y; --'
QS='"tl ""x""; DROP TABLE y; --"'   # the same, as a quoted SQL identifier

say() { echo "publish_postgis: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

command -v ogr2ogr >/dev/null || fail "ogr2ogr not found (apt-get install gdal-bin)"
[[ -x "$TENGLONG" ]] || fail "$TENGLONG not built"
[[ -f "$DEMO/parcels.shp" ]] || fail "$DEMO/parcels.shp missing"

WORK=$(mktemp -d /tmp/tl-publish-e2e.XXXXXX)
PGDIR=$(mktemp -u /tmp/tl-pg.XXXXXX)
LOCKER_PID=""
cleanup() {
    local rc=$?
    [[ -n "$LOCKER_PID" ]] && kill "$LOCKER_PID" 2>/dev/null
    bash "$PG_SH" stop "$PGDIR" >/dev/null 2>&1 || say "warning: could not stop the server in $PGDIR"
    if [[ $rc -ne 0 && -n "${TL_KEEP_WORK:-}" ]]; then say "work files kept in $WORK"; else rm -rf "$WORK"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- server, a password-protected role ----------------------------------------------------
eval "$(bash "$PG_SH" start "$PGDIR")"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -At)
ADMIN=$PGUSER
# pg.sh trusts every local connection; tl_reader must give its password (scram), so that a
# run that forgets the password really fails.
HBA=$PGDIR/data/pg_hba.conf
{ echo "local all tl_reader scram-sha-256"; cat "$HBA"; } >"$HBA.new" && cat "$HBA.new" >"$HBA" && rm -f "$HBA.new"
"${PSQL[@]}" -v pw="$PASSWORD" <<'SQL'
CREATE ROLE tl_reader LOGIN PASSWORD :'pw';
GRANT CREATE ON DATABASE tenglong TO tl_reader;
CREATE SCHEMA county;
GRANT USAGE ON SCHEMA county TO tl_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA county GRANT SELECT ON TABLES TO tl_reader;
CREATE TABLE public.y (keep int);          -- the schema name above tries to drop it
INSERT INTO public.y VALUES (1);
GRANT SELECT ON public.y TO tl_reader;
SELECT pg_reload_conf() \gset
SQL
sleep 1
PSQL_READER=(psql -X -q -v ON_ERROR_STOP=1 -At -U tl_reader)
if PGPASSWORD= PGPASSFILE=/nonexistent "${PSQL_READER[@]}" -w -c "SELECT 1" >/dev/null 2>&1; then
    fail "the server let tl_reader in without a password: the credential tests would prove nothing"
fi
PGPASSWORD=$PASSWORD "${PSQL_READER[@]}" -c "SELECT 1" >/dev/null || fail "tl_reader cannot log in with its password"

# ---- demo layers into PostGIS ---------------------------------------------------------------
PGCONN="dbname=$PGDATABASE host=$PGHOST port=$PGPORT user=$ADMIN"
for name in parcels buildings approvals supplies control_lines townships; do
    enc=()
    # parcels.dbf is GBK with nothing saying so (shapefiles/README.md): tell ogr2ogr.
    [[ $name == parcels || $name == buildings ]] && enc=(-oo ENCODING=CP936)
    ogr2ogr -f PostgreSQL PG:"$PGCONN" "$DEMO/$name.shp" "${enc[@]}" -nln "county.$name" -overwrite \
        -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=GIST -preserve_fid -nlt PROMOTE_TO_MULTI -dim XY \
        2>"$WORK/ogr2ogr_$name.log" || { cat "$WORK/ogr2ogr_$name.log" >&2; fail "ogr2ogr $name"; }
done
ogr2ogr -f PostgreSQL PG:"$PGCONN" "$DEMO/enterprises.csv" -nln county.enterprises -overwrite -oo HEADERS=YES \
    -lco FID=fid 2>"$WORK/ogr2ogr_enterprises.log" || { cat "$WORK/ogr2ogr_enterprises.log" >&2; fail "ogr2ogr enterprises"; }
# supplies through a database view (GDAL lists views with a geometry like tables).
"${PSQL[@]}" -c "CREATE VIEW county.v_supplies AS SELECT * FROM county.supplies; GRANT SELECT ON county.v_supplies TO tl_reader;"
say "demo loaded: $("${PSQL[@]}" -c "SELECT string_agg(relname || '=' || n_live_tup, ' ' ORDER BY relname) FROM pg_stat_user_tables WHERE schemaname = 'county'")"

# ---- 1. analyze from the files and from PostGIS ----------------------------------------------
AS_OF=2023-12-31
"$TENGLONG" analyze "$DEMO" --out "$WORK/files" --as-of $AS_OF --lang en -q >"$WORK/files.out" 2>"$WORK/files.err" \
    || { cat "$WORK/files.err" >&2; fail "analyze from the files failed"; }

CONN="PG:dbname=$PGDATABASE host=$PGHOST port=$PGPORT user=tl_reader"
write_project() {   # write_project FILE CONNECTION
    local conn=${2//\\/\\\\}   # as a TOML basic string: \ and " escaped
    conn=${conn//\"/\\\"}
    set -- "$1" "$conn"
    cat >"$1" <<TOML
name  = "演示县 (PostGIS)"
as_of = "$AS_OF"
decisions = "$DEMO/decisions.csv"   # 闭环管理: the planner's decisions stay a file beside the database
revitalization = "$DEMO/盘活台账.csv"   # the 盘活台账 (targets T01) stays a file beside the database too
[layers.parcels]
source = "$2"
layer  = "county.parcels"
[layers.buildings]
source = "$2"
sql    = "SELECT * FROM county.buildings ORDER BY fid"
[layers.approvals]
source = "$2"
layer  = "county.approvals"
[layers.supplies]
source = "$2"
layer  = "county.v_supplies"
[layers.control_lines]
source = "$2"
layer  = "county.control_lines"
[layers.townships]
source = "$2"
layer  = "county.townships"
[layers.enterprises]
source = "$2"
layer  = "county.enterprises"
TOML
}
PROJ=$WORK/project/pg.toml
mkdir -p "$WORK/project"
write_project "$PROJ" "$CONN"
grep -q "$PASSWORD" "$PROJ" && fail "the project file must not hold the password"

# compare FILES_OUT PG_OUT: summary.json of the two runs, field by field (areas within 0.01 m²),
# except the fields that name the run (tool, project name); and every shortlist CSV byte for
# byte. One legitimate difference: parcels.dbf has 2 GBK owner names cut mid-character by the
# DBF field width (shapefiles/README.md); the files run reports them as bad_encoding issues,
# while ogr2ogr's recoding to UTF-8 on the way into PostgreSQL already dropped the half
# character, so the database holds clean text (the same kept value) and the PG run has no such
# issue. issues.csv must then differ by exactly those rows.
compare() {
    python3 - "$1" "$2" <<'PY'
import csv, json, os, sys
da, db = sys.argv[1:3]
a, b = (json.load(open(os.path.join(d, "summary.json"), encoding="utf-8")) for d in (da, db))
bad = []
enc = a["issues"]["by_kind"].pop("bad_encoding", 0)
a["issues"]["total"] -= enc
if enc != 2: bad.append(f"the files run has {enc} bad_encoding issues, expected the 2 of parcels.dbf")
for f in sorted(os.listdir(da)):
    if not f.endswith(".csv"): continue
    ra = open(os.path.join(da, f), "rb").read()
    rb = open(os.path.join(db, f), "rb").read() if os.path.exists(os.path.join(db, f)) else None
    if f == "issues.csv":
        la = [l for l in ra.decode("utf-8-sig").splitlines() if ",bad_encoding," not in l and ",文字编码错误," not in l]
        if rb is None or la != rb.decode("utf-8-sig").splitlines(): bad.append("issues.csv: differs beyond the bad_encoding rows")
    elif ra != rb:
        bad.append(f"{f}: not byte-identical")
def walk(x, y, path):
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y)):
            walk(x.get(k), y.get(k), path + "." + k)
    elif isinstance(x, float) or isinstance(y, float):
        if x is None or y is None or abs(x - y) > 0.01: bad.append(f"{path}: {x} vs {y}")
    elif x != y:
        bad.append(f"{path}: {x} vs {y}")
for key in ("crs", "as_of", "profile", "area_units", "layers", "categories", "issues"):
    walk(a.get(key), b.get(key), key)
if bad:
    print("summary.json differs:\n  " + "\n  ".join(bad[:40]), file=sys.stderr)
    sys.exit(1)
cats = a["categories"]
print(" ".join(f"{k}={v.get('count', '-')}/{round(v.get('area_m2', 0), 2)}m2" for k, v in cats.items()))
PY
}

say "analyze from PostGIS, password from PGPASSWORD"
PGPASSWORD=$PASSWORD "$TENGLONG" analyze "$PROJ" --out "$WORK/pg_env" --lang en -v >"$WORK/pg_env.out" 2>"$WORK/pg_env.err" \
    || { cat "$WORK/pg_env.err" >&2; fail "analyze from PostGIS (PGPASSWORD) failed"; }
line=$(compare "$WORK/files" "$WORK/pg_env") || fail "PostGIS run (PGPASSWORD) differs from the files run"
say "  same summary and byte-identical shortlist CSVs as the files: $line"
grep -q '"driver": "PostgreSQL"' "$WORK/pg_env/run.json" || fail "run.json does not say the layers came from PostgreSQL"
grep -q '"layer": "sql: SELECT \* FROM county.buildings' "$WORK/pg_env/run.json" || fail "run.json does not record the sql of buildings"

say "analyze from PostGIS, password from a pgpass file"
# pgpass: host:port:database:user:password, with : and \ escaped.
printf '%s:%s:%s:tl_reader:%s\n' "$PGHOST" "$PGPORT" "$PGDATABASE" "$(printf '%s' "$PASSWORD" | sed 's/[\\:]/\\&/g')" >"$WORK/pgpass"
chmod 600 "$WORK/pgpass"
env -u PGPASSWORD PGPASSFILE="$WORK/pgpass" "$TENGLONG" analyze "$PROJ" --out "$WORK/pg_pass" --lang en -q \
    >"$WORK/pg_pass.out" 2>"$WORK/pg_pass.err" || { cat "$WORK/pg_pass.err" >&2; fail "analyze from PostGIS (pgpass) failed"; }
compare "$WORK/files" "$WORK/pg_pass" >/dev/null || fail "PostGIS run (pgpass) differs from the files run"
say "  same summary as the files"

say "analyze from PostGIS without a password: must fail"
rc=0
env -u PGPASSWORD PGPASSFILE=/nonexistent "$TENGLONG" analyze "$PROJ" --out "$WORK/pg_nopw" --lang en -q \
    >"$WORK/pg_nopw.out" 2>"$WORK/pg_nopw.err" || rc=$?
[[ $rc -eq 1 ]] || { cat "$WORK/pg_nopw.err" >&2; fail "no password: exit $rc, expected 1"; }
grep -q "password" "$WORK/pg_nopw.err" || { cat "$WORK/pg_nopw.err" >&2; fail "no password: the message does not say a password is missing"; }
say "  exit 1: $(head -c 300 "$WORK/pg_nopw.err")"

# ---- 2. publish into a schema whose name is an injection attempt ----------------------------
export PGPASSWORD=$PASSWORD
say "publish into schema [$SCHEMA]"
"$TENGLONG" analyze "$PROJ" --out "$WORK/pub1" --lang en -v --publish "$CONN" --schema "$SCHEMA" \
    >"$WORK/pub1.out" 2>"$WORK/pub1.err" || { cat "$WORK/pub1.err" >&2; fail "publish failed"; }
"${PSQL[@]}" -c "SELECT keep FROM public.y" >/dev/null || fail "table y was dropped: the schema name was executed"
"${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT 1 FROM pg_namespace WHERE nspname = :'s'" | grep -qx 1 || fail "schema [$SCHEMA] not created"

# check_published OUTDIR: every table's rows equal its file's rows; GIST index and SRID 4549 on
# every geometry; a comment on every column; summary rows equal summary.json's values.
check_published() {
    local outdir=$1
    "${PSQL[@]}" -F $'\t' -v s="$SCHEMA" >"$WORK/tables.tsv" <<'SQL'
SELECT c.relname, c.reltuples::bigint,
       (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
       (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                              AND col_description(c.oid, a.attnum) IS NULL),
       (SELECT count(*) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
         WHERE i.indrelid = c.oid AND am.amname = 'gist'),
       coalesce((SELECT srid FROM geometry_columns g WHERE g.f_table_schema = n.nspname AND g.f_table_name = c.relname), -1),
       obj_description(c.oid, 'pg_class') IS NOT NULL
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :'s' AND c.relkind = 'r' ORDER BY 1;
SQL
    python3 - "$outdir" "$WORK/tables.tsv" "$SCHEMA" <<'PY'
import csv, json, os, subprocess, sys
outdir, tsv, schema = sys.argv[1:4]
rows = {}
for line in open(tsv, encoding="utf-8"):
    name, _, ncols, uncommented, gist, srid, has_comment = line.rstrip("\n").split("\t")
    rows[name] = dict(ncols=int(ncols), uncommented=int(uncommented), gist=int(gist), srid=int(srid), comment=has_comment == "t")
def q(name):
    return '"' + name.replace('"', '""') + '"'
def count(name):
    out = subprocess.run(["psql", "-X", "-At", "-c", f"SELECT count(*) FROM {q(schema)}.{q(name)}"], capture_output=True, text=True, check=True)
    return int(out.stdout)
def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1
def geojson_rows(path):
    return len(json.load(open(path, encoding="utf-8"))["features"])
bad, report = [], []
expected = {}
for f in sorted(os.listdir(outdir)):
    stem, ext = os.path.splitext(f)
    if ext == ".csv": expected[stem] = csv_rows(os.path.join(outdir, f))
if os.path.exists(os.path.join(outdir, "unsupplied.geojson")):
    expected["unsupplied_pieces"] = geojson_rows(os.path.join(outdir, "unsupplied.geojson"))
for name, n in expected.items():
    if name not in rows: bad.append(f"{name}: no table"); continue
    got = count(name)
    report.append(f"{name}={got}")
    if got != n: bad.append(f"{name}: {got} rows, the file has {n}")
for name, r in rows.items():
    if r["uncommented"]: bad.append(f"{name}: {r['uncommented']} of {r['ncols']} columns have no comment")
    if not r["comment"]: bad.append(f"{name}: no table comment")
    if r["srid"] != -1 and (r["srid"] != 4549 or r["gist"] != 1): bad.append(f"{name}: srid {r['srid']}, {r['gist']} GIST indexes")
for must in ("summary", "tenglong_run", "parcels", "issues"):
    if must not in rows: bad.append(f"table {must} missing")
if rows.get("parcels", {}).get("srid") != 4549: bad.append("parcels has no geometry column with SRID 4549")
# summary: the categories' numbers as in summary.json
summary = json.load(open(os.path.join(outdir, "summary.json"), encoding="utf-8"))
out = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-c", f"SELECT key, number FROM {q(schema)}.summary WHERE number IS NOT NULL"],
                     capture_output=True, text=True, check=True).stdout
pub = {k: float(v) for k, v in (l.split("\t") for l in out.splitlines())}
def leaves(x, p=""):
    if isinstance(x, dict) and x:
        for k, v in x.items(): yield from leaves(v, p + "." + k if p else k)
    else: yield p, x
n = 0
for k, v in leaves(summary):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        n += 1
        if k not in pub or abs(pub[k] - v) > 1e-6: bad.append(f"summary {k}: {pub.get(k)} vs {v}")
if bad:
    print("published tables wrong:\n  " + "\n  ".join(bad), file=sys.stderr); sys.exit(1)
print(" ".join(report) + f"; {n} summary numbers; all columns commented; GIST + SRID 4549 on every geometry")
PY
}
line=$(check_published "$WORK/pub1") || fail "published tables do not match the output files"
say "  published: $line"
grep -q '"schema": "tl \\"x\\"; DROP TABLE y; --"' "$WORK/pub1/run.json" || fail "run.json does not record the publish"
# A comment from the column definitions (Chinese | English header).
"${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT col_description(format('%I.%I', :'s', 'parcels')::regclass, 1 + 1)" | grep -q ' | ' \
    || fail "column comments are not '<中文> | <English>'"
oid_of() { "${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT format('%I.%I', :'s', '$1')::regclass::oid"; }
published_at() { "${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT published_at FROM $QS.tenglong_run"; }
# The bureau's web map reads as its own role: the grant must survive a republish.
"${PSQL[@]}" <<<"CREATE ROLE tl_viewer; GRANT USAGE ON SCHEMA $QS TO tl_viewer; GRANT SELECT ON $QS.parcels TO tl_viewer;"
OID1=$(oid_of parcels)
AT1=$(published_at)

# ---- 3. publish again: replaced --------------------------------------------------------------
say "publish again (as of 2024-12-31): the tables are replaced"
"$TENGLONG" analyze "$PROJ" --out "$WORK/pub2" --as-of 2024-12-31 --lang en -q --publish "$CONN" --schema "$SCHEMA" \
    >"$WORK/pub2.out" 2>"$WORK/pub2.err" || { cat "$WORK/pub2.err" >&2; fail "second publish failed"; }
line=$(check_published "$WORK/pub2") || fail "republished tables do not match the second run's files"
# Accounting (every e2e run of analyze): read = used + rejected per layer, one issues.csv line per
# rejected or repaired feature, for the files run and every run whose layers came from PostGIS.
for d in files pg_env pg_pass pub1 pub2; do
    python3 "$TL_SOURCE_DIR/tests/e2e/lib/check_accounting.py" "$WORK/$d" || fail "accounting of the $d run"
done
OID2=$(oid_of parcels)
AT2=$(published_at)
[[ "$OID1" != "$OID2" && "$AT1" != "$AT2" ]] || fail "the second publish did not replace the tables"
"${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tenglong_staging%'" | grep -qx 0 \
    || fail "a staging schema was left behind"
"${PSQL[@]}" <<<"SELECT has_table_privilege('tl_viewer', '$QS.parcels', 'SELECT')" | grep -qx t \
    || fail "the viewer role lost its SELECT grant on parcels with the republish"
say "  replaced: $line"

# ---- 4. failed publishes leave everything as it was ------------------------------------------
snapshot() {   # the schema's tables with their row counts and OIDs, and the output folder's run.json
    "${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT string_agg(c.relname || ':' || c.oid, ' ' ORDER BY c.relname) FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :'s' AND c.relkind = 'r'"
    published_at
    sha256sum "$WORK/pub2/run.json"
}
BEFORE=$(snapshot)
expect_failure() {   # expect_failure LABEL EXIT PATTERN -- command...
    local label=$1 want=$2 pattern=$3
    shift 4
    local rc=0
    "$@" >"$WORK/fail.out" 2>"$WORK/fail.err" || rc=$?
    [[ $rc -eq $want ]] || { cat "$WORK/fail.err" >&2; fail "$label: exit $rc, expected $want"; }
    grep -q -- "$pattern" "$WORK/fail.err" || { cat "$WORK/fail.err" >&2; fail "$label: the message does not say '$pattern'"; }
    [[ "$(snapshot)" == "$BEFORE" ]] || fail "$label: the previous tables or the output folder changed"
    cat "$WORK/fail.out" "$WORK/fail.err" >>"$WORK/all_failures.log"
    say "  $label: exit $rc, previous tables and output folder intact: $(grep 'error' "$WORK/fail.err" | head -c 400)"
}

say "failed publishes"
# A reader holding the published parcels table open (ACCESS SHARE) until we are done.
PARCELS_Q="$QS.parcels"
psql -X -q -At -c "BEGIN; SELECT count(*) FROM $PARCELS_Q; SELECT pg_sleep(120); COMMIT;" >/dev/null 2>&1 &
LOCKER_PID=$!
for _ in $(seq 1 50); do
    "${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :'s' AND c.relname = 'parcels' AND l.pid <> pg_backend_pid()" \
        | grep -qx 0 || break
    sleep 0.1
done
expect_failure "a reader holds a lock" 1 "lock timeout" -- \
    env PGOPTIONS="-c lock_timeout=2s" "$TENGLONG" analyze "$PROJ" --out "$WORK/pub2" --overwrite --lang en -q \
    --publish "$CONN" --schema "$SCHEMA"
grep -q "rolled back" "$WORK/fail.err" || fail "lock failure: the message does not say it rolled back"
kill "$LOCKER_PID" 2>/dev/null || true
wait "$LOCKER_PID" 2>/dev/null || true
LOCKER_PID=""
"${PSQL[@]}" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()" >/dev/null

expect_failure "failure after the old tables were dropped, before COMMIT" 1 "previous tables are intact" -- \
    env TENGLONG_TEST_PUBLISH_FAIL_AT=swap "$TENGLONG" analyze "$PROJ" --out "$WORK/pub2" --overwrite --lang en -q \
    --publish "$CONN" --schema "$SCHEMA"

expect_failure "a wrong password in the connection string" 1 "cannot connect" -- \
    env -u PGPASSWORD "$TENGLONG" analyze "$PROJ" --out "$WORK/pub2" --overwrite --lang en -q \
    --publish "$CONN password=wrong-$PASSWORD" --schema "$SCHEMA"

"${PSQL[@]}" -c "CREATE SCHEMA bureau; CREATE TABLE bureau.parcels (id int); INSERT INTO bureau.parcels VALUES (7);
                 GRANT ALL ON SCHEMA bureau TO tl_reader; GRANT ALL ON bureau.parcels TO tl_reader;"
expect_failure "a schema with the bureau's own parcels table" 2 "not published by tenglong" -- \
    "$TENGLONG" analyze "$PROJ" --out "$WORK/pub2" --overwrite --lang en -q --publish "$CONN" --schema bureau
"${PSQL[@]}" -c "SELECT id FROM bureau.parcels" | grep -qx 7 || fail "the bureau's parcels table was touched"

expect_failure "--schema without --publish" 2 "--publish" -- \
    "$TENGLONG" analyze "$PROJ" --out "$WORK/pub2" --overwrite --lang en -q --schema "$SCHEMA"

# ---- 5. the password is never shown -----------------------------------------------------------
say "password in the project file and in --publish: hidden everywhere"
write_project "$WORK/project/pw.toml" "$CONN password='$PASSWORD'"
env -u PGPASSWORD "$TENGLONG" analyze "$WORK/project/pw.toml" --out "$WORK/pub_pw" --lang en -v \
    --publish "$CONN password='$PASSWORD'" --schema "$SCHEMA" >"$WORK/pub_pw.out" 2>"$WORK/pub_pw.err" \
    || { cat "$WORK/pub_pw.err" >&2; fail "publish with the password in the connection strings failed"; }
grep -q "the project file holds a password" "$WORK/pub_pw.err" || fail "no warning about the password in the project file"
grep -q '"source": "PG:.*password=\*\*\*"' "$WORK/pub_pw/run.json" || fail "run.json does not show the source with its password hidden"
"${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT run::text FROM $QS.tenglong_run" >"$WORK/published_run.txt"
leaks=$(grep -rlF -- "$PASSWORD" "$WORK"/*.out "$WORK"/*.err "$WORK/all_failures.log" "$WORK/published_run.txt" \
        "$WORK/files" "$WORK/pg_env" "$WORK/pg_pass" "$WORK/pub1" "$WORK/pub2" "$WORK/pub_pw" 2>/dev/null || true)
[[ -z "$leaks" ]] || fail "the password appears in: $leaks"
# The published tables: no text column of any of them holds it.
for t in $("${PSQL[@]}" -v s="$SCHEMA" <<<"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = :'s' AND c.relkind = 'r'"); do
    n=$("${PSQL[@]}" -v pw="$PASSWORD" <<<"SELECT count(*) FROM $QS.$t x WHERE position(:'pw' in x::text) > 0")
    [[ $n -eq 0 ]] || fail "the password is in published table $t"
done
say "  not in any stdout/stderr, output file or published table"

say "PASS: PostGIS read (env + pgpass) = files; publish quoted, complete, atomic, replaced; failures roll back; password hidden"
