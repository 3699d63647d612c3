"""Opens the Word documents selfeval writes with python-docx, as a council's
editor would: the headings in Word's built-in Heading styles at their levels,
every table with a header row marked to repeat, every chart a Word chart
with alternative text, and the file's properties.

Usage: python3 docx-check.py FILE.docx ...   Exit code 1 on any failure.
"""

import sys

import docx
from docx.oxml.ns import qn

failed = False
for path in sys.argv[1:]:
    problems = []
    document = docx.Document(path)
    levels = [
        int(p.style.name.split()[-1])
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    if not levels or levels[0] != 1:
        problems.append("the document does not open with a Heading 1")
    # A heading never skips a level on the way down (1, then 3).
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"a Heading {after} follows a Heading {before}")
            break
    if not any(p.style.name in ("List Bullet", "List Number") for p in document.paragraphs):
        problems.append("no list is a Word list")
    for n, table in enumerate(document.tables, 1):
        first = table.rows[0]._tr
        if first.trPr is None or first.trPr.find(qn("w:tblHeader")) is None:
            problems.append(f"table {n}: its header row does not repeat across pages")
    charts = [shape for shape in document.inline_shapes if shape._inline.graphic.graphicData.uri.endswith("/chart")]
    for n, shape in enumerate(document.inline_shapes, 1):
        if not (shape._inline.docPr.get("descr") or "").strip():
            problems.append(f"drawing {n} has no alternative text")
    props = document.core_properties
    if not props.title or not props.author or props.language != "en-GB":
        problems.append(f"properties: title {props.title!r}, author {props.author!r}, language {props.language!r}")
    if problems:
        failed = True
        for p in problems:
            print(f"docx: {path}: {p}", file=sys.stderr)
    else:
        print(
            f"docx: {path}: {len(levels)} headings in Word's styles, {len(document.tables)} tables with repeating "
            f"header rows, {len(charts)} charts with alternative text, titled {props.title!r} by {props.author!r}"
        )
sys.exit(1 if failed else 0)
