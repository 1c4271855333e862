import csv
import io

import openpyxl
import pytest

from incamera.tables import safe_cell, write_csv, write_xlsx

FORMULAS = ["=HYPERLINK(1)", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_cells_a_spreadsheet_would_run_are_quoted(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "Ana", "a=b", "2025", "王磊", " =x"])
def test_other_cells_are_left_alone(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_csv_export_is_utf8_for_excel_and_neutralises_formulas_but_not_the_header() -> None:
    data = write_csv(["=name", "city"], [["=HYPERLINK(1)", "São Paulo, BR"], ["Bo", "-"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["=name", "city"], ["'=HYPERLINK(1)", "São Paulo, BR"], ["Bo", "'-"]]


def test_xlsx_export_neutralises_formulas_and_keeps_text_as_text() -> None:
    formulas = FORMULAS[:-1]  # XML reads a carriage return back as a line feed
    data = write_xlsx(["name", "year"], [[f, "2025"] for f in formulas], title="a title longer than thirty-one characters")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "a title longer than thirty-one "
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("name", "year")
    assert [row[0] for row in rows[1:]] == ["'" + f for f in formulas]
    assert all(row[1] == "2025" for row in rows[1:])
