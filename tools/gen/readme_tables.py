#!/usr/bin/env python3
"""Print the defect and scenario tables of shapefiles/README.md from the manifests.

Usage: tools/gen/readme_tables.py shapefiles/demo-defects.json shapefiles/demo-scenarios.json
The README's tables are pasted from this output, so that they always match the JSON files.
"""
import collections
import json
import sys

defects = json.load(open(sys.argv[1], encoding="utf-8"))
scenarios = json.load(open(sys.argv[2], encoding="utf-8"))

print("| # | layer | fid | id | kind | detail |")
print("|---|---|---|---|---|---|")
for i, d in enumerate(defects, 1):
    detail = d["detail"].replace("|", "\\|")
    print(f"| {i} | {d['layer']} | {d['fid']} | {d['id'] or '—'} | `{d['kind']}` | {detail} |")
print()
counts = collections.Counter((s["layer"], s["kind"]) for s in scenarios)
print("| layer | scenario | count |")
print("|---|---|---|")
for (layer, kind), n in sorted(counts.items()):
    print(f"| {layer} | `{kind}` | {n} |")
