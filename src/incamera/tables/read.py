"""Reading spreadsheets: CSV (RFC 4180, UTF-8) and XLSX (ECMA-376 Part 1, via openpyxl).

``read_table`` turns either into a header and numbered rows of text cells, as a spreadsheet shows
them (line 1 is the header).  XLSX files are opened only after their zip directory has been
checked: too many members, or members that inflate beyond a bound, are refused before any XML is
parsed (zip bombs).  Size and row caps, headers and ragged rows are the import pipeline's
business (``tables/imports.py``).

Pure: no Django.  Messages carry their template for translation (``kernel/messages.py``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from incamera.kernel.messages import gettext_noop, invalid

__all__ = ["XLSX_MAX_INFLATED", "Table", "read_table"]

XLSX_MAX_INFLATED = 50 * 1024 * 1024
_XLSX_MAX_MEMBERS = 200
_XLSX_MAX_RATIO = 200


@dataclass
class Table:
    header: list[str]  # lower-cased, stripped
    rows: Iterator[tuple[int, list[str]]]  # (line number, cells)


def _csv_table(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        template = gettext_noop("the file is not UTF-8 text (byte %(byte)d is invalid); save it as 'CSV UTF-8'")
        raise invalid(template, field="file", byte=exc.start) from exc
    if "\x00" in text:
        raise invalid(gettext_noop("the file contains NUL bytes; it is not a CSV file"), field="file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise invalid(gettext_noop("line %(line)d: %(problem)s"), field="file", line=1, problem=str(exc)) from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as exc:
            raise invalid(gettext_noop("line %(line)d: %(problem)s"), field="file", line=reader.line_num, problem=str(exc)) from exc

    return Table(header=[h.strip().lower() for h in header], rows=rows())


_XML_HEAD = 4096  # a DTD comes before the root element


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise invalid(gettext_noop("the file looks like a spreadsheet but is damaged (not a valid .xlsx)"), field="file") from exc
    members = archive.infolist()
    inflated = sum(m.file_size for m in members)
    if len(members) > _XLSX_MAX_MEMBERS or inflated > XLSX_MAX_INFLATED or inflated > _XLSX_MAX_RATIO * max(len(data), 1):
        template = gettext_noop("the spreadsheet inflates to %(size)s bytes; it is refused as a possible zip bomb")
        raise invalid(template, field="file", size=f"{inflated:,}")
    for member in members:
        # Office documents never declare a DTD; a declaration can only be an attack (entity
        # expansion, external entities).  openpyxl parses through defusedxml too.
        if member.filename.endswith((".xml", ".rels")) and re.search(
            rb"<!(DOCTYPE|ENTITY)", archive.read(member)[:_XML_HEAD], re.IGNORECASE
        ):
            template = gettext_noop("the spreadsheet part %(part)s declares a DTD or entities; it is refused")
            raise invalid(template, field="file", part=member.filename[:100])


def _xlsx_table(data: bytes) -> Table:
    _check_zip(data)
    import openpyxl  # imported here: only XLSX uploads pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        template = gettext_noop("the file looks like a spreadsheet but could not be read (%(problem)s)")
        raise invalid(template, field="file", problem=type(exc).__name__) from exc
    sheet = book.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)

    def text(value: object) -> str:
        return "" if value is None else str(value)

    header = [text(v).strip().lower() for v in next(iterator, ())]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for line, values in enumerate(iterator, start=2):
                cells = [text(v) for v in values]
                while len(cells) > len(header) and not cells[-1].strip():
                    cells.pop()
                yield line, cells
        finally:
            book.close()

    return Table(header=header, rows=rows())


def read_table(data: bytes) -> Table:
    """CSV or XLSX (recognised by its zip signature), as a header and numbered rows."""
    return _xlsx_table(data) if data[:4] == b"PK\x03\x04" else _csv_table(data)
