#!/usr/bin/env python3
"""Every total of report.html and summary.json recomputed from the shortlist CSVs (issue 24).

    check_totals.py OUT_DIR      (a --lang zh run)

Per category, from its CSV: the entries it counts (a batch, a supply, a parcel, a leftover, a
parcel outside the control lines) once each, their 亩 and m² as the CSV prints them (2 decimals)
added up, and the same by 镇街. Asserts, to the cent:
  - summary.json categories[cat] count, area_mu, area_m2 = the CSV's;
  - report.html's totals table row of the category = the same;
  - report.html's table by 镇街: each row = the CSV's 镇街 group, the 合计 row = the county;
  - every CSV row names its 镇街 when a townships layer was read, and no 镇街 row is (未定).
Exit 0 if all hold, else 1 with the reason."""
import csv, json, os, re, sys
from collections import defaultdict

# category: (entry key column or None = each row, 亩 column, m² column, 镇街 column, row filter)
RULES = {
    "unsupplied": ("要素号", "未供面积(亩)", "未供面积(m²)", "镇街", None),
    "idle": ("要素号", "供地面积(亩)", "供地面积(m²)", "镇街", None),
    "inefficient": ("要素序号", "面积(亩)", "面积(平方米)", "乡镇(街道)", None),
    "scattered": ("零星地块编号", "面积(亩)", "面积(平方米)", "镇街", None),
    "control_line": (None, "宗地面积(亩)", "宗地面积(平方米)", "镇街", ("状态", "线外(置换候选)")),
}

def fail(msg):
    print("check_totals: " + msg, file=sys.stderr)
    sys.exit(1)

def cents(text):
    return round(float(text) * 100) if text else 0

def main(out):
    s = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    has_towns = s["layers"].get("townships", {}).get("features_used", 0) > 0
    checked = 0
    for cat, (key, mu, m2, town, only) in RULES.items():
        c = s["categories"].get(cat)
        path = os.path.join(out, cat + ".csv")
        if not c or c.get("ran") is False or not os.path.exists(path):
            continue
        rows = list(csv.DictReader(open(path, encoding="utf-8-sig")))
        seen = set()
        total = [0, 0, 0]
        by = defaultdict(lambda: [0, 0])
        for n, r in enumerate(rows):
            if has_towns and not r.get(town):
                fail(f"{cat}.csv row {n + 2} has no 镇街: {list(r.values())[:4]}")
            if only and r[only[0]] != only[1]:
                continue
            k = r[key] if key else n
            if k in seen:
                continue
            seen.add(k)
            total[0] += 1; total[1] += cents(r[mu]); total[2] += cents(r[m2])
            g = by[r.get(town, "")]
            g[0] += 1; g[1] += cents(r[mu])
        want = (c["count"], round(c["area_mu"] * 100), round(c["area_m2"] * 100))
        if tuple(total) != want:
            fail(f"{cat}: CSV gives {total[0]} / {total[1] / 100:.2f} 亩 / {total[2] / 100:.2f} m², summary.json {c['count']} / {c['area_mu']} / {c['area_m2']}")
        m = re.search(r'<tr data-category="%s">.*?<td class="n">(\d+)</td><td class="n">([\d,.]+)</td>' % cat, html)
        if not m or (int(m.group(1)), round(float(m.group(2).replace(",", "")) * 100)) != (total[0], total[1]):
            fail(f"{cat}: report.html totals row {m.groups() if m else None} != CSV {total[0]} / {total[1] / 100:.2f}")
        t = re.search(r'<table class="towns" data-category="%s">.*?<tbody>(.*?)</tbody><tfoot><tr><th>合计</th><th class="n">(\d+)</th><th class="n">([\d,.]+)</th>' % cat, html, re.S)
        if not t:
            fail(f"{cat}: no table by 镇街 in report.html")
        if (int(t.group(2)), round(float(t.group(3).replace(",", "")) * 100)) != (total[0], total[1]):
            fail(f"{cat}: 合计 by 镇街 {t.group(2)} / {t.group(3)} != CSV {total[0]} / {total[1] / 100:.2f}")
        shown = {name: (int(n), round(float(a.replace(",", "")) * 100))
                 for name, n, a in re.findall(r'<tr><td>([^<]*)</td><td class="n">(\d+)</td><td class="n">([\d,.]+)</td></tr>', t.group(1))}
        if shown != {k: tuple(v) for k, v in by.items()}:
            fail(f"{cat}: rows by 镇街 {shown} != CSV {dict(by)}")
        if has_towns and "(未定)" in shown:
            fail(f"{cat}: a (未定) row although townships were read")
        print(f"{cat}: {total[0]} entries, {total[1] / 100:.2f} 亩 = summary.json = report.html, {len(shown)} 镇街 rows")
        checked += 1
    if checked < 3:
        fail(f"only {checked} categories checked")
    return 0

if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: check_totals.py OUT_DIR")
    sys.exit(main(sys.argv[1]))
