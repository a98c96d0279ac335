#!/usr/bin/env bash
# inspect on the sample county finds every defect that shapefiles/demo-defects.json (the
# generator's manifest, documented in shapefiles/README.md) says was planted.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$TENGLONG" inspect "$TL_SOURCE_DIR/shapefiles/demo" --json > "$tmp/inspect.json"
"$TENGLONG" inspect "$TL_SOURCE_DIR/shapefiles/demo" > "$tmp/inspect.txt"
grep -q "parcels" "$tmp/inspect.txt"
python3 - "$tmp/inspect.json" "$TL_SOURCE_DIR/shapefiles/demo-defects.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
defects = json.load(open(sys.argv[2]))
issues = report["issues"]
layers = report["layers"]
def has_issue(layer, kind, fid=None, fid_or_id=None):
    for i in issues:
        if i["layer"] != layer or i["kind"] != kind:
            continue
        if fid is not None and i["fid"] != fid:
            continue
        if fid_or_id is not None:
            f, ident = fid_or_id
            if not (i["fid"] == f or (ident and (i["feature_id"] == ident or ident in i["detail"]))):
                continue
        return True
    return False
missing = []
kinds = {}
for d in defects:
    layer, kind, fid, ident = d["layer"], d["kind"], d.get("fid", -1), d.get("id", "")
    kinds[kind] = kinds.get(kind, 0) + 1
    L = layers.get(layer)
    if L is None:
        missing.append((d, "layer not read")); continue
    ok = False
    if kind == "gbk_no_cpg":
        ok = L["encoding"]["encoding"].upper() in ("GBK", "CP936", "GB18030") and L["encoding"]["decided_by"] == "bytes"
    elif kind in ("invalid_geometry", "empty_geometry", "bad_date", "bad_encoding", "missing_floors_and_height"):
        ok = has_issue(layer, kind, fid=fid)
    elif kind == "duplicate_id":
        ok = has_issue(layer, kind, fid_or_id=(fid, ident))
    elif kind == "gap":
        ok = has_issue(layer, kind, fid_or_id=(fid, ident))
    elif kind == "sliver":
        ok = has_issue(layer, "sliver", fid=fid)
    elif kind == "multipart":
        ok = fid in L.get("multipart_fids", [])
    elif kind == "hole":
        ok = fid in L.get("hole_fids", [])
    elif kind == "odd_date_format":
        forms = {f for field in L.get("date_forms", {}).values() for f, n in field.items() if n > 0}
        ok = bool(forms - {"YYYY-MM-DD", "null", "invalid"})
    elif kind == "null_date":
        ok = any(field.get("null", 0) > 0 for field in L.get("date_forms", {}).values())
    else:
        missing.append((d, "unknown defect kind in manifest")); continue
    if not ok:
        missing.append((d, "not reported by inspect"))
print("planted defects checked:", len(defects), kinds)
for d, why in missing:
    print("MISSING:", why, json.dumps(d, ensure_ascii=False))
if len(defects) < 15:
    print("manifest too small: the demo must plant every kind"); sys.exit(1)
sys.exit(1 if missing else 0)
PY
# Counts reconcile for every layer.
python3 - "$tmp/inspect.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for name, l in r["layers"].items():
    assert l["features_read"] == l["features_used"] + l["features_rejected"], name
print("counts reconcile for", len(r["layers"]), "layers")
PY
