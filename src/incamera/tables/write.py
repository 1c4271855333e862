"""Writing spreadsheets: CSV (RFC 4180, UTF-8 with a byte-order mark) and XLSX (ECMA-376 Part 1).

Cells that a spreadsheet would run as a formula are neutralised with a leading quote (OWASP "CSV
Injection"): a name such as ``=HYPERLINK(...)`` typed by a participant stays text in an export.

Pure: no Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

__all__ = ["safe_cell", "write_csv", "write_xlsx"]

_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def safe_cell(value: str) -> str:
    """Prefix a quote to cells a spreadsheet would read as a formula."""
    return "'" + value if value[:1] in _FORMULA_STARTS else value


def write_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(str(c)) for c in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode()  # the BOM makes Excel read UTF-8


def write_xlsx(header: Sequence[str], rows: Sequence[Sequence[str]], *, title: str) -> bytes:
    import openpyxl  # imported here: only XLSX exports pay for it

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([safe_cell(str(c)) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
