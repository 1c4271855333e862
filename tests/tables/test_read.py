import io
import zipfile

import openpyxl
import pytest

from incamera.kernel.errors import InvalidInputError
from incamera.tables import XLSX_MAX_INFLATED, read_table


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_csv_lines_are_numbered_as_a_spreadsheet_shows_them() -> None:
    table = read_table(b" Email ,Name\na@example.org,Ana\n\nb@example.org,Bo\n")
    assert table.header == ["email", "name"]
    assert list(table.rows) == [(2, ["a@example.org", "Ana"]), (3, []), (4, ["b@example.org", "Bo"])]


def test_xlsx_cells_are_read_as_text_and_empty_trailing_cells_are_dropped() -> None:
    table = read_table(_xlsx([["Email", "Year", None], ["a@example.org", 2025, None, None], [None, None]]))
    assert table.header == ["email", "year"]
    assert list(table.rows) == [(2, ["a@example.org", "2025"]), (3, ["", ""])]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"email\n\xff\xfe", "the file is not UTF-8 text (byte 6 is invalid); save it as 'CSV UTF-8'"),
        (b"email\na\x00b\n", "the file contains NUL bytes; it is not a CSV file"),
        (b"PK\x03\x04 not really a zip", "the file looks like a spreadsheet but is damaged (not a valid .xlsx)"),
        (_zip({"hello.txt": b"not a workbook"}), "the file looks like a spreadsheet but could not be read (KeyError)"),
    ],
)
def test_unreadable_files_are_refused_with_what_was_found(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        read_table(data)
    assert info.value.message == message
    assert info.value.field == "file"
    assert info.value.template is not None


def test_a_quote_left_open_is_reported_with_its_line() -> None:
    import csv

    limit = csv.field_size_limit()
    table = read_table(b'email\n"a@example.org\n' + b"x" * (limit + 1) + b"\n")
    with pytest.raises(InvalidInputError, match=r"^line 3: field larger than field limit"):
        list(table.rows)


def test_zip_bombs_are_refused_before_any_xml_is_parsed() -> None:
    bomb = _zip({"xl/worksheets/sheet1.xml": b"\x00" * (XLSX_MAX_INFLATED + 1)})
    with pytest.raises(InvalidInputError) as info:
        read_table(bomb)
    assert info.value.message == f"the spreadsheet inflates to {XLSX_MAX_INFLATED + 1:,} bytes; it is refused as a possible zip bomb"


def test_a_small_file_that_inflates_two_hundredfold_is_refused_too() -> None:
    ratio = _zip({"xl/worksheets/sheet1.xml": b"\x00" * (1024 * 1024)})  # about 1 KiB inflating to 1 MiB
    with pytest.raises(InvalidInputError, match="zip bomb"):
        read_table(ratio)


def test_too_many_zip_members_are_refused() -> None:
    crowd = _zip({f"xl/part{i}.xml": b"<x/>" for i in range(201)})
    with pytest.raises(InvalidInputError, match="zip bomb"):
        read_table(crowd)
