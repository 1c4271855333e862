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
    created, people = roster.do_import_roster(GOOD, by=cast.organizer)
    assert (created, people) == (2, 3)
    assert Delegation.objects.get(name="Chile").people.count() == 2
    assert roster.do_import_roster(GOOD, by=cast.organizer) == (0, 3)  # idempotent
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
        roster.do_import_roster(bad, by=cast.organizer)
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
        roster.check_roster_file(b"delegation,full_name,email\nX,Y,y@example.org\n")
    with pytest.raises(InvalidInputError, match="nobody in it"):
        roster.check_roster_file(b"delegation,kind,region,full_name,email\n")


def test_dated_attributes_import(cast: Cast) -> None:
    roster.do_import_roster(GOOD, by=cast.organizer)
    data = b"delegation,attribute,year,value\nChile,credit rating,2024,AA\nChile,credit rating,2025,AA+\n"
    assert roster.do_import_attributes(data, by=cast.organizer) == 2
    assert DelegationAttribute.objects.get(year=2025).key == "credit_rating"
    with pytest.raises(RowsInvalidError) as info:
        roster.do_import_attributes(b"delegation,attribute,year,value\nNowhere,x,2024,1\nChile,x,20x4,1\n", by=cast.organizer)
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
