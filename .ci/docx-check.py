"""Opens the Word documents selfeval writes with python-docx, as a council's
editor would: the headings in Word's built-in Heading styles at their levels,
every table with a header row marked to repeat, every chart a Word chart
with alternative text, and the file's properties.

With --evidence DIR before files, each must also hold every finding
(its summary and impact, paragraph by paragraph), every action and every
indicator the council gave a value, as python-docx reads its text.

Usage: python3 docx-check.py [--evidence DIR] FILE.docx ...   Exit code 1 on any failure.
"""

import glob
import os
import sys
import tomllib

import docx
from docx.oxml.ns import qn

def one_line(text):
    return " ".join(text.split())


def evidence(folder):
    """What the document must hold of a council's folder: (what, text) pairs."""
    wanted = []
    for path in sorted(glob.glob(os.path.join(folder, "findings", "*.toml"))):
        with open(path, "rb") as f:
            for finding in tomllib.load(f).get("finding", []):
                for field in ("summary", "impact"):
                    for paragraph in finding.get(field, "").split("\n\n"):
                        if paragraph.strip():
                            wanted.append((f"finding {finding['descriptor']}", one_line(paragraph)))
    def read(name):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            return {}
        with open(path, "rb") as f:
            return tomllib.load(f)

    for action in read("actions.toml").get("action", []):
        wanted.append((f"action {action['id']}", one_line(action["action"])))
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(root, "frameworks", "indicators.toml"), "rb") as f:
        titles = {i["id"]: i["title"] for i in tomllib.load(f)["indicator"]}
    for indicator in read("indicators.toml").get("indicator", []):
        if "value" in indicator:
            wanted.append((f"indicator {indicator['id']}", titles[indicator["id"]]))
    return wanted


def text_of(document):
    """Every paragraph's text, the tables' cells included, on one line."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return one_line(" ".join(parts))


failed = False
args = sys.argv[1:]
expected = None
while args:
    if args[0] == "--evidence":
        expected = evidence(args[1])
        args = args[2:]
        continue
    path, args = args[0], args[1:]
    problems = []
    document = docx.Document(path)
    if expected is not None:
        text = text_of(document)
        missing = [what for what, words in expected if words not in text]
        for what in missing[:10]:
            problems.append(f"{what} is missing")
        if len(missing) > 10:
            problems.append(f"and {len(missing) - 10} more are missing")
        if not missing:
            print(f"docx: {path}: holds all {len(expected)} findings' paragraphs, actions and indicators")
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
