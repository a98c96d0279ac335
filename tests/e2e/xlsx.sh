#!/usr/bin/env bash
# Excel-ready shortlists: each .xlsx opened as what it is (a zip of XML, read with python3's
# zipfile, no spreadsheet library): Chinese headers equal the CSV's, the header row is frozen
# (pane ySplit=1, state frozen), 亩 columns carry the "#,##0.00" number format and hold numbers
# (not text), widths are set; CSVs start with a UTF-8 BOM and use CRLF; --lang en gives
# English headers.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$TL_SOURCE_DIR/shapefiles/demo"
"$TENGLONG" analyze "$demo" --out "$tmp/zh" --as-of 2023-12-31 -q > /dev/null
"$TENGLONG" analyze "$demo" --out "$tmp/en" --as-of 2023-12-31 -q --lang en > /dev/null
for d in zh en; do python3 "$TL_SOURCE_DIR/tests/e2e/lib/check_accounting.py" "$tmp/$d"; done

python3 - "$tmp/zh" "$tmp/en" <<'PY'
import csv, glob, os, re, sys, zipfile
import xml.etree.ElementTree as ET
zh, en = sys.argv[1], sys.argv[2]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1

def read_xlsx(path):
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.findall("m:numFmts/m:numFmt", NS)}
    xfs = [int(x.get("numFmtId", 0)) for x in styles.findall("m:cellXfs/m:xf", NS)]
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    cols = sheet.findall("m:cols/m:col", NS)
    rows = {}
    for r in sheet.findall("m:sheetData/m:row", NS):
        for c in r.findall("m:c", NS):
            t = c.get("t")
            v = c.find("m:v", NS)
            if t == "s":
                val = shared[int(v.text)]
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
            else:
                val = float(v.text) if v is not None else None
            fmt_id = xfs[int(c.get("s", 0))] if xfs else 0
            rows.setdefault(int(r.get("r")), {})[col_index(c.get("r"))] = (val, t, fmts.get(fmt_id, fmt_id))
    return pane, cols, rows

checked = 0
for x in sorted(glob.glob(os.path.join(zh, "*.xlsx"))):
    name = os.path.basename(x)[:-5]
    pane, cols, rows = read_xlsx(x)
    assert pane is not None and pane.get("ySplit") == "1" and pane.get("state") == "frozen", (name, pane.attrib if pane is not None else None)
    assert pane.get("topLeftCell") == "A2", pane.attrib
    assert cols and all(float(c.get("width")) >= 9 for c in cols), name
    header = [rows[1][i][0] for i in sorted(rows[1])]
    with open(os.path.join(zh, name + ".csv"), "rb") as f:
        raw = f.read()
    assert raw.startswith(b"\xef\xbb\xbf"), name + ".csv has no BOM"
    assert b"\r\n" in raw, name + ".csv lines are not CRLF"
    csv_rows = list(csv.reader(raw[3:].decode("utf-8").splitlines()))
    assert header == csv_rows[0], (name, header, csv_rows[0])
    assert any(re.search(r"[\u4e00-\u9fff]", h) for h in header), (name, header)
    assert len(rows) - 1 == len(csv_rows) - 1, (name, len(rows), len(csv_rows))
    mu_cols = [i for i, h in enumerate(header) if "(亩)" in h]
    assert mu_cols or name in ("cases", "warnings", "decisions_unmatched"), (name, header)   # 闭环管理 registers hold no land
    n_mu = 0
    for r in range(2, len(rows) + 1):
        for i in mu_cols:
            if i in rows.get(r, {}):
                val, t, fmt = rows[r][i]
                assert isinstance(val, float), (name, r, i, val)
                assert fmt == "#,##0.00", (name, r, header[i], fmt)
                # the cell holds the value the CSV prints (2 decimals), so sums agree
                assert abs(float(csv_rows[r - 1][i]) - val) < 1e-9, (name, r, val, csv_rows[r - 1][i])
                n_mu += 1
    # Chinese throughout (issue 24): no English code (pass, not_applicable, registered, outside,
    # bad_date, rejected ...) in a text cell of the zh workbook or CSV; a number cell holds at
    # most 4 decimals and has a number format (千分位 for areas and amounts).
    code = re.compile(r"[a-z]+(_[a-z0-9]+)*")
    for r in range(2, len(rows) + 1):
        for i, (val, t, fmt) in rows.get(r, {}).items():
            if isinstance(val, str):
                assert not code.fullmatch(val), (name, r, header[i], val)
            elif val is not None:
                assert abs(round(val, 4) - val) < 1e-9, (name, r, header[i], val)
                assert fmt not in (0, "General"), (name, r, header[i], fmt)
    for row in csv_rows[1:]:
        for h, cell in zip(header, row):
            assert not code.fullmatch(cell), (name + ".csv", h, cell)
    # Column widths fitted to the cells: a column is at least as wide as its longest value's
    # first row (CJK characters count two).
    widths = {int(c.get("min")): float(c.get("width")) for c in cols}
    for i, cell in rows.get(2, {}).items():
        if isinstance(cell[0], str) and i + 1 in widths:
            need = sum(2 if ord(ch) > 0x2E80 else 1 for ch in cell[0])
            assert widths[i + 1] >= min(need, 58), (name, header[i], cell[0], widths[i + 1])
    en_pane, _, en_rows = read_xlsx(os.path.join(en, name + ".xlsx"))
    en_header = [en_rows[1][i][0] for i in sorted(en_rows[1])]
    assert not any(re.search(r"[\u4e00-\u9fff]", h) for h in en_header), (name, en_header)
    checked += 1
    print(f"{name}.xlsx: {len(rows) - 1} rows, header frozen, {len(mu_cols)} 亩 columns ({n_mu} cells #,##0.00)")
assert checked >= 2, checked
# Every zh CSV, with or without a workbook (parcels.csv, issues.csv, supply_mix.csv ...): no
# English code in a cell (verdicts, 面积依据, issue kinds and actions, layers, fields).
code = re.compile(r"[a-z]+(_[a-z0-9]+)*")
n_csv = 0
for path in sorted(glob.glob(os.path.join(zh, "*.csv"))):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for row in rows[1:]:
        for h, cell in zip(rows[0], row):
            assert not code.fullmatch(cell), (os.path.basename(path), h, cell)
    n_csv += 1
assert n_csv >= 7, n_csv
print(f"{n_csv} zh CSVs: no English code in any cell")
PY
echo "xlsx: ok"
