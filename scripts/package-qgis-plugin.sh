#!/usr/bin/env bash
# Packages the QGIS plugin (qgis/tenglong/) as an installable zip: QGIS → 插件 Plugins → 管理并安装插件
# Manage and Install Plugins → 从 ZIP 安装 Install from ZIP.
#   scripts/package-qgis-plugin.sh [OUT.zip]     default: build/tenglong-qgis-plugin-VERSION.zip
# The zip holds one folder, tenglong/, with the plugin's files (no caches); its entries carry a
# fixed date, so the same sources give the same bytes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/qgis/tenglong"
version=$(sed -n 's/^version=//p' "$src/metadata.txt")
out=${1:-"$root/build/tenglong-qgis-plugin-$version.zip"}
mkdir -p "$(dirname "$out")"
python3 - "$src" "$out" <<'PY'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
files = []
for d, dirs, names in os.walk(src):
    dirs[:] = sorted(x for x in dirs if x != "__pycache__" and not x.startswith("."))
    files += [os.path.join(d, n) for n in names if not n.endswith((".pyc", "~")) and not n.startswith(".")]
tmp = out + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for f in sorted(files):
        info = zipfile.ZipInfo(os.path.join("tenglong", os.path.relpath(f, src)), date_time=(2000, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(f, "rb") as fh:
            z.writestr(info, fh.read())
os.replace(tmp, out)
PY
echo "$out"
