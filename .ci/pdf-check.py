"""Checks the PDFs selfeval writes against PDF/UA-1, the accessibility
standard a council's published committee papers are held to, with the
`page` validator (PyPI: page-validation). Each failed rule is printed with
how often it failed and where.

Usage: python3 pdf-check.py FILE.pdf ...   Exit code 1 on any failure.
"""

import sys

import page

failed = False
for path in sys.argv[1:]:
    report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
    if report.is_compliant:
        print(f"pdf: {path}: PDF/UA-1, {report.rules.total} rules, none failed")
        continue
    failed = True
    rules = {}
    for failure in report.failures:
        rules.setdefault(failure.rule_id, []).append(failure.message)
    print(f"pdf: {path}: fails PDF/UA-1 on {len(rules)} of {report.rules.total} rules", file=sys.stderr)
    for rule, messages in sorted(rules.items()):
        print(f"  {rule} ({len(messages)}x): {messages[0]}", file=sys.stderr)
sys.exit(1 if failed else 0)
