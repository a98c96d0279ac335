# Case makers for tests/e2e/bad_inputs.sh (sourced). Each `mk_*` function builds one broken
# input in the current directory (a fresh, empty case folder) and prints the path to pass to
# tenglong (a data folder or a project file). Inputs are made at test time from WKT/CSV with
# ogr2ogr, from tests' own small base county (base_county), or from the XML of GEOS's
# TestValid.xml; byte-level damage with truncate/dd/printf. Needs: ogr2ogr, python3.
# BASE is set by bad_inputs.sh to a folder made by base_county.

# --- helpers -----------------------------------------------------------------------------
# csv2 OUT_DRIVER OUT_FILE CSV [extra ogr2ogr args]: a layer from a CSV with a WKT column.
csv2() {
  local drv=$1 out=$2 csv=$3; shift 3
  ogr2ogr -q -f "$drv" "$out" "$csv" -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO "$@"
}
sq() { local x0=$1 y0=$2 s=${3:-50}; echo "POLYGON (($x0 $y0,$((x0+s)) $y0,$((x0+s)) $((y0+s)),$x0 $((y0+s)),$x0 $y0))"; }
# parcels CSV (ZDDM, QLRMC, DLBM, ZDMJ) from lines "id|wkt" on stdin
parcels_csv() {
  echo 'ZDDM,QLRMC,DLBM,ZDMJ,WKT' > "$1"
  echo '"String(19)","String(60)","String(4)","Real(12.2)","String"' > "${1%.csv}.csvt"
  local id wkt
  while IFS='|' read -r id wkt; do echo "\"$id\",\"演示企业\",\"0601\",2500,\"$wkt\"" >> "$1"; done
  sed -i 's/"String"$/"WKT"/' "${1%.csv}.csvt"
}
# shp_parcels DIR [a_srs] < lines: parcels.shp (UTF-8 .cpg, .prj) in DIR
shp_parcels() {
  local d=$1 srs=${2:-EPSG:4549}; mkdir -p "$d"
  parcels_csv "$d/p.csv"
  csv2 "ESRI Shapefile" "$d/parcels.shp" "$d/p.csv" -a_srs "$srs" -lco ENCODING=UTF-8 -nlt PROMOTE_TO_MULTI
  rm -f "$d/p.csv" "$d/p.csvt"
}
gpkg_parcels() {   # gpkg_parcels DIR [a_srs] [nlt] < lines: parcels.gpkg, geometry kept as given
  local d=$1 srs=${2:-EPSG:4549} nlt=${3:-GEOMETRY}; mkdir -p "$d"
  parcels_csv "$d/p.csv"
  csv2 GPKG "$d/parcels.gpkg" "$d/p.csv" -a_srs "$srs" -nln parcels -nlt "$nlt"
  rm -f "$d/p.csv" "$d/p.csvt"
}
five_parcels() {   # five valid parcels in EPSG:4549 around (500000, 3300000)
  local i; for i in 1 2 3 4 5; do echo "330188001001GB0000$i|$(sq $((500000 + i * 60)) 3300000)"; done
}

# base_county DIR: five parcels, an approvals, supplies and buildings layer, all valid.
base_county() {
  local d=$1; mkdir -p "$d"
  five_parcels | shp_parcels "$d"
  approvals "$d" "2021-05-01"
  supplies "$d" "2021-06-01"
  buildings "$d" 3 3 3
}
approvals() {      # approvals DIR DATE...: one batch per date (PZRQ text)
  local d=$1; shift; local i=0
  { echo 'PCBH,PCMC,PZRQ,PZMJ,WKT'; for dt in "$@"; do i=$((i + 1));
      echo "\"PC330188-2021-$(printf %03d $i)\",\"批次$i\",\"$dt\",5000,\"$(sq 500060 3300000 400)\""; done; } > "$d/a.csv"
  echo '"String(20)","String(40)","String(30)","Real(12.2)","WKT"' > "$d/a.csvt"
  csv2 "ESRI Shapefile" "$d/approvals.shp" "$d/a.csv" -a_srs EPSG:4549 -lco ENCODING=UTF-8
  rm -f "$d/a.csv" "$d/a.csvt"
}
supplies() {       # supplies DIR DATE...: one supply record per date (GYRQ and YDDGRQ text)
  local d=$1; shift; local i=0
  { echo 'GDBH,ZDDM,GYFS,GYRQ,YDDGRQ,WKT'; for dt in "$@"; do i=$((i + 1));
      echo "\"GY330188-2021-$(printf %05d $i)\",\"330188001001GB0000$i\",\"出让\",\"$dt\",\"$dt\",\"$(sq $((500000 + i * 60)) 3300000)\""; done; } > "$d/s.csv"
  echo '"String(20)","String(19)","String(10)","String(30)","String(30)","WKT"' > "$d/s.csvt"
  csv2 "ESRI Shapefile" "$d/supplies.shp" "$d/s.csv" -a_srs EPSG:4549 -lco ENCODING=UTF-8
  rm -f "$d/s.csv" "$d/s.csvt"
}
buildings() {      # buildings DIR FLOORS...: one building per value of CS, inside parcels 1..n
  local d=$1; shift; local i=0
  { echo 'JZWBH,CS,JZGD,ZDDM,WKT'; for f in "$@"; do i=$((i + 1));
      echo "\"330188001001GB0000${i}F0001\",$f,,\"330188001001GB0000$i\",\"$(sq $((500010 + i * 60)) 3300010 20)\""; done; } > "$d/b.csv"
  echo '"String(24)","Integer(4)","Real(8.2)","String(19)","WKT"' > "$d/b.csvt"
  csv2 "ESRI Shapefile" "$d/buildings.shp" "$d/b.csv" -a_srs EPSG:4549 -lco ENCODING=UTF-8
  rm -f "$d/b.csv" "$d/b.csvt"
}
copy_base() {
  [ -n "${BASE:-}" ] && [ -f "$BASE/parcels.shp" ] || { echo "copy_base: BASE is not a base county" >&2; return 1; }
  mkdir -p data && cp "$BASE"/* data/ && echo "$PWD/data"; }

# --- files -------------------------------------------------------------------------------
mk_base()            { copy_base; }
mk_truncate()        { copy_base >/dev/null || return 1; truncate -s "$2" "data/$1"; echo "$PWD/data"; }
mk_remove()          { copy_base >/dev/null || return 1; rm -f "data/$1"; echo "$PWD/data"; }
mk_zero()            { copy_base >/dev/null || return 1; : > "data/$1"; echo "$PWD/data"; }
mk_garbage()         { copy_base >/dev/null || return 1; python3 -c "import random,sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(int(sys.argv[1]))))" "${2:-4096}" > "data/$1"; echo "$PWD/data"; }
mk_zero_header()     { copy_base >/dev/null || return 1; dd if=/dev/zero of="data/$1" bs=1 count="$2" conv=notrunc status=none; echo "$PWD/data"; }
mk_text()            { copy_base >/dev/null || return 1; printf '%s' "$2" > "data/$1"; echo "$PWD/data"; }
mk_parcels_replaced() {   # parcels.shp set removed, FILE with CONTENT (printf) instead
  copy_base >/dev/null || return 1; rm -f data/parcels.*; printf "$2" > "data/$1"; echo "$PWD/data"; }
mk_gpkg_truncated()  { copy_base >/dev/null || return 1; rm -f data/parcels.*; five_parcels | gpkg_parcels data; truncate -s 2048 data/parcels.gpkg; echo "$PWD/data"; }
mk_empty_dir()       { mkdir -p data; echo "$PWD/data"; }
mk_no_parcels()      { copy_base >/dev/null || return 1; rm -f data/parcels.*; echo "$PWD/data"; }
mk_two_parcels()     { copy_base >/dev/null || return 1; five_parcels | gpkg_parcels data; echo "$PWD/data"; }
mk_file_not_dir()    { copy_base >/dev/null || return 1; echo "$PWD/data/parcels.shp"; }
mk_missing_input()   { echo "$PWD/does-not-exist"; }

# --- geometry ----------------------------------------------------------------------------
# parcels from WKT lines (gpkg keeps invalid structure exactly; a shapefile would re-nest rings)
mk_wkt() { copy_base >/dev/null || return 1; rm -f data/parcels.*; { five_parcels; local i=0 w; for w in "$@"; do i=$((i + 1)); echo "330188009009GB000$((10 + i))|$w"; done; } | gpkg_parcels data; echo "$PWD/data"; }
# TestValid.xml's invalid polygon cases whose description names CLASS (all of them with ALL),
# moved to (500000, 3300000) so that they sit in EPSG:4549's area of use.
testvalid_wkts() {
  python3 - "$TL_REALDATA_DIR/geos-xml/TestValid.xml" "$1" <<'PY'
import re, sys
x = open(sys.argv[1], encoding="utf-8").read()
cls = sys.argv[2]
for c in re.findall(r"<case>(.*?)</case>", x, re.S):
    d = re.search(r"<desc>(.*?)</desc>", c, re.S).group(1).strip()
    a = re.search(r"<a>(.*?)</a>", c, re.S)
    r = re.search(r'<op name="isValid"[^>]*>\s*(\w+)', c)
    if not a or not r or r.group(1) != "false": continue
    w = " ".join(a.group(1).split())
    if "POLYGON" not in w: continue
    if cls != "ALL" and cls not in d: continue
    def mv(m):
        xs, ys = m.group(1), m.group(2)
        fx = lambda v, o: v if v.lower() == "nan" else repr(float(v) + o)
        return fx(xs, 500000) + " " + fx(ys, 3300000)
    print(re.sub(r"(-?[0-9.]+|NaN)\s+(-?[0-9.]+|NaN)", mv, w))
PY
}
mk_testvalid() { local -a w; mapfile -t w < <(testvalid_wkts "$1"); [ ${#w[@]} -gt 0 ] || { echo "no TestValid case for $1" >&2; return 1; }; mk_wkt "${w[@]}"; }
mk_points_as_parcels() { copy_base >/dev/null || return 1; rm -f data/parcels.*; printf '330188001001GB00001|POINT (500000 3300000)\n330188001001GB00002|POINT (500100 3300000)\n' | shp_parcels data; echo "$PWD/data"; }
mk_lines_as_parcels()  { copy_base >/dev/null || return 1; rm -f data/parcels.*; printf '330188001001GB00001|LINESTRING (500000 3300000,500100 3300000)\n' | shp_parcels data; echo "$PWD/data"; }
mk_null_geometry()     { copy_base >/dev/null || return 1; rm -f data/parcels.*; { five_parcels; echo '330188001001GB00009|'; } | shp_parcels data; echo "$PWD/data"; }
mk_shp_huge()          { copy_base >/dev/null || return 1; rm -f data/parcels.*; { five_parcels; echo "330188001001GB00009|POLYGON ((1e300 1e300,2e300 1e300,2e300 2e300,1e300 1e300))"; } | shp_parcels data; echo "$PWD/data"; }
mk_reproject() { copy_base >/dev/null || return 1; rm -f data/parcels.*; ogr2ogr -q data/parcels.shp "$BASE/parcels.shp" -t_srs "$1" -lco ENCODING=UTF-8; echo "$PWD/data"; }
mk_swap_xy()  { copy_base >/dev/null || return 1; rm -f data/parcels.*; five_parcels | awk -F'|' '{ print $1 "|" $2 }' | python3 -c '
import re, sys
for l in sys.stdin:
    i, w = l.rstrip("\n").split("|")
    print(i + "|" + re.sub(r"([0-9.]+) ([0-9.]+)", r"\2 \1", w))' | shp_parcels data; echo "$PWD/data"; }
mk_zone_prefix() { copy_base >/dev/null || return 1; rm -f data/parcels.*; five_parcels | sed -E 's/5([0-9]{5}) /405\1 /g; s/\(\(405/((405/' | shp_parcels data; echo "$PWD/data"; }
mk_lonlat_as_projected() { copy_base >/dev/null || return 1; rm -f data/parcels.*; printf '330188001001GB00001|POLYGON ((120.0 29.8,120.001 29.8,120.001 29.801,120.0 29.801,120.0 29.8))\n' | shp_parcels data; echo "$PWD/data"; }
mk_prj_text()  { copy_base >/dev/null || return 1; printf '%s' "$1" > data/parcels.prj; echo "$PWD/data"; }
mk_buildings_other_crs() { copy_base >/dev/null || return 1; rm -f data/buildings.*; ogr2ogr -q data/buildings.shp "$BASE/buildings.shp" -t_srs EPSG:4490 -lco ENCODING=UTF-8; echo "$PWD/data"; }

# --- text encodings (QLRMC of parcel 1) ----------------------------------------------------
# gbk_dbf CPG: parcels whose DBF holds GBK bytes; CPG = content of .cpg ("" = no .cpg)
gbk_dbf() {
  copy_base >/dev/null || return 1; rm -f data/parcels.*
  five_parcels | shp_parcels data
  # Rewrite the UTF-8 text in place as GBK: recode the whole .dbf (the name is the only non-ASCII).
  python3 - data/parcels.dbf "$1" <<'PY'
import sys
p, mode = sys.argv[1], sys.argv[2]
b = open(p, "rb").read()
u = "演示企业".encode("utf-8")
if mode == "gbk":
    g = "演示企业".encode("gbk"); g = g + b" " * (len(u) - len(g))
elif mode == "badutf8":
    g = b"\xff\xfe\xc3(" + b" " * (len(u) - 4)
b = b.replace(u, g)
b = b[:29] + b"\x00" + b[30:]    # language driver byte: none
open(p, "wb").write(b)
PY
}
mk_gbk_cpg()      { gbk_dbf gbk; printf '936' > data/parcels.cpg; echo "$PWD/data"; }
mk_gbk_cpg_name() { gbk_dbf gbk; printf 'GBK' > data/parcels.cpg; echo "$PWD/data"; }
mk_gbk_no_cpg()   { gbk_dbf gbk; rm -f data/parcels.cpg; echo "$PWD/data"; }
mk_gbk_utf8_cpg() { gbk_dbf gbk; printf 'UTF-8' > data/parcels.cpg; echo "$PWD/data"; }
mk_bad_utf8()     { gbk_dbf badutf8; printf 'UTF-8' > data/parcels.cpg; echo "$PWD/data"; }

# --- attributes --------------------------------------------------------------------------
mk_dates()        { copy_base >/dev/null || return 1; rm -f data/approvals.*; approvals data "$@"; echo "$PWD/data"; }
mk_supply_dates() { copy_base >/dev/null || return 1; rm -f data/supplies.*; supplies data "$@"; echo "$PWD/data"; }
mk_floors()       { copy_base >/dev/null || return 1; rm -f data/buildings.*; buildings data "$@"; echo "$PWD/data"; }
mk_dup_ids()      { copy_base >/dev/null || return 1; rm -f data/parcels.*; five_parcels | sed 's/GB00002|/GB00001|/' | shp_parcels data; echo "$PWD/data"; }
mk_null_ids()     { copy_base >/dev/null || return 1; rm -f data/parcels.*; five_parcels | sed 's/^330188001001GB00002|/|/' | shp_parcels data; echo "$PWD/data"; }
mk_drop_field()   { copy_base >/dev/null || return 1; rm -f data/parcels.*; ogr2ogr -q data/parcels.shp "$BASE/parcels.shp" -select "$1" -lco ENCODING=UTF-8; echo "$PWD/data"; }
mk_empty_layer()  { copy_base >/dev/null || return 1; rm -f "data/$1".*; ogr2ogr -q "data/$1.shp" "$BASE/$1.shp" -where "1=0" -lco ENCODING=UTF-8; echo "$PWD/data"; }
mk_dbf_date()     { copy_base >/dev/null || return 1; rm -f data/approvals.*
  printf 'PCBH,PZRQ,WKT\n"PC1",2021/05/01,"%s"\n"PC2",,"%s"\n' "$(sq 500060 3300000 400)" "$(sq 500060 3300000 400)" > data/a.csv
  echo '"String(20)","Date","WKT"' > data/a.csvt
  csv2 "ESRI Shapefile" data/approvals.shp data/a.csv -a_srs EPSG:4549; rm -f data/a.csv data/a.csvt; echo "$PWD/data"; }

# --- project and profile files -----------------------------------------------------------
# mk_project TOML-BODY: project.toml beside a copy of the base county ($D = the data folder)
mk_project() { copy_base >/dev/null || return 1; printf '%b' "$1" > project.toml; echo "$PWD/project.toml"; }
mk_project_gbk() { copy_base >/dev/null || return 1; printf 'name = "演示县"\n[layers.parcels]\nsource = "data/parcels.shp"\n' | iconv -f UTF-8 -t GBK > project.toml; echo "$PWD/project.toml"; }
mk_profile() { printf '%b' "$1" > profile.toml; echo "$PWD/profile.toml"; }
