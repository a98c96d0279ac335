#!/usr/bin/env bash
# 标准地 R18 (issue 19 item 1) on the demo, against an independent computation from the source
# tables (ogr2ogr / SpatiaLite for the supplies' areas, the enterprise CSV read here):
# - 临海: every row of standard_land.csv — for every supply whose 是否标准地 says 是/Y/1, one row per
#   indicator the profile checks (投资强度 = 已完成投资 ÷ 亩, 容积率 = the parcel's FAR in parcels.csv,
#   亩均税收 / 单位能耗增加值 / 单位增加值能耗 / 单位排放增加值 / R&D 占比 from the enterprise rows of the
#   parcel in the review year) and the relaxed density cap for new projects — with its measured value
#   and its verdict: pass when the contract is met, else fail once the 验收/复核 date has passed,
#   不适用 before it, 无法判定 without it; a contract 亩均税收 in 元/亩 is not judged. Passes, failures
#   and 无法判定 all occur. The 标准地 share per year (from 2022-07-16) is recounted.
# - 舟山: 0.52 吨标准煤/万元 is a route: 绿色通道 below it, 按标准审查 otherwise, never 不达标.
# - national: no share rows, no density, no route.
# - the same supplies as a GeoPackage with 亩均税收 in 元/亩 («亩均税收（元/亩）», values × 10000), mapped by
#   `tenglong init`: the same standard_land.csv (the unit machinery converts the column).
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
for p in linhai zhoushan national; do
  "$TENGLONG" analyze "$demo" --profile $p --as-of 2023-12-31 --formats csv --out "$tmp/$p" -q --progress none > /dev/null
done
ogr2ogr -f CSV "$tmp/supplies.csv" "$demo/supplies.shp" -dialect SQLite \
  -sql "SELECT *, ST_Area(geometry) AS area_m2 FROM supplies" 2> /dev/null
SHAPE_ENCODING=CP936 ogr2ogr -f CSV "$tmp/parcels_attr.csv" "$demo/parcels.shp"

python3 - "$tmp" "$demo/enterprises.csv" <<'PY'
import csv, sys, collections, datetime
tmp, ent_file = sys.argv[1], sys.argv[2]
def rows(path): return list(csv.DictReader(open(path, encoding="utf-8-sig")))
def num(s):
    try: return float(s)
    except (TypeError, ValueError): return None
def date(s):
    try: return datetime.date.fromisoformat((s or "").strip())
    except ValueError: return None
AS_OF = datetime.date(2023, 12, 31)
supplies = rows(f"{tmp}/supplies.csv")
parcels = {r["ZDDM"]: r for r in rows(f"{tmp}/parcels_attr.csv")}
far = {r["宗地代码"]: r for r in rows(f"{tmp}/linhai/parcels.csv")}
ents = rows(ent_file)
by_parcel, by_firm = collections.defaultdict(list), collections.defaultdict(list)
for i, e in enumerate(ents):
    if e["ZDDM"]: by_parcel[e["ZDDM"]].append(i)
    if e["TYSHXYDM"]: by_firm[e["TYSHXYDM"]].append(i)
got = rows(f"{tmp}/linhai/standard_land.csv")
got_by = {(r["供地编号"], r["规则"]): r for r in got}
assert len(got_by) == len(got), "one row per supply and rule"
WORD = {"pass": "达标", "fail": "不达标", "not_applicable": "不适用", "indeterminate": "无法判定"}
YES = {"是", "Y", "1"}
expected, seen = {}, collections.Counter()
for s in supplies:
    if s["BZD"].strip() not in YES: continue
    gid = s["GDBH"]
    # the supply date: ISO in the demo except the planted odd/bad forms, where the tool's own reading is taken
    on = date(s["GYRQ"]) or date(next((r["供应日期"] for r in got if r["供地编号"] == gid), ""))
    if on is None or on > AS_OF: continue
    mu = float(s["area_m2"]) * 15 / 10000
    p = parcels.get(s["ZDDM"])
    accepted, reviewed = date(s["YSRQ"]), date(s["FHRQ"])
    # enterprise rows of the parcel (by 宗地代码 or the holder's credit code) in the review year
    idx = set(by_parcel.get(s["ZDDM"], [])) | (set(by_firm.get(p["TYSHXYDM"], [])) if p and p["TYSHXYDM"] else set())
    cap_year = min(AS_OF.year, reviewed.year) if reviewed else AS_OF.year
    years = [int(ents[i]["ND"]) for i in idx if ents[i]["ND"] and int(ents[i]["ND"]) <= cap_year]
    year = max(years) if years else None
    def total(col):
        vals = [num(ents[i][col]) for i in idx if year and ents[i]["ND"] and int(ents[i]["ND"]) == year]
        vals = [v for v in vals if v is not None]
        return sum(vals) if vals else None
    tax, va, en, em, rd, rev = (total(c) for c in ("SS", "ZJZ", "NH", "PFL", "YFJF", "YYSR"))
    inv = num(s["YWCTZ"])
    m = {"investment": inv / mu if inv is not None else None,
         "far": num(far[s["ZDDM"]]["容积率"]) if s["ZDDM"] in far else None,
         "tax": tax / mu if tax is not None else None}
    cva, cen = num(s["NHZJZ"]), num(s["DWNH"])
    if cva is not None or cen is None:
        m["energy"], energy_c, energy_cap = (va / en if va is not None and en else None), cva, False
    else:
        m["energy"], energy_c, energy_cap = (en / va if en is not None and va else None), cen, True
    m["emission"] = va / em if va is not None and em else None
    m["rd"] = rd / rev * 100 if rd is not None and rev else None
    contract = {"investment": num(s["TZQD"]), "far": num(s["RJLXX"]), "tax": num(s["MJSS"]), "energy": energy_c,
                "emission": num(s["PFZJZ"]), "rd": num(s["RDZB"])}
    for ind in ("investment", "far", "tax", "energy", "emission", "rd"):
        c, x = contract[ind], m[ind]
        output = ind not in ("investment", "far")
        due = reviewed if output else accepted
        cap = ind == "energy" and energy_cap
        if c is None: out = "indeterminate" if ind != "rd" else "not_applicable"
        elif ind == "tax" and c > 1000: out = "indeterminate"          # mujun.tax_per_mu_plausible_max_10k: 元/亩, not judged
        elif x is None: out = "indeterminate"
        elif (x <= c if cap else x >= c) or (ind == "far" and abs(x - c) < 5e-4): out = "pass"
        elif ind == "far" and far[s["ZDDM"]]["容积率为下限值"] == "是": out = "indeterminate"
        elif due is None: out = "indeterminate"
        elif due > AS_OF: out = "not_applicable"
        else: out = "fail"
        expected[(gid, "R18." + ind)] = (out, x)
    if on >= datetime.date(2022, 7, 16):                                 # 临海 (四): new 标准地 projects
        cov = num(far[s["ZDDM"]]["建筑密度"]) if s["ZDDM"] in far else None
        out = "indeterminate" if cov is None else "pass" if cov <= 0.60 else "fail" if accepted and accepted <= AS_OF else \
              "not_applicable" if accepted else "indeterminate"
        expected[(gid, "R18.density")] = (out, cov)
bad = []
for key, (out, x) in expected.items():
    r = got_by.get(key)
    if r is None: bad.append(f"missing row {key}"); continue
    if r["判定"] != WORD[out]: bad.append(f"{key}: {r['判定']} expected {WORD[out]} (measured {x}, row {r['实测值']} {r['说明']})")
    if x is not None and r["实测值"] and abs(float(r["实测值"]) - x) > 1e-3 * max(1, abs(x)):
        bad.append(f"{key}: measured {r['实测值']} expected {x:.4f}")
    seen[out] += 1
extra = set(got_by) - set(expected)
assert not extra, f"rows nobody expected: {sorted(extra)[:5]}"
assert not bad, "\n".join(bad[:20]) + f"\n({len(bad)} differences)"
assert seen["pass"] >= 20 and seen["fail"] >= 20 and seen["indeterminate"] >= 20 and seen["not_applicable"] >= 5, seen
unit_row = got_by[("GY330188-2023-00004", "R18.tax")]
assert unit_row["判定"] == "无法判定" and "元/亩" in unit_row["说明"], unit_row
print(f"临海 standard_land.csv: {len(expected)} rows recomputed, {dict(seen)}")

# the 标准地 share per year, county-wide, from 2022-07-16 (临政发〔2022〕22号 附件 三(一)4, 100%)
share = collections.defaultdict(lambda: [0, 0, 0, 0.0, 0.0])   # supplies, standard, unflagged, area, standard area
for s in supplies:
    on = date(s["GYRQ"])
    p = parcels.get(s["ZDDM"])
    if "出让" not in s["GYFS"] or not on or on > AS_OF or on < datetime.date(2022, 7, 16) or not p: continue
    if not any(p["DLBM"].upper().startswith(x) for x in ("0601", "1001", "M")): continue
    a = share[on.year]
    flag = s["BZD"].strip()
    a[0] += 1; a[3] += float(s["area_m2"])
    if flag in YES: a[1] += 1; a[4] += float(s["area_m2"])
    elif flag == "": a[2] += 1
county = {int(r["年度"]): r for r in rows(f"{tmp}/linhai/standard_land_share.csv") if r["镇街"] == "全县"}
assert set(county) == set(share), (sorted(county), sorted(share))
for y, (n, std, unf, area, std_area) in share.items():
    r = county[y]
    assert (int(r["出让工业用地宗数"]), int(r["其中标准地宗数"]), int(r["未填是否标准地宗数"])) == (n, std, unf), (y, r, share[y])
    assert abs(float(r["标准地面积占比"]) - std_area / area) < 1e-4, (y, r["标准地面积占比"], std_area / area)
    want = "达标" if std == n else "不达标" if std + unf < n else "无法判定"
    assert r["判定"] == want, (y, r["判定"], want)
print("临海 standard_land_share.csv: years", sorted(share), "recounted")

# 舟山 三(五): a route, never a failure
route = [r for r in rows(f"{tmp}/zhoushan/standard_land.csv") if r["规则"] == "R18.energy_route"]
sup = {s["GDBH"]: s for s in supplies}
kinds = collections.Counter()
for r in route:
    s = sup[r["供地编号"]]
    assert r["判定"] in ("不适用", "无法判定"), r          # a route: never 达标 or 不达标
    assert date(r["供应日期"]) >= datetime.date(2023, 5, 4), r
    v = num(s["DWNH"]) if num(s["DWNH"]) is not None else (1 / num(s["NHZJZ"]) if num(s["NHZJZ"]) else None)
    want = "" if v is None else "路由: 绿色通道" if v < 0.52 else "路由: 按标准审查"
    assert r["路由"] == want, (r["供地编号"], r["路由"], v)
    kinds[want or "无法判定"] += 1
assert kinds["路由: 绿色通道"] and kinds["路由: 按标准审查"], kinds
print("舟山 energy route:", dict(kinds))

# national: the contract indicators only
nat = rows(f"{tmp}/national/standard_land.csv")
assert {r["规则"] for r in nat} == {"R18.investment", "R18.far", "R18.tax", "R18.energy", "R18.emission", "R18.rd"}, {r["规则"] for r in nat}
nat_share = rows(f"{tmp}/national/standard_land_share.csv")
assert nat_share and all(r["判定"] == "不适用" for r in nat_share), "national sets no 标准地 share: every year 不适用"
print("national: contract indicators only; the share is counted, not judged")
PY

# The same supplies with 亩均税收 in 元/亩, mapped by init: the same standard_land.csv.
u="$tmp/units"; mkdir -p "$u"
cp "$demo"/parcels.* "$demo"/buildings.* "$demo"/approvals.* "$demo"/townships.* "$demo"/control_lines.* "$demo"/enterprises.csv "$u/"
ogr2ogr -f GPKG "$u/supplies.gpkg" "$demo/supplies.shp" -nln supplies -dialect SQLite -sql \
  "SELECT geometry, GDBH, ZDDM, GYFS, GYRQ, YDDGRQ, YDJGRQ, SJDGRQ, CRJK, JHTZ, YWCTZ, RJLXX, TGRQ, ZFYY, BZD, TZQD,
          MJSS * 10000 AS \"亩均税收（元/亩）\", NHZJZ, DWNH, PFZJZ, RDZB, YSRQ, FHRQ FROM supplies"
"$TENGLONG" init "$u" -q
grep -q '^std_tax_10k_per_mu *= "亩均税收（元/亩）"' "$u/project.toml" || { grep 'std_tax' "$u/project.toml"; echo "FAIL: 亩均税收（元/亩） not mapped"; exit 1; }
"$TENGLONG" analyze "$u/project.toml" --profile national --as-of 2023-12-31 --formats csv --out "$tmp/u-out" -q --progress none > /dev/null
cmp "$tmp/u-out/standard_land.csv" "$tmp/national/standard_land.csv" || { diff "$tmp/u-out/standard_land.csv" "$tmp/national/standard_land.csv" | head; echo "FAIL: 元/亩 column not converted"; exit 1; }
echo "元/亩 column converted: the same standard_land.csv"
echo "standard_land: ok"
