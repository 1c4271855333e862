import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incamera.kernel.errors import InvalidInputError, RowsInvalidError
from incamera.roster import actions as roster
from incamera.roster.models import Delegation, DelegationAttribute, RosterPerson
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

GOOD = (
    b"delegation,kind,region,full_name,email,title\n"
    b"Chile,state,Latin America,Camila Rojas,c.rojas@example.org,Director\n"
    b"Chile,State,Latin America,Felipe Soto,f.soto@example.org,\n"
    b"Kivu Refiners,company_sme,Africa,Grace Uwase,g.uwase@example.org,CEO\n"
)


def test_roster_import_creates_delegations_and_people(cast: Cast) -> None:
    created, people = roster.do_import_roster(GOOD, cast.meeting.secretariat, by=cast.organizer)
    assert (created, people) == (2, 3)
    assert Delegation.objects.get(name="Chile").people.count() == 2
    assert roster.do_import_roster(GOOD, cast.meeting.secretariat, by=cast.organizer) == (0, 3)  # idempotent
    assert RosterPerson.objects.count() == 3


def test_bad_roster_rows_are_all_reported_and_nothing_is_written(cast: Cast) -> None:
    bad = (
        "delegation,kind,region,full_name,email\n"
        "Chile,state,Latin America,Camila Rojas,c.rojas@example.org\n"
        "Chile,ngo,Latin America,Other,o@example.org\n"
        "Acme,empire,Europe,Eve,eve@example.org\n"
        "Acme,ngo,Europe,Eve\u200bEvil,eve2@example.org\n"
        "Beta,ngo,Europe,Bo,c.rojas@example.org\n"
        "Gamma,ngo,,Ga,ga@example.org\n"
    ).encode()
    with pytest.raises(RowsInvalidError) as info:
        roster.do_import_roster(bad, cast.meeting.secretariat, by=cast.organizer)
    problems = {e.row: e for e in info.value.rows}
    assert set(problems) == {3, 4, 5, 6, 7}
    assert "one kind and region" in problems[3].message
    assert problems[4].field == "kind"
    assert "U+200B" in problems[5].message
    assert "also appears on line 2" in problems[6].message
    assert problems[7].field == "region"
    assert not Delegation.objects.exists()


def test_missing_columns_and_empty_rosters_are_refused(cast: Cast) -> None:
    with pytest.raises(InvalidInputError, match="missing: kind, region"):
        roster.check_roster_file(b"delegation,full_name,email\nX,Y,y@example.org\n", cast.meeting.secretariat)
    with pytest.raises(InvalidInputError, match="nobody in it"):
        roster.check_roster_file(b"delegation,kind,region,full_name,email\n", cast.meeting.secretariat)


def test_ragged_rows_are_reported_with_the_others_in_line_order(cast: Cast) -> None:
    data = (
        b"delegation,kind,region,full_name,email\n"
        b"Chile,state,Latin America,Rojas, Camila,c.rojas@example.org\n"
        b"Chile,state,Latin America,Felipe Soto,not-an-address\n"
        b"Chile,state,Latin America,Ana Lopez,a.lopez@example.org,,\n"
    )
    with pytest.raises(RowsInvalidError) as info:
        roster.check_roster_file(data, cast.meeting.secretariat)
    assert [(e.row, e.field) for e in info.value.rows] == [(2, "row"), (3, "email")]
    assert info.value.rows[0].message == "has 6 cells; the header has 5"


def test_roster_files_over_the_cap_are_refused_with_the_cap_and_the_size(cast: Cast) -> None:
    data = GOOD + b"\n" * roster.ROSTER_TABLE.max_bytes
    with pytest.raises(InvalidInputError) as info:
        roster.check_roster_file(data, cast.meeting.secretariat)
    assert info.value.message == f"the file is {len(data):,} bytes; at most 5,242,880 are accepted"
    client = client_for(cast.organizer)
    upload = SimpleUploadedFile("roster.csv", data, content_type="text/csv")
    response = client.post("/roster/", {"import": "people", "people-file": upload})
    assert response.status_code == 422
    assert "larger than 5,242,880 bytes" in response.content.decode()
    assert not Delegation.objects.exists()


def test_xlsx_rosters_are_read_like_csv(cast: Cast) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        ["Delegation", "Kind", "Region", "Full_name", "Email"],
        ["Chile", "State", "Latin America", "Camila Rojas", "c.rojas@example.org"],
    ]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    assert roster.do_import_roster(out.getvalue(), cast.meeting.secretariat, by=cast.organizer) == (1, 1)


def test_dated_attributes_import(cast: Cast) -> None:
    roster.do_import_roster(GOOD, cast.meeting.secretariat, by=cast.organizer)
    data = b"delegation,attribute,year,value\nChile,credit rating,2024,AA\nChile,credit rating,2025,AA+\n"
    assert roster.do_import_attributes(data, cast.meeting.secretariat, by=cast.organizer) == 2
    assert DelegationAttribute.objects.get(year=2025).key == "credit_rating"
    with pytest.raises(RowsInvalidError) as info:
        roster.do_import_attributes(
            b"delegation,attribute,year,value\nNowhere,x,2024,1\nChile,x,20x4,1\n", cast.meeting.secretariat, by=cast.organizer
        )
    assert [e.field for e in info.value.rows] == ["delegation", "year"]


def test_roster_pages_for_the_secretariat(cast: Cast) -> None:
    client = client_for(cast.organizer)
    assert "The roster is empty" in client.get("/roster/").content.decode()
    upload = SimpleUploadedFile("roster.csv", GOOD, content_type="text/csv")
    assert client.post("/roster/", {"import": "people", "people-file": upload}).status_code == 302
    page = client.get("/roster/").content.decode()
    assert "Kivu Refiners" in page
    export = client.get("/roster/export?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for(cast.delegate).get("/roster/").status_code == 404


def test_pipeline_messages_are_shown_in_chinese(cast: Cast) -> None:
    import html

    client = client_for(cast.organizer)
    zh = {"accept-language": "zh-CN,zh;q=0.9"}
    ragged = SimpleUploadedFile(
        "roster.csv", GOOD + b"Chile,state,Latin America,Rojas, Ana,a.rojas@example.org,Director\n", content_type="text/csv"
    )
    page = html.unescape(client.post("/roster/", {"import": "people", "people-file": ragged}, headers=zh).content.decode())
    assert "该行有 7 个单元格，而标题行有 6 个" in page  # has 7 cells; the header has 6
    headless = SimpleUploadedFile("roster.csv", b"name\nAna\n", content_type="text/csv")
    page = html.unescape(client.post("/roster/", {"import": "people", "people-file": headless}, headers=zh).content.decode())
    assert (
        "标题行必须包含以下列：delegation, kind, region, full_name, email；缺少：delegation, kind, region, full_name, email（实际为：name）"
        in page
    )


def _help_texts(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'<small id="id_([\w-]+)-help">([^<]*)</small>', html))


def test_each_import_form_names_its_own_columns(scored: Cast) -> None:
    client = client_for(scored.organizer)
    roster_page = _help_texts(client.get("/roster/").content.decode())
    assert roster_page["people-file"] == "Columns: delegation, kind, region, full_name, email, title. CSV files in UTF-8."
    assert roster_page["attributes-file"] == "Columns: delegation, attribute, year, value. CSV files in UTF-8."
    matrix = _help_texts(client.get(f"/meetings/{scored.meeting.pk}/matrix/").content.decode())
    assert matrix["scores-file"] == "Columns: delegation, DPI, TRC, GPW. CSV files in UTF-8."
    invitations = _help_texts(client.get(f"/meetings/{scored.meeting.pk}/invitations/").content.decode())
    assert invitations["file"] == "Columns: email, role, full_name, delegation. CSV files in UTF-8."


@pytest.mark.parametrize("kind", ["people", "attributes"])
def test_row_errors_sit_under_the_form_that_produced_them(cast: Cast, kind: str) -> None:
    bad = b"delegation,kind,region,full_name,email\nAcme,empire,Europe,Eve,eve@example.org\n"
    if kind == "attributes":
        roster.do_import_roster(GOOD, cast.meeting.secretariat, by=cast.organizer)
        bad = b"delegation,attribute,year,value\nNowhere,rating,2024,AA\n"
    upload = SimpleUploadedFile("table.csv", bad, content_type="text/csv")
    response = client_for(cast.organizer).post("/roster/", {"import": kind, f"{kind}-file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    sections = html.split('<section class="card">')
    assert [("Problems found" in s) for s in sections[1:]] == [kind == "people", kind == "attributes"]
