#!/usr/bin/python3
"""Totals and the agreement check of scripts/bench.sh.

    totals.py tenglong ANALYZE_OUT NEIGHBORS.csv OUT.json
        tenglong's totals from its own outputs (run with --lang en): summary.json (批而未供, control
        line), parcels.csv (footprint by intersection), the neighbors pairs CSV.
    totals.py compare TOLERANCE A.json B.json ...
        prints one row per total and engine, and exits 1 when an engine's total differs from the
        first engine's by more than TOLERANCE (relative; counts too). Totals an engine does not
        compute are shown as "-" and compared among the others only (stated_floor_area_m2: tenglong's
        FAR uses its own storey rules, domain.md §5.2; industrial_inside_m2: tenglong lists only the
        parcels outside or partly outside).
"""
import csv
import json
import sys


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0


def tenglong(out_dir, neighbors_csv, out):
    summary = json.load(open(f"{out_dir}/summary.json", encoding="utf-8"))
    uns = summary["categories"]["unsupplied"]
    parcels = rows(f"{out_dir}/parcels.csv")
    ctl = summary["categories"].get("control_line", {})
    pairs = [r for r in rows(neighbors_csv) if num(r["shared_length_m"]) > 0]
    totals = {
        "unsupplied_area_m2": uns.get("area_m2", 0.0),
        "unsupplied_batches": uns.get("count", 0),
        "footprint_in_parcels_m2": sum(num(r["footprint_area_m2"]) for r in parcels),
        "parcels_with_buildings": sum(1 for r in parcels if num(r["buildings"]) > 0),
        "adjacent_pairs": len(pairs),
        "shared_length_m": sum(num(r["shared_length_m"]) for r in pairs),
        "industrial_parcels": ctl.get("industrial_parcels", 0),
        "outside_parcels": ctl.get("count", 0),
        "outside_area_m2": ctl.get("area_m2", 0.0),
    }
    json.dump({"engine": "tenglong", "totals": totals}, open(out, "w"), indent=1)


def compare(tol, files):
    runs = [json.load(open(f)) for f in files]
    keys = []
    for r in runs:
        for k in r["totals"]:
            if k not in keys:
                keys.append(k)
    ok = True
    print(f"{'total':26}" + "".join(f"{r['engine']:>20}" for r in runs) + "   max rel. diff")
    for k in keys:
        vals = [r["totals"].get(k) for r in runs]
        ref = next((v for v in vals if v is not None), None)
        worst = 0.0
        cells = []
        for v in vals:
            cells.append(f"{v:>20,.2f}" if isinstance(v, float) else f"{v:>20}" if v is not None else f"{'-':>20}")
            if v is None or ref is None:
                continue
            d = abs(v - ref) / max(abs(ref), 1e-9) if ref else abs(v)
            worst = max(worst, d)
        flag = ""
        if worst > tol:
            ok = False
            flag = "  DISAGREE"
        print(f"{k:26}" + "".join(cells) + f"   {worst:.2e}{flag}")
    print(f"totals agree within {tol:g}: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "tenglong":
        tenglong(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "compare":
        sys.exit(compare(float(sys.argv[2]), sys.argv[3:]))
    else:
        sys.exit("usage: totals.py tenglong OUT NEIGHBORS.csv OUT.json | compare TOL A.json B.json ...")
