"""Issue 9, finding 7: bad input gets a precise answer, never a 500, and nothing is written.

Each case is an attack the outside review made; the tests were written to fail first.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from incamera.agreements.models import NdaSignature
from incamera.invitations.models import Invitation
from incamera.materials import actions as materials
from incamera.vetting.models import MatrixSettings
from tests.conftest import Cast, client_for, make_user

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = client_for(user)
    client.raise_request_exception = False  # a 500 must show as a status, not as an exception
    return client


def test_an_nda_confirmation_that_is_not_a_number(cast: Cast) -> None:
    newcomer = make_user("new@example.org")
    from incamera.meetings.actions import do_add_member

    do_add_member(cast.meeting, newcomer, role="observer", by=cast.organizer)
    response = _client(newcomer).post(f"/meetings/{cast.meeting.pk}/nda/", {"language": "en", "full_name": "N", "confirmation": "abc"})
    assert response.status_code == 422
    assert "confirm with your passkey first" in response.content.decode()
    assert not NdaSignature.objects.filter(user=newcomer).exists()


def test_an_access_log_filter_that_is_not_a_number(cast: Cast) -> None:
    response = _client(cast.organizer).get(f"/meetings/{cast.meeting.pk}/materials/access/?document=abc")
    assert response.status_code == 200
    assert materials.access_records(cast.meeting, document="abc") == []


@pytest.mark.parametrize("weight", ["1e308", "inf", "nan", "-1"])
def test_a_matrix_weight_out_of_range(scored: Cast, weight: str) -> None:
    """Two weights of 1e308 overflowed their sum (a 500): refused like the other bad weights."""
    before = list(MatrixSettings.objects.values_list("criteria", flat=True))
    form = {"weight_DPI": weight, "weight_TRC": weight, "weight_GPW": "0.4", "member": "60", "observer": "40"}
    preview = _client(scored.organizer).post(f"/meetings/{scored.meeting.pk}/matrix/preview", form)
    assert preview.status_code == 200  # htmx swaps only 2xx answers: the error shows in the table's place
    assert 'role="alert"' in preview.content.decode()
    saved = _client(scored.organizer).post(f"/meetings/{scored.meeting.pk}/matrix/", form)
    assert saved.status_code == 422
    assert list(MatrixSettings.objects.values_list("criteria", flat=True)) == before


def test_observer_rules_nested_thousands_deep(scored: Cast) -> None:
    deep = "[" * 5000 + "]" * 5000
    response = _client(scored.organizer).post(f"/meetings/{scored.meeting.pk}/observers/", {"rules": deep})
    assert response.status_code == 422
    assert not MatrixSettings.objects.filter(meeting=scored.meeting).exclude(observer_rules=[]).exists()


def _xlsx_with(sheet_xml: bytes) -> bytes:
    """A real workbook (written by our own exporter) whose first sheet is replaced by ``sheet_xml``."""
    from incamera.tables import write_xlsx

    original = zipfile.ZipFile(io.BytesIO(write_xlsx(["email"], [["a@example.org"]], title="people")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in original.infolist():
            archive.writestr(item, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else original.read(item))
    return out.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10) for i in range(1, 10))
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    b'<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    b'<c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>'
)


@pytest.mark.parametrize("sheet", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_an_invitation_xlsx_with_a_dtd_is_refused(cast: Cast, sheet: bytes) -> None:
    upload = SimpleUploadedFile("people.xlsx", _xlsx_with(sheet))
    response = _client(cast.organizer).post(f"/meetings/{cast.meeting.pk}/invitations/import", {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert "declares a DTD or entities" in page
    assert "root:" not in page
    assert not Invitation.objects.filter(meeting=cast.meeting).exists()
