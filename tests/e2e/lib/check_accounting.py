#!/usr/bin/env python3
"""Accounting check for one `tenglong analyze` output folder (used by every e2e test that runs
analyze).

    check_accounting.py OUT_DIR [--kind KIND ...] [--no-kind KIND ...] [--min-issues N]

Asserts, for every layer in summary.json:
  - features_read == features_used + features_rejected
  - the features with action `rejected` in issues.csv are exactly features_rejected many, and
    those with `repaired` exactly features_repaired many (one line per feature at least), each
    such line naming its feature's FID
  - summary.json's issues.total equals the number of issues.csv rows, and issues.geojson has
    one feature per row
  - every number in summary.json's layer counts is a finite non-negative integer
With --kind, each KIND must occur in issues.csv's kind column; with --no-kind it must not. Exit 0 if all hold, else 1 with
the reason on stderr."""
import csv, json, math, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from issue_codes import issue_rows

def fail(msg):
    print("check_accounting: " + msg, file=sys.stderr)
    sys.exit(1)

def main(argv):
    if len(argv) < 2:
        fail("usage: check_accounting.py OUT_DIR [--kind KIND ...] [--min-issues N]")
    out = argv[1]
    kinds, absent, min_issues, i = [], [], 0, 2
    while i < len(argv):
        if argv[i] == "--kind": kinds.append(argv[i + 1]); i += 2
        elif argv[i] == "--no-kind": absent.append(argv[i + 1]); i += 2
        elif argv[i] == "--min-issues": min_issues = int(argv[i + 1]); i += 2
        else: fail("unknown argument " + argv[i])
    for f in ("summary.json", "issues.csv", "issues.geojson", "run.json"):
        if not os.path.isfile(os.path.join(out, f)):
            fail(f"{out}: missing {f}")
    s = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    with open(os.path.join(out, "issues.csv"), encoding="utf-8-sig", newline="") as fh:
        rdr = csv.reader(fh)
        hdr = next(rdr, None)
        rows = list(rdr)
    if not hdr: fail("issues.csv has no header")
    # The CSV shows words under --lang zh (问题类型 日期无法识别, 处理 已剔除); the codes come from
    # issues.geojson, the same rows in the same order (issue_codes.py).
    col = {h: n for n, h in enumerate(hdr)}
    if col.get("处理", col.get("action")) is None: fail(f"issues.csv has no action column: {hdr}")
    coded = issue_rows(out)
    if len(coded) != len(rows): fail(f"issues.geojson has {len(coded)} features, issues.csv {len(rows)} rows")
    for r, c in zip(rows, coded):
        if r[1] != c[1] or r[2] != c[2]: fail(f"issues.csv row {r[:3]} is not issues.geojson's {c[:3]}")
    rows = coded
    L, FID, KIND, act = 0, 1, 3, 6
    for name, c in s.get("layers", {}).items():
        for k in ("features_read", "features_used", "features_rejected", "features_repaired"):
            v = c.get(k)
            if not isinstance(v, int) or v < 0:
                fail(f"layer {name}: {k} = {v!r} is not a non-negative integer")
        if c["features_read"] != c["features_used"] + c["features_rejected"]:
            fail(f"layer {name}: read {c['features_read']} != used {c['features_used']} + rejected {c['features_rejected']}")
        for r in rows:
            # A rejected or repaired line is about one feature: it names its FID.
            if r[L] == name and r[act] in ("rejected", "repaired") and not (r[FID].isdigit()):
                fail(f"layer {name}: a {r[act]} line without a feature FID: {r}")
        rejected = {r[FID] for r in rows if r[L] == name and r[act] == "rejected"}
        repaired = {r[FID] for r in rows if r[L] == name and r[act] == "repaired"}
        if len(rejected) != c["features_rejected"]:
            fail(f"layer {name}: {c['features_rejected']} rejected in summary.json, {len(rejected)} rejected features in issues.csv")
        if len(repaired) != c["features_repaired"]:
            fail(f"layer {name}: {c['features_repaired']} repaired in summary.json, {len(repaired)} repaired features in issues.csv")
    total = s.get("issues", {}).get("total")
    if total != len(rows):
        fail(f"summary.json issues.total {total} != {len(rows)} rows in issues.csv")
    gj = json.load(open(os.path.join(out, "issues.geojson"), encoding="utf-8"))
    if len(gj.get("features", [])) != len(rows):
        fail(f"issues.geojson has {len(gj.get('features', []))} features, issues.csv {len(rows)} rows")
    for f in gj["features"]:
        g = f.get("geometry")
        if g and not all(math.isfinite(x) for x in g["coordinates"]):
            fail(f"issues.geojson: non-finite coordinates {g['coordinates']}")
    if len(rows) < min_issues:
        fail(f"{len(rows)} issues, expected at least {min_issues}")
    present = {r[KIND] for r in rows}
    for k in kinds:
        if k not in present:
            fail(f"issue kind {k} not in issues.csv (kinds present: {sorted(present)})")
    for k in absent:
        if k in present:
            fail(f"issue kind {k} in issues.csv, but it should not be: " + str([r for r in rows if r[KIND] == k][:3]))
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
