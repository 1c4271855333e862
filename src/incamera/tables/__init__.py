"""Spreadsheets in and out: CSV (RFC 4180, UTF-8) and XLSX (ECMA-376 Part 1).

- ``imports``: the one pipeline for uploaded tables: a ``TableSpec`` (columns, byte and row caps)
  and ``read_records``, which yields the checked lines or refuses the file or the bad lines;
- ``read``: a CSV or XLSX file as a header and numbered rows of text, zip bombs refused;
- ``write``: CSV and XLSX exports whose cells cannot run as formulas.

Pure: no Django, and from incamera only ``incamera.kernel``.
"""

from incamera.tables.imports import MAX_BYTES, MAX_ROWS, TableSpec, read_records
from incamera.tables.read import XLSX_MAX_INFLATED, Table, read_table
from incamera.tables.write import safe_cell, write_csv, write_xlsx

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "XLSX_MAX_INFLATED",
    "Table",
    "TableSpec",
    "read_records",
    "read_table",
    "safe_cell",
    "write_csv",
    "write_xlsx",
]
