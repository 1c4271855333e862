"""The one import pipeline for the tables people upload: rosters, invitations, scores.

A ``TableSpec`` declares what a file must hold: its required and optional columns, a byte cap and a
row cap.  ``read_records(data, spec)`` checks the file against it and yields each data line as
``(line_number, record)``, the record mapping every column of the spec to its stripped cell ("" when
the line has none).  Lines are numbered as a spreadsheet shows them: the header is line 1.  Blank
lines are skipped; columns the spec does not name are ignored.

Caps.  ``MAX_BYTES`` (5 MiB) and ``MAX_ROWS`` (10,000 lines that are not blank) apply to every
import unless its spec says otherwise.  A file over the byte cap is refused, never truncated: a view
reads at most ``spec.max_bytes + 1`` bytes of an upload and hands them on, so that the pipeline sees
that there was more.

What is refused, and how:

- the file as a whole, by ``InvalidInputError`` (field ``file``) raised before any line is yielded:
  too many bytes, a file that is neither UTF-8 CSV nor a sound XLSX (``tables/read.py``), a header
  that lacks a required column or names a column twice, too many rows;
- one line, by a ``RowError`` for that line: more cells than the header has columns, or a cell that
  contains an invisible character (Unicode TR #36 §2 and §3, as in ``kernel/text.py``).  The good
  lines are still yielded, so that the caller can check them too; once they all have been,
  ``RowsInvalidError`` lists the bad ones.  A caller that refuses lines of its own passes its list
  of row errors instead, and the pipeline adds to it: one report, in line order.

The errors about the file keep their template and values (``kernel/messages.py``) and are
translated where a page shows them.  A ``RowError`` holds only its text, so row messages go through
the ``gettext`` the caller passes (English unless told otherwise).

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from incamera.kernel.errors import RowError, RowsInvalidError
from incamera.kernel.messages import gettext_noop, invalid
from incamera.kernel.text import INVISIBLE_CHARACTER, invisible_character
from incamera.tables.read import Table, read_table

__all__ = ["MAX_BYTES", "MAX_ROWS", "TableSpec", "read_records"]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000

# Categories of characters nobody can see: format (bidi overrides, zero-width), control, private use
# and surrogates.  Tabs and line breaks are control characters that a cell may hold legitimately.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


@dataclass(frozen=True)
class TableSpec:
    """What an import takes.  Column names are lower case: headers are matched ignoring case."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


def _english(message: str) -> str:
    return message


def _check_size(data: bytes, spec: TableSpec) -> None:
    if len(data) <= spec.max_bytes:
        return
    limit = f"{spec.max_bytes:,}"
    if len(data) > spec.max_bytes + 1:
        raise invalid(
            gettext_noop("the file is %(size)s bytes; at most %(limit)s are accepted"), field="file", size=f"{len(data):,}", limit=limit
        )
    # One byte over is all a view hands on of a larger upload: how much larger is not known here.
    raise invalid(gettext_noop("the file is larger than %(limit)s bytes, the most that is accepted; split it"), field="file", limit=limit)


def _positions(header: list[str], spec: TableSpec) -> dict[str, int | None]:
    """Where each column of the spec is in the header (None for an optional column it lacks)."""
    missing = [c for c in spec.required if c not in header]
    if missing:
        found = [h for h in header if h]
        params = {"required": ", ".join(spec.required), "missing": ", ".join(missing)}
        if found:
            template = gettext_noop("the header must name the columns %(required)s; missing: %(missing)s (found: %(found)s)")
            raise invalid(template, field="file", found=", ".join(found), **params)
        template = gettext_noop("the header must name the columns %(required)s; missing: %(missing)s (found: nothing)")
        raise invalid(template, field="file", **params)
    repeated = [c for c in spec.columns if header.count(c) > 1]
    if repeated:
        raise invalid(gettext_noop("the header names the column(s) %(columns)s more than once"), field="file", columns=", ".join(repeated))
    return {c: header.index(c) if c in header else None for c in spec.columns}


def _lines(table: Table, spec: TableSpec) -> list[tuple[int, list[str]]]:
    """Every line that is not blank, read to the end (the row cap bounds them) before any is checked."""
    lines: list[tuple[int, list[str]]] = []
    for line, cells in table.rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(lines) == spec.max_rows:
            raise invalid(gettext_noop("the file has more than %(limit)s rows; split it"), field="file", limit=f"{spec.max_rows:,}")
        lines.append((line, cells))
    return lines


def _invisible(record: dict[str, str]) -> tuple[str, dict[str, object]] | None:
    """The first column whose cell holds an invisible character, and where it is."""
    for column, value in record.items():
        found = invisible_character(value, allowed=_ALLOWED_CONTROLS)
        if found is not None:
            return column, found
    return None


def _records(
    lines: list[tuple[int, list[str]]],
    width: int,
    positions: dict[str, int | None],
    *,
    gettext: Callable[[str], str],
    errors: list[RowError] | None,
) -> Iterator[tuple[int, dict[str, str]]]:
    refused: list[RowError] = [] if errors is None else errors
    for line, cells in lines:
        filled = len(cells)
        while filled > width and not cells[filled - 1].strip():
            filled -= 1  # empty cells past the last column shift nothing
        if filled > width:
            message = gettext(gettext_noop("has %(cells)d cells; the header has %(columns)d")) % {"cells": filled, "columns": width}
            refused.append(RowError(line, "row", message))
            continue
        raw = {column: cells[i] if i is not None and i < len(cells) else "" for column, i in positions.items()}
        hidden = _invisible(raw)
        if hidden is not None:
            column, params = hidden
            refused.append(RowError(line, column, gettext(INVISIBLE_CHARACTER) % params))
            continue
        record = {column: value.strip() for column, value in raw.items()}
        if any(record.values()):  # else only columns the import ignores were filled in
            yield line, record
    if errors is None and refused:
        raise RowsInvalidError(refused)


def read_records(
    data: bytes, spec: TableSpec, *, gettext: Callable[[str], str] = _english, errors: list[RowError] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """The data lines of a CSV or XLSX file as ``(line_number, record)``, checked against ``spec``.

    Raises InvalidInputError at once when the file as a whole is refused.  The lines refused are
    raised as one RowsInvalidError after every good line is yielded; or, when the caller refuses
    lines of its own and passes its ``errors``, they are added to that list, in line order.
    """
    _check_size(data, spec)
    table = read_table(data)
    positions = _positions(table.header, spec)
    return _records(_lines(table, spec), len(table.header), positions, gettext=gettext, errors=errors)
