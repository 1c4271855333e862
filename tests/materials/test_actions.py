"""Materials end to end: encrypted at rest, each recipient's marked copy, the access log, tracing
through the CLI, bad uploads and crypto-shredding."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from incamera.crypto.envelope import DecryptionError, decrypt
from incamera.kernel.errors import ConflictError, InvalidInputError
from incamera.materials import actions
from incamera.materials.models import AccessRecord, Document, MeetingKey
from tests.conftest import Cast, client_for
from tests.materials.marks.test_docx import draft

pytestmark = pytest.mark.django_db

BRIEF = (
    "# Briefing\n\n"
    + " ".join(f"Paragraph {i} explains the supply of cobalt, lithium and rare earths in plain words." for i in range(120))
    + "\n"
).encode()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Confidential annex")
    page.save()
    return out.getvalue()


def test_content_is_encrypted_at_rest(cast: Cast) -> None:
    document = actions.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    raw = bytes(Document.objects.get(pk=document.pk).ciphertext)
    assert b"cobalt" not in raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT wrapped FROM materials_meetingkey")
        wrapped = bytes(cursor.fetchone()[0])
    assert len(wrapped) > 32  # only the wrapped key is stored


def test_each_recipient_gets_a_marked_copy_and_every_access_is_logged(cast: Cast) -> None:
    document = actions.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    delegate = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/materials/{document.pk}/download")
    observer = client_for(cast.observer).get(f"/meetings/{cast.meeting.pk}/materials/{document.pk}/download")
    assert delegate.status_code == observer.status_code == 200
    assert "attachment" in delegate["Content-Disposition"]
    assert "sandbox" in delegate["Content-Security-Policy"]
    assert delegate.content != observer.content
    assert AccessRecord.objects.filter(document=document).count() == 2
    # Service staff and outsiders do not reach the document.
    assert client_for(cast.service).get(f"/meetings/{cast.meeting.pk}/materials/{document.pk}/download").status_code == 404
    log = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/materials/access/").content.decode()
    assert cast.delegate.display_name in log


@pytest.mark.parametrize(("who", "message"), [("outsider", "may not read"), ("service", "may not read"), ("anonymous", "may not read")])
def test_the_copy_command_refuses_who_may_not_read(cast: Cast, tmp_path, who: str, message: str) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    document = actions.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    user = cast.user(who)
    recipient = user.email if user is not None else "nobody@example.org"
    with pytest.raises(CommandError, match=message):
        call_command("materials", "copy", "--document", str(document.pk), "--recipient", recipient, "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="no document 999999"):
        call_command("materials", "copy", "--document", "999999", "--recipient", cast.delegate.email, "--output", str(tmp_path / "y"))
    assert not AccessRecord.objects.filter(document=document).exists()


def test_trace_names_the_recipient_through_the_cli(cast: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]
    document = actions.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    out = tmp_path / "copy.md"
    call_command(
        "materials", "copy", "--document", str(document.pk), "--recipient", cast.delegate.email, "--output", str(out), stdout=io.StringIO()
    )
    actions.recipient_copy(document, cast.observer)
    buffer = io.StringIO()
    call_command("trace", str(out), "--json", stdout=buffer)
    result = json.loads(buffer.getvalue())
    assert result["recipient"] == cast.delegate.email
    assert result["confidence"] > 0.5
    plain = tmp_path / "plain.md"
    plain.write_bytes(BRIEF)
    buffer = io.StringIO()
    call_command("trace", str(plain), "--json", stdout=buffer)
    assert json.loads(buffer.getvalue())["recipient"] is None
    listing = io.StringIO()
    call_command("materials", "list", "--json", stdout=listing)
    assert json.loads(listing.getvalue())[0]["type"] == "md"


def test_pdf_copies_carry_a_watermark_and_a_traceable_mark(cast: Cast) -> None:
    document = actions.do_upload(cast.meeting, filename="annex.pdf", title="Annex", data=_pdf(), by=cast.organizer)
    copy = actions.recipient_copy(document, cast.delegate)
    assert copy.data.startswith(b"%PDF")
    user, confidence, _candidates = actions.trace_copy(cast.meeting, copy.data)
    assert user == cast.delegate
    assert confidence == 1.0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.pdf", b"", "empty"),
        ("x.pdf", b"hello", "name ends in"),
        ("x.exe", b"MZ\x00\x00\x90", "neither PDF"),
        ("x.docx", b"PK\x03\x04garbage", "damaged"),
        ("x.txt", b"%PDF-1.4", "name ends in"),
        ("short.md", b"# Too short\n\nOnly a few words here.\n", "upload it as a PDF"),
        ("zh.txt", ("\u4f1a\u8bae\u6750\u6599" * 500).encode(), "upload it as a PDF"),
    ],
)
def test_bad_uploads_are_refused_precisely(cast: Cast, name: str, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        actions.do_upload(cast.meeting, filename=name, title="", data=data, by=cast.organizer)
    assert not Document.objects.exists()


def test_upload_page_and_oversized_files(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    client = client_for(cast.organizer)
    ok = client.post(f"/meetings/{cast.meeting.pk}/materials/", {"title": "Brief", "file": SimpleUploadedFile("brief.md", BRIEF)})
    assert ok.status_code == 302
    huge = SimpleUploadedFile("big.txt", b"a" * (actions.MAX_BYTES + 1))
    refused = client.post(f"/meetings/{cast.meeting.pk}/materials/", {"file": huge})
    assert refused.status_code == 422
    assert Document.objects.count() == 1
    assert (
        client_for(cast.delegate).post(f"/meetings/{cast.meeting.pk}/materials/", {"file": SimpleUploadedFile("a.md", BRIEF)}).status_code
        == 404
    )


def test_shredding_makes_the_ciphertext_unrecoverable(cast: Cast) -> None:
    document = actions.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    actions.recipient_copy(document, cast.delegate)
    key_before = actions.meeting_key(cast.meeting)
    client = client_for(cast.organizer)
    client.post(f"/meetings/{cast.meeting.pk}/materials/shred", {"confirm_title": "wrong"})
    assert MeetingKey.objects.get().shredded_at is None
    client.post(f"/meetings/{cast.meeting.pk}/materials/shred", {"confirm_title": cast.meeting.title})
    row = MeetingKey.objects.get()
    assert row.shredded_at is not None
    assert bytes(row.wrapped) == b""
    with pytest.raises(ConflictError, match="shredded"):
        actions.recipient_copy(document, cast.delegate)
    # An attacker with the database and the KEK but not the destroyed key cannot decrypt.
    import secrets

    with pytest.raises(DecryptionError):
        decrypt(secrets.token_bytes(32), bytes(document.ciphertext), aad=actions._doc_aad(document))
    assert key_before  # the key existed; it is gone from every store now
    assert AccessRecord.objects.count() == 1  # the access log remains


def test_the_meeting_key_is_wrapped_to_a_post_quantum_custodian(cast: Cast) -> None:
    from incamera.crypto import hybrid

    document = actions.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    pair = hybrid.CustodianKeyPair.generate()
    custodian = actions.do_add_custodian(
        cast.meeting, name="Custodian A", public_key_text=hybrid.public_to_text(pair.public_bytes()), by=cast.organizer
    )
    # The custodian, offline with their own private key, recovers the meeting key and reads the document.
    key = hybrid.unwrap_as_custodian(pair.private, bytes(custodian.wrapped_key), aad=actions.custodian_aad(cast.meeting, "Custodian A"))
    assert decrypt(key, bytes(document.ciphertext), aad=actions._doc_aad(document)) == BRIEF
    other = hybrid.CustodianKeyPair.generate()
    with pytest.raises(DecryptionError):
        hybrid.unwrap_as_custodian(other.private, bytes(custodian.wrapped_key), aad=actions.custodian_aad(cast.meeting, "Custodian A"))
    with pytest.raises(ConflictError):
        actions.do_add_custodian(
            cast.meeting, name="Custodian A", public_key_text=hybrid.public_to_text(pair.public_bytes()), by=cast.organizer
        )
    with pytest.raises(InvalidInputError):
        actions.do_add_custodian(cast.meeting, name="B", public_key_text="not a key", by=cast.organizer)


def test_docx_copies_carry_a_visible_line_and_a_traceable_mark(cast: Cast) -> None:
    import zipfile

    document = actions.do_upload(cast.meeting, filename="draft.docx", title="Draft", data=draft(), by=cast.organizer)
    copy = actions.recipient_copy(document, cast.observer)
    body = zipfile.ZipFile(io.BytesIO(copy.data)).read("word/document.xml").decode()
    assert "Copy for" in body
    assert "Draft communiqué" in body
    user, confidence, _candidates = actions.trace_copy(cast.meeting, copy.data)
    assert user == cast.observer
    assert confidence == 1.0


def test_download_names_cannot_break_the_header(cast: Cast) -> None:
    document = actions.do_upload(cast.meeting, filename='brief"; evil=1.md', title="Brief", data=BRIEF, by=cast.organizer)
    response = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/materials/{document.pk}/download")
    assert response["Content-Disposition"] == 'attachment; filename="brief__ evil=1.md"'


def test_a_wrong_key_file_fails_loudly_and_loses_nothing(cast: Cast, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from incamera.crypto.keys import create_key_file, epoch_key_path

    document = actions.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    original = settings.INCAMERA_KEK_DIR
    settings.INCAMERA_KEK_DIR = tmp_path / "other-keks"
    missing = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/materials/{document.pk}/download")
    assert missing.status_code == 400
    assert "is missing; restore it from the key backup" in missing.content.decode()
    create_key_file(epoch_key_path(settings.INCAMERA_KEK_DIR, MeetingKey.objects.get().kek_epoch))  # a fresh, different key
    response = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/materials/{document.pk}/download")
    assert response.status_code == 400
    assert "wrong key" in response.content.decode()
    assert not AccessRecord.objects.exists()
    settings.INCAMERA_KEK_DIR = original
    assert client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/materials/{document.pk}/download").status_code == 200


@pytest.mark.parametrize("filename", ["brief.md", "brief.txt"])
def test_text_copies_carry_a_visible_line_and_stay_traceable(cast: Cast, filename: str) -> None:
    import datetime as dt

    from incamera.kernel.clock import FixedClock

    document = actions.do_upload(cast.meeting, filename=filename, title="Brief", data=BRIEF, by=cast.organizer)
    clock = FixedClock(dt.datetime(2030, 2, 20, 9, 0, tzinfo=dt.UTC))
    copy = actions.recipient_copy(document, cast.delegate, clock=clock)
    actions.recipient_copy(document, cast.observer, clock=clock)
    text = copy.data.decode()
    assert text.splitlines()[0] == f"Copy for {cast.delegate.display_name} · 2030-02-20"
    user, confidence, _candidates = actions.trace_copy(cast.meeting, copy.data)
    assert user == cast.delegate
    assert confidence > 0.999
    # A leaker who deletes the visible line is still traced.
    user, _confidence, _candidates = actions.trace_copy(cast.meeting, text.split("\n", 2)[2].encode())
    assert user == cast.delegate


def test_the_access_log_gives_times_in_the_meetings_zone(cast: Cast) -> None:
    import datetime as dt

    document = actions.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    actions.recipient_copy(document, cast.delegate)
    AccessRecord.objects.update(at=dt.datetime(2030, 3, 1, 8, 30, tzinfo=dt.UTC))
    log = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/materials/access/").content.decode()
    assert "When (Europe/Zurich)" in log
    assert ">2030-03-01 09:30:00</time>" in log  # UTC+1 in March
    assert 'datetime="2030-03-01T08:30:00+00:00"' in log
