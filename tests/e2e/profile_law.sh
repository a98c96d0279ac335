#!/usr/bin/env bash
# Issue 16, "each rule applies where its clause says": a county's FAR floor for new projects
# (象政发〔2022〕10号 四(二) «新建工业用地项目容积率在2.0以上», 舟山 二(一)1 «一般不低于1.5») judges
# only parcels supplied on or after the profile's far.local_floor_supplied_from; stock land (supplied
# before, or never) keeps the contract and 2008 floors. Checked per parcel in parcels.csv (最近供地日期,
# 适用容积率下限, 容积率下限依据) on the demo under xiangshan and zhoushan, and under national no parcel
# has a county floor at all.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
for p in national xiangshan zhoushan; do
  "$TENGLONG" analyze "$demo" --profile $p --as-of 2023-12-31 --formats csv --out "$tmp/$p" -q --progress none > /dev/null
done
python3 - "$tmp" <<'PY'
import csv, sys
def rows(p): return list(csv.DictReader(open(f"{sys.argv[1]}/{p}/parcels.csv", encoding="utf-8-sig")))
cases = {"xiangshan": ("2022-04-01", 2.0, "象政发〔2022〕10号 四(二)"), "zhoushan": ("2023-05-04", 1.5, "舟山“155”方案(征求意见稿) 二(一)1")}
for prof, (start, floor, cite) in cases.items():
    new_judged = stock = new = 0
    for r in rows(prof):
        if r["工业用地"] != "是": continue
        d = r["最近供地日期"]
        by_local = r["容积率下限依据"] == cite
        if d and d >= start:
            new += 1
            # A new project is judged against the largest applicable floor, at least the county's.
            assert r["适用容积率下限"] and float(r["适用容积率下限"]) >= floor - 1e-9, (prof, r["宗地代码"], r["适用容积率下限"])
            new_judged += by_local
        else:
            stock += 1
            assert not by_local, f"{prof}: stock parcel {r['宗地代码']} (supplied {d or 'never'}) judged by the new-project floor"
            if r["适用容积率下限"]:
                assert float(r["适用容积率下限"]) != floor or r["容积率下限依据"] != cite
    assert new > 0 and stock > 0, f"{prof}: the demo must have both new ({new}) and stock ({stock}) industrial parcels"
    assert new_judged > 0, f"{prof}: no new project judged by the county floor"
    print(f"{prof}: {new} new-project parcels ({new_judged} by the county floor {floor}), {stock} stock parcels never by it")
for r in rows("national"):
    assert "象政发" not in r["容积率下限依据"] and "舟山" not in r["容积率下限依据"], r["宗地代码"]
PY
# A user profile with a local floor but no date is refused (which parcels it judges would be a guess).
cat > "$tmp/p.toml" <<'T'
[profile]
id = "t"
extends = "national"
name = "t"
jurisdiction = "测试县"
effective_from = 2022-01-01
[far]
local_floor = { value = 2.0, fail_if = "lt", cite = "测试 一" }
T
if "$TENGLONG" profile check "$tmp/p.toml" > "$tmp/check.out" 2>&1; then echo "FAIL: a local floor without its date was accepted"; exit 1; fi
grep -q "local_floor_supplied_from" "$tmp/check.out" || { cat "$tmp/check.out"; echo "FAIL: the message does not name the key"; exit 1; }

# 临平 四(二): a change of land nature is balanced 改一补一 (1:1), a change of use at 1:1.2; the
# ledger's 变更类型 column tells them apart. Under national both are 1:1.
bash "$TL_SOURCE_DIR/tests/e2e/lib/keys_delivery.sh" "$tmp/keys"
for p in linping national; do
  "$TENGLONG" analyze "$tmp/keys" --profile $p --as-of 2023-12-31 --formats csv --out "$tmp/keys-$p" -q --progress none > /dev/null
done
python3 - "$tmp" <<'PY'
import csv, sys
for prof, want in (("linping", {"改变用地性质": "1.00", "改变用途": "1.20"}), ("national", {"改变用地性质": "1.00", "改变用途": "1.00"})):
    rows = [r for r in csv.DictReader(open(f"{sys.argv[1]}/keys-{prof}/control_line_ledger.csv", encoding="utf-8-sig")) if r["编号"] != "合计"]
    assert len(rows) == 6, rows
    for r in rows:
        assert r["占补比例"] == want[r["变更类型"]], (prof, r["编号"], r["变更类型"], r["占补比例"])
        assert abs(float(r["应补面积(平方米)"]) - float(r["占补比例"]) * float(r["线内转用面积(平方米)"])) < 0.01, r
print("control-line ledger: 临平 改变用地性质 1:1, 改变用途 1:1.2; national 1:1")
PY

# Every clause a user reads, under each of the six profiles: in every CSV, summary.json and
# report.html, another county's document appears only as borrowed («参照 …», English «after …»),
# and no internal tag ([S], [I], [C], domain.md) reaches the files.
for p in national xiangshan linhai linping yinzhou zhoushan; do
  [ -d "$tmp/$p" ] || "$TENGLONG" analyze "$demo" --profile $p --as-of 2023-12-31 --formats csv --out "$tmp/$p" -q --progress none > /dev/null
done
python3 - "$tmp" <<'PY'
import glob, os, re, sys
own = {"xiangshan": ["象政发", "象山"], "linhai": ["临政发", "临海"], "linping": ["临平政办", "临平"], "yinzhou": ["鄞州"],
       "zhoushan": ["舟山"], "national": []}
markers = ["象政发", "临政发", "临平政办", "鄞州“", "舟山“", "天台", "黄岩"]
bad = []
for p, mine in own.items():
    files = [f for f in glob.glob(f"{sys.argv[1]}/{p}/*") if f.endswith((".csv", ".html")) or f.endswith("summary.json")]
    assert len(files) >= 8, files
    for f in files:
        t = open(f, encoding="utf-8", errors="replace").read()
        for tag in ("[S]", "[I]", "[C]", "domain.md"):
            if tag in t: bad.append(f"{p}/{os.path.basename(f)}: internal tag {tag}")
        for m in markers:
            if any(m.startswith(o) for o in mine): continue
            for mm in re.finditer(re.escape(m), t):
                before = t[max(0, mm.start() - 200):mm.start()]
                clause = re.split(r"[;；\n<>\"]", before)[-1]
                if "参照" not in clause and "after " not in clause:
                    bad.append(f"{p}/{os.path.basename(f)}: {t[max(0, mm.start() - 30):mm.start() + 20]!r}")
assert not bad, "another county's document cited as the law:\n" + "\n".join(sorted(set(bad))[:20])
print("citations: every clause under the six profiles is the county's own, provincial, national or marked 参照")
PY
echo "profile_law: ok"
