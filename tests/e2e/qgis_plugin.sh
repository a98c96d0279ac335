#!/usr/bin/env bash
# The QGIS plugin (qgis/tenglong), headless: Debian's qgis_process with QT_QPA_PLATFORM=offscreen,
# a throwaway QGIS profile and the plugin installed from the zip scripts/package-qgis-plugin.sh
# makes. The provider and its algorithms are listed; tenglong:analyze on the demo folder and on a
# second county's project file (generated GeoPackages, the xiangshan profile, results.gdb) gives
# the same files as the command line (run.json aside); a run cancelled through its
# QgsProcessingFeedback leaves the previous results byte-identical; a PyQGIS script loads the
# result group and checks each layer's renderer is the one its style describes
# (tests/e2e/lib/qgis_check.py). Needs the packages qgis and python3-qgis (scripts/install-deps.sh).
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}" "${TL_GEN:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
py=/usr/bin/python3; [ -x "$py" ] || py=python3
# Debian's /usr/bin/qgis_process wrapper adds --noversioncheck, which qgis_process 3.22 refuses.
qp=$(command -v qgis_process.bin || command -v qgis_process || true)
[ -n "$qp" ] || fail "qgis_process not found: install qgis and python3-qgis (scripts/install-deps.sh)"
"$py" -c 'import qgis.core' 2>/dev/null || fail "PyQGIS not found: install python3-qgis (scripts/install-deps.sh)"

export QT_QPA_PLATFORM=offscreen
export QGIS_CUSTOM_CONFIG_PATH="$tmp/profile" QGIS_PLUGINPATH="$tmp/plugins"
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run"
export TENGLONG_QGIS_LANG=zh   # the plugin's messages in Chinese whatever the machine's locale
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$QGIS_PLUGINPATH"; chmod 700 "$XDG_RUNTIME_DIR"
# The plugin finds tenglong on PATH (no setting, no $TENGLONG).
bin=$(cd "$(dirname "$TENGLONG")" && pwd)/$(basename "$TENGLONG")
mkdir -p "$tmp/bin"; ln -s "$bin" "$tmp/bin/tenglong"
export PATH="$tmp/bin:$PATH"
tl=$bin; unset TENGLONG

bash "$TL_SOURCE_DIR/scripts/package-qgis-plugin.sh" "$tmp/tenglong.zip" > /dev/null
"$py" -m zipfile -e "$tmp/tenglong.zip" "$QGIS_PLUGINPATH"
[ -f "$QGIS_PLUGINPATH/tenglong/metadata.txt" ] || fail "the zip holds no tenglong/metadata.txt"

qgis() {  # qgis ARGS...: qgis_process, its output in $tmp/qp.out (shown on failure)
  if ! timeout 120 "$qp" "$@" > "$tmp/qp.out" 2>&1; then cat "$tmp/qp.out"; fail "qgis_process $*"; fi
}
qgis plugins enable tenglong
qgis list
for alg in analyze inspect neighbors check_merge diff; do
  grep -q "tenglong:$alg" "$tmp/qp.out" || { cat "$tmp/qp.out"; fail "tenglong:$alg is not listed"; }
done
grep -q '腾笼 tenglong' "$tmp/qp.out" || fail "the provider is not listed by name"
qgis help tenglong:analyze
for p in DATA PROJECT PROFILE AS_OF OUTPUT LANG GDB; do
  grep -q "^$p:" "$tmp/qp.out" || { cat "$tmp/qp.out"; fail "tenglong:analyze has no parameter $p"; }
done
grep -q 'xiangshan' "$tmp/qp.out" || fail "the profile list does not come from tenglong profile list"

# 1. The demo: qgis_process and the command line give the same files.
demo="$TL_SOURCE_DIR/shapefiles/demo"
"$tl" analyze "$demo" --as-of 2023-12-31 --out "$tmp/cli" -q > /dev/null
qgis run tenglong:analyze -- DATA="$demo" AS_OF=2023-12-31 OUTPUT="$tmp/q" OPEN_REPORT=false
grep -q -e "results: $tmp/q" -e "结果: $tmp/q" "$tmp/qp.out" || { cat "$tmp/qp.out"; fail "tenglong's output is not in the log"; }
diff -r -x run.json "$tmp/cli" "$tmp/q" || fail "qgis_process's results differ from the command line's"
echo "OK qgis_process tenglong:analyze on the demo = CLI"

# 2. A second county: its project file (GeoPackages, the xiangshan profile), results.gdb too.
mkdir -p "$tmp/c2"
"$TL_GEN" demo "$tmp/c2/data" --seed 7 --format gpkg -q
cat > "$tmp/c2/data/第二县.toml" <<'TOML'
name    = "第二县 2023 年度"
as_of   = "2023-06-30"
profile = "xiangshan"
[layers.parcels]
source = "parcels.gpkg"
[layers.buildings]
source = "buildings.gpkg"
[layers.approvals]
source = "approvals.gpkg"
[layers.supplies]
source = "supplies.gpkg"
[layers.control_lines]
source = "control_lines.gpkg"
[layers.townships]
source = "townships.gpkg"
[layers.enterprises]
source = "enterprises.csv"
TOML
"$tl" analyze "$tmp/c2/data/第二县.toml" --out "$tmp/c2/cli" -q --formats csv,xlsx,geojson,gpkg,gdb > /dev/null
qgis run tenglong:analyze -- PROJECT="$tmp/c2/data/第二县.toml" OUTPUT="$tmp/c2/out-2023" GDB=true OPEN_REPORT=false
diff -r -x run.json "$tmp/c2/cli" "$tmp/c2/out-2023" || fail "second county: qgis_process's results differ from the command line's"
"$py" -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["profile"]=="xiangshan", s["profile"]' "$tmp/c2/out-2023/summary.json" \
  || fail "the project's profile was not used"
cmp -s "$tmp/c2/out-2023/parcels.csv" "$tmp/q/parcels.csv" && fail "the second county gave the demo's parcels"
[ -d "$tmp/c2/out-2023/results.gdb" ] || fail "GDB=true wrote no results.gdb"
echo "OK qgis_process tenglong:analyze on a second county's project file = CLI"

# 3. The layer group the algorithm loads and its styles (the .qml files, parcels.gpkg's layer_styles).
TL_STYLES_DIR="$TL_SOURCE_DIR/styles" timeout 120 "$py" "$TL_SOURCE_DIR/tests/e2e/lib/qgis_check.py" "$QGIS_PLUGINPATH" styles \
  "$tmp/c2/data/第二县.toml" "$tmp/c2/loaded" \
  > "$tmp/styles.log" 2>&1 || { cat "$tmp/styles.log"; fail "layer group / styles"; }
grep '^OK' "$tmp/styles.log"
diff -r -x run.json "$tmp/c2/cli" "$tmp/c2/loaded" -x results.gdb || fail "the PyQGIS run's results differ from the command line's"

# 4. Cancelled mid-write (tenglong held at its write stage): the previous results stay as they were.
cp -a "$tmp/q" "$tmp/before"
timeout 120 "$py" "$TL_SOURCE_DIR/tests/e2e/lib/qgis_check.py" "$QGIS_PLUGINPATH" cancel "$demo" "$tmp/q" \
  > "$tmp/cancel.log" 2>&1 || { cat "$tmp/cancel.log"; fail "cancel"; }
grep '^OK' "$tmp/cancel.log"
diff -r "$tmp/before" "$tmp/q" || fail "the cancelled run changed the previous results"
ls -a "$tmp" | grep -q '^\.q\.' && fail "the cancelled run left a temporary folder: $(ls -a "$tmp")"

# 5. An output folder holding other files is refused (tenglong would replace it whole).
mkdir -p "$tmp/docs"; echo keep > "$tmp/docs/notes.txt"
if timeout 120 "$qp" run tenglong:analyze -- DATA="$demo" OUTPUT="$tmp/docs" OPEN_REPORT=false > "$tmp/qp.out" 2>&1; then
  fail "a folder of other files was accepted as the output folder"
fi
grep -q '其他文件' "$tmp/qp.out" || { cat "$tmp/qp.out"; fail "no message about the folder's other files"; }
[ "$(cat "$tmp/docs/notes.txt")" = keep ] || fail "the other files were touched"

# 6. The README's pictures, under a virtual X server: the analyze dialog and the loaded group
#    (into the build folder; the committed copies are qgis/screenshots/*.png).
shots="${TL_BUILD_DIR:-$tmp}/qgis-screenshots"; mkdir -p "$shots"
command -v xvfb-run > /dev/null || fail "xvfb-run not found: install xvfb (scripts/install-deps.sh)"
env -u QT_QPA_PLATFORM timeout 120 xvfb-run -a -s "-screen 0 1280x1024x24" "$py" "$TL_SOURCE_DIR/tests/e2e/lib/qgis_screenshots.py" \
  "$QGIS_PLUGINPATH" "$tmp/c2/out-2023" "$shots/dialog.png" "$shots/results.png" > "$tmp/shots.log" 2>&1 \
  || { cat "$tmp/shots.log"; fail "screenshots"; }
grep '^OK' "$tmp/shots.log"
echo "qgis_plugin: OK"
