#!/usr/bin/env python3
"""Write a workbook as bureaus hand it over, without openpyxl (not on Debian 12 by default).

usage: write_xlsx.py OUT.xlsx SPEC.json

SPEC.json: {"sheets": [{"name": "亩均评价", "rows": [[cell, ...], ...], "merge": ["A1:O1"]}, ...]}
A cell is null (empty), a number (a numeric cell) or a string (a shared-string text cell, so
"5,618.20" stays text as Excel keeps a number typed with its separators). A row [] is a blank row.
Only what GDAL's XLSX driver reads: workbook, sheets, shared strings, merged cells.
"""
import json
import sys
import zipfile
from xml.sax.saxutils import escape


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    out, spec_path = sys.argv[1], sys.argv[2]
    spec = json.load(open(spec_path, encoding="utf-8"))
    strings, index = [], {}

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    sheets_xml = []
    for sheet in spec["sheets"]:
        rows = []
        for r, row in enumerate(sheet["rows"], start=1):
            cells = []
            for c, v in enumerate(row):
                ref = f"{col_name(c)}{r}"
                if v is None:
                    continue
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="s"><v>{sst(str(v))}</v></c>')
            if cells:
                rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        merge = ""
        if sheet.get("merge"):
            merge = f'<mergeCells count="{len(sheet["merge"])}">' + "".join(
                f'<mergeCell ref="{m}"/>' for m in sheet["merge"]) + "</mergeCells>"
        sheets_xml.append(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(rows)}</sheetData>{merge}</worksheet>')

    n = len(spec["sheets"])
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    odr = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(n)) + "</Types>")
    rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{odr}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {ns} {rns}><sheets>'
          + "".join(f'<sheet name="{escape(s["name"])}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                    for i, s in enumerate(spec["sheets"])) + "</sheets></workbook>")
    wb_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{pkg}">'
               + "".join(f'<Relationship Id="rId{i + 1}" Type="{odr}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                         for i in range(n))
               + f'<Relationship Id="rId{n + 1}" Type="{odr}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    sst_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {ns} count="{len(strings)}" '
               f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr("xl/sharedStrings.xml", sst_xml)
        for i, x in enumerate(sheets_xml):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", x)


if __name__ == "__main__":
    main()
