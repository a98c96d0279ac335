#!/usr/bin/env bash
# check-merge under 临海: (七) the buyer's 亩均 class (7.buyer: «不得向…上一年度畝均評價C、D類企業轉讓»)
# and (十一) the 零增地技改 reward estimate (R14.reward: over 20 % (不含) → 60/50 元/m² for A/B on the
# part above the line; else 4/5/≥6-storey new production floor area at 30/40/50 元/m²; cap 100万元).
# Hosts are picked by their class in analyze's parcels.csv (the same 亩均 evaluation), and every
# amount is recomputed here from the JSON's measured floor areas.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
AS_OF=2023-12-31
"$TENGLONG" analyze "$demo" --profile linhai --as-of $AS_OF --formats csv --out "$tmp/out" -q --progress none > /dev/null
read -r HOST_A HOST_D OTHER < <(python3 - "$tmp/out/parcels.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["工业用地"] == "是"]
def ok(r): return r["容积率"] and 0.3 < float(r["容积率"]) < 3 and r["容积率为下限值"] != "是"
a = next(r for r in rows if r["亩均评价类别"] in ("A", "B") and ok(r))
d = next(r for r in rows if r["亩均评价类别"] == "D" and ok(r))
o = next(r for r in rows if r["宗地代码"] not in (a["宗地代码"], d["宗地代码"]) and r["权利人"])
print(a["宗地代码"], d["宗地代码"], o["宗地代码"])
PY
)
cm() { "$TENGLONG" check-merge "$demo" --profile linhai --as-of $AS_OF --json -q "$@" || true; }
cm --host "$HOST_A" --planned-floor-area 20000 > "$tmp/a_big.json"
cm --host "$HOST_A" --planned-floor-area 300 --storeys 5 > "$tmp/a_storeys.json"
cm --host "$HOST_A" --planned-floor-area 300 > "$tmp/a_nostoreys.json"
cm --host "$HOST_D" --with "$OTHER" > "$tmp/d_buys.json"
cm --host "$HOST_A" --with "$OTHER" > "$tmp/a_buys.json"
"$TENGLONG" check-merge "$demo" --profile national --as-of $AS_OF --json -q --host "$HOST_A" --planned-floor-area 20000 --with "$OTHER" \
  > "$tmp/national.json" || true
python3 - "$tmp" "$tmp/out/parcels.csv" "$HOST_A" <<'PY'
import csv, json, sys
tmp, parcels, host_a = sys.argv[1], sys.argv[2], sys.argv[3]
cls = {r["宗地代码"]: r["亩均评价类别"] for r in csv.DictReader(open(parcels, encoding="utf-8-sig"))}
def load(n): return json.load(open(f"{tmp}/{n}.json"))
# Over the line: the larger excess × the class rate, capped at 100万元.
j = load("a_big")
rw = j["reward"]
h = j["host"]
area_after = h["area_m2"] + j["leftover_area_m2"]
floor_after = h["floor_area_m2"] + j["planned_floor_area_m2"]
uplift_excess = floor_after - 1.2 * h["far_before"] * area_after
share_excess = j["planned_floor_area_m2"] - 0.2 * floor_after
excess = max(uplift_excess if j["far_after"] / h["far_before"] - 1 > 0.2 else 0, share_excess if j["planned_floor_area_m2"] / floor_after > 0.2 else 0)
rate = {"A": 60, "B": 50}[cls[host_a]]
assert rw["route"] == "uplift" and abs(rw["floor_area_m2"] - excess) < 0.01 and rw["rate_yuan_per_m2"] == rate, (rw, excess, rate)
assert abs(rw["amount_10k"] - min(excess * rate / 1e4, 100)) < 1e-6 and rw["capped"] == (excess * rate / 1e4 > 100), rw
assert rw["clause"] == "临政发〔2022〕22号 (十一)" and rw["outcome"] == "pass", rw
# Under the line: the 5-storey rate on the new floor area; without --storeys it cannot be estimated.
rw = load("a_storeys")["reward"]
assert rw["route"] == "storeys" and rw["rate_yuan_per_m2"] == 40 and abs(rw["amount_10k"] - 300 * 40 / 1e4) < 1e-9, rw
rw = load("a_nostoreys")["reward"]
assert rw["outcome"] == "indeterminate" and rw["missing"] == "storeys", rw
# (七) the buyer: a D firm may not take another firm's parcel; an A/B firm may.
def cond(j, i): return next(c for c in j["conditions"] if c["id"] == i)
d = load("d_buys")
assert cond(d, "7.buyer")["outcome"] == "fail" and d["result"] == "fail", d["conditions"]
assert cond(load("a_buys"), "7.buyer")["outcome"] == "pass"
# national has neither clause.
n = load("national")
assert "reward" not in n and not any(c["id"] == "7.buyer" for c in n["conditions"]), n
print("check-merge reward and buyer as recomputed; host", host_a, cls[host_a])
PY
