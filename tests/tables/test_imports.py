import io
import unicodedata

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError, RowError, RowsInvalidError
from incamera.tables import MAX_BYTES, TableSpec, read_records, safe_cell, write_csv, write_xlsx

PEOPLE = TableSpec(required=("email",), optional=("name", "delegation"))


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: list[list[str]]) -> bytes:
    return "".join(",".join(row) + "\n" for row in rows).encode()


@pytest.mark.parametrize("encode", [_csv, _xlsx], ids=["csv", "xlsx"])
def test_records_name_every_column_of_the_spec_and_only_those(encode) -> None:  # type: ignore[no-untyped-def]
    data = encode(
        [
            [" Email ", "Notes", "NAME"],
            ["a@example.org", "ignored", " Ana "],
            ["", "", ""],
            ["b@example.org", "", ""],
            ["", "only a note", ""],
        ]
    )
    assert list(read_records(data, PEOPLE)) == [
        (2, {"email": "a@example.org", "name": "Ana", "delegation": ""}),
        (4, {"email": "b@example.org", "name": "", "delegation": ""}),
    ]


def test_a_byte_order_mark_and_crlf_line_ends_are_read_as_excel_writes_them() -> None:
    data = "\ufeffemail,name\r\na@example.org,Ana\r\n".encode()
    assert list(read_records(data, PEOPLE)) == [(2, {"email": "a@example.org", "name": "Ana", "delegation": ""})]


def test_a_file_over_the_byte_cap_is_refused_with_the_cap_and_its_size() -> None:
    spec = TableSpec(required=("email",), max_bytes=100)
    exactly = b"email\n" + b"a" * 93 + b"\n"
    assert len(exactly) == 100
    assert list(read_records(exactly, spec)) == [(2, {"email": "a" * 93})]
    with pytest.raises(InvalidInputError) as info:
        read_records(exactly + b"b" * 150, spec)
    assert info.value.message == "the file is 250 bytes; at most 100 are accepted"
    assert info.value.field == "file"
    assert info.value.params == {"size": "250", "limit": "100"}


def test_one_byte_over_the_cap_is_what_a_view_hands_on_of_a_larger_upload() -> None:
    spec = TableSpec(required=("email",), max_bytes=100)
    with pytest.raises(InvalidInputError, match="larger than 100 bytes"):
        read_records(b"email\n" + b"a" * 95, spec)  # 101 bytes: the view read max_bytes + 1


def test_the_default_byte_cap_is_5_mib_and_a_spec_may_raise_it() -> None:
    data = b"email\n" + (b" " * 1023 + b"\n") * (MAX_BYTES // 1024)  # blank lines past the cap
    assert len(data) > MAX_BYTES + 1
    with pytest.raises(InvalidInputError, match="at most 5,242,880 are accepted"):
        read_records(data, PEOPLE)
    assert list(read_records(data, TableSpec(required=("email",), max_bytes=2 * MAX_BYTES))) == []


def test_too_many_rows_are_refused_but_blank_lines_do_not_count() -> None:
    spec = TableSpec(required=("email",), max_rows=3)
    three = b"email\n" + b"a@example.org\n\n,\nb@example.org\n  \nc@example.org\n"
    assert [line for line, _record in read_records(three, spec)] == [2, 5, 7]
    with pytest.raises(InvalidInputError) as info:
        read_records(three + b"d@example.org\n", spec)
    assert info.value.message == "the file has more than 3 rows; split it"
    assert info.value.template == "the file has more than %(limit)s rows; split it"


def test_rows_count_in_xlsx_too() -> None:
    data = _xlsx([["email"], *([f"p{i}@example.org"] for i in range(5))])
    with pytest.raises(InvalidInputError, match="more than 4 rows"):
        read_records(data, TableSpec(required=("email",), max_rows=4))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,notes\nAna,x\n", "the header must name the columns email; missing: email (found: name, notes)"),
        (b"", "the header must name the columns email; missing: email (found: nothing)"),
        (b",,\nx,y,z\n", "the header must name the columns email; missing: email (found: nothing)"),
        (b"email,Name,name\na@example.org,A,B\n", "the header names the column(s) name more than once"),
    ],
)
def test_headers_lacking_or_repeating_a_column_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        read_records(data, PEOPLE)
    assert info.value.message == message
    assert info.value.field == "file"


def test_a_column_the_spec_ignores_may_repeat() -> None:
    assert list(read_records(b"email,note,note\na@example.org,x,y\n", PEOPLE)) == [
        (2, {"email": "a@example.org", "name": "", "delegation": ""})
    ]


def test_ragged_rows_are_reported_by_line_after_the_good_ones_are_yielded() -> None:
    data = b"email,name\na@example.org,Lopez, Ana\nb@example.org,Bo\nc@example.org,Ca,,,\n"
    records = read_records(data, PEOPLE)
    assert next(records) == (3, {"email": "b@example.org", "name": "Bo", "delegation": ""})
    assert next(records) == (4, {"email": "c@example.org", "name": "Ca", "delegation": ""})  # empty cells past the end shift nothing
    with pytest.raises(RowsInvalidError) as info:
        next(records)
    [error] = info.value.rows
    assert (error.row, error.field, error.message) == (2, "row", "has 3 cells; the header has 2")


def test_a_caller_that_refuses_lines_too_gets_one_report_in_line_order() -> None:
    data = b"email,name\nbad,Ana\na@example.org,A,B\nalso-bad,Bo\nb@example.org,Bo\n"
    errors: list[RowError] = []
    for line, record in read_records(data, PEOPLE, errors=errors):
        if "@" not in record["email"]:
            errors.append(RowError(line, "email", "not an address"))
    assert [(e.row, e.field) for e in errors] == [(2, "email"), (3, "row"), (4, "email")]


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff", "\x07", "\ue000"])
def test_invisible_characters_in_the_spec_columns_are_refused_with_their_codepoint(char: str) -> None:
    data = f"email,name,notes\na@example.org,Ana{char},\nb@example.org,Bo,hidden{char}note\n".encode()
    records = read_records(data, PEOPLE)
    assert next(records)[0] == 3  # the notes column is not imported, so its characters do not matter
    with pytest.raises(RowsInvalidError) as info:
        next(records)
    [error] = info.value.rows
    codepoint = f"U+{ord(char):04X}"
    assert (error.row, error.field) == (2, "name")
    assert error.message.startswith(f"contains the invisible character {codepoint} ({unicodedata.name(char, 'unnamed')}) at position 4")


def test_line_breaks_and_tabs_inside_a_cell_are_not_invisible_characters() -> None:
    data = b'email,name\na@example.org,"Ana\n\tLopez"\n'
    assert list(read_records(data, PEOPLE)) == [(3, {"email": "a@example.org", "name": "Ana\n\tLopez", "delegation": ""})]


def test_row_messages_go_through_the_callers_gettext() -> None:
    catalog = {"has %(cells)d cells; the header has %(columns)d": "该行有 %(cells)d 个单元格，而标题行有 %(columns)d 个"}
    records = read_records(b"email\na@example.org,x\n", PEOPLE, gettext=lambda message: catalog.get(message, message))
    with pytest.raises(RowsInvalidError) as info:
        list(records)
    assert info.value.rows[0].message == "该行有 2 个单元格，而标题行有 1 个"


def test_file_errors_keep_their_template_for_translation() -> None:
    with pytest.raises(InvalidInputError) as info:
        read_records(b"name\n", PEOPLE)
    error = info.value
    assert error.template is not None
    assert error.template % error.params == error.message


_cells = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cf", "Co", "Cs"), include_characters=",\"'\n=+-@ "),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_cells, min_size=3, max_size=3), max_size=6), as_xlsx=st.booleans())
def test_what_an_export_writes_an_import_reads_back(rows: list[list[str]], as_xlsx: bool) -> None:
    header = ["email", "name", "delegation"]
    data = write_xlsx(header, rows, title="t") if as_xlsx else write_csv(header, rows)
    expected = [dict(zip(header, (safe_cell(c).strip() for c in row), strict=True)) for row in rows]
    assert [record for _line, record in read_records(data, PEOPLE)] == [e for e in expected if any(e.values())]
