"""issues.csv's rows with their stable codes. Under --lang zh the CSV shows words (问题类型
日期无法识别, 处理 已剔除, 图层 宗地); issues.geojson, written from the same table in the same
order, keeps the codes (bad_date, rejected, parcels) for machines, QGIS and tests.

    from issue_codes import issue_rows
    rows = issue_rows(OUT_DIR)   # [[layer, fid, feature_id, kind, field, detail, action], ...]
"""
import json, os

KEYS = ("layer", "fid", "feature_id", "kind", "field", "detail", "action")

def issue_rows(out):
    gj = json.load(open(os.path.join(out, "issues.geojson"), encoding="utf-8"))
    rows = []
    for f in gj.get("features", []):
        p = f.get("properties") or {}
        rows.append(["" if p.get(k) is None else str(p.get(k)) for k in KEYS])
    return rows
