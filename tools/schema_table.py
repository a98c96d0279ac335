#!/usr/bin/env python3
"""The column-name table of shapefiles/README.md, from the one table in src/io/schema.cpp.

    python3 tools/schema_table.py                      # print the Markdown
    python3 tools/schema_table.py --write README.md    # replace the part between the markers
    python3 tools/schema_table.py --check README.md    # exit 1 when the README is out of date
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- schema_table.py begin -->"
END = "<!-- schema_table.py end -->"


def strings(text):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', text)


def parse(src):
    layers = []
    for m in re.finditer(r'v\.push_back\(\{"(\w+)", "([^"]+)", (true|false), (true|false),\s*\{([^}]*)\}, \{(.*?)\n    \}\}\);', src, re.S):
        name, label, required, _table, stems, body = m.groups()
        fields = []
        for row in re.finditer(r'\{"(\w+)", "([^"]*)", FT::(\w+), (true|false), "([^"]*)"(?:, \{([^}]*)\})?', body):
            key, default, ftype, req, zh, aliases = row.groups()
            fields.append((key, default, ftype, req == "true", zh, strings(aliases or "")))
        layers.append((name, label, required == "true", strings(stems), fields))
    return layers


def markdown():
    layers = parse((ROOT / "src/io/schema.cpp").read_text(encoding="utf-8"))
    out = [BEGIN,
           "Generated from `src/io/schema.cpp` by `python3 tools/schema_table.py --write shapefiles/README.md`.",
           "A layer's file (or GeoPackage layer, sheet) is found by any of its names, ignoring case; a column",
           "by its default name, its Chinese name or any other name listed, ignoring case, blanks and",
           "full-width brackets (`税收（万元）` = `税收(万元)`), or with another unit of the same quantity in",
           "brackets (`税收（元）`, `用地面积（亩）`: converted as read; README \"Units\"). `tenglong init` also",
           "guesses from names that contain these or are cut short, and from the values (宗地代码,",
           "统一社会信用代码, dates).",
           ""]
    for name, label, required, stems, fields in layers:
        out.append(f"**`{name}` {label}**{' (required)' if required else ''} — file or layer names: "
                   + ", ".join(f"`{s}`" for s in stems))
        out.append("")
        out.append("| canonical key | default column | 中文名 | other column names | type |")
        out.append("|---|---|---|---|---|")
        for key, default, ftype, req, zh, aliases in fields:
            out.append(f"| `{key}`{' (required)' if req else ''} | {default} | {zh} | {', '.join(aliases)} | {ftype} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def main(argv):
    table = markdown()
    if len(argv) == 1:
        print(table)
        return 0
    mode, path = argv[1], Path(argv[2])
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{path}: no {BEGIN} ... {END} markers", file=sys.stderr)
        return 1
    new = text[:text.index(BEGIN)] + table + text[text.index(END) + len(END):]
    if mode == "--check":
        if new != text:
            print(f"{path}: the column-name table is out of date; run python3 tools/schema_table.py --write {path}", file=sys.stderr)
            return 1
        return 0
    if mode == "--write":
        path.write_text(new, encoding="utf-8")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
