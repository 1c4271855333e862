import datetime as dt
import re

import pytest
from django.core import mail

from incamera.invitations import actions
from incamera.invitations.models import Invitation
from incamera.kernel.clock import FixedClock
from incamera.kernel.errors import ConflictError, InvalidInputError, InvitationError, NotFoundError, RowsInvalidError
from incamera.ledger.models import Event
from incamera.meetings.models import Membership
from tests.conftest import PASSWORD, Cast, client_for, make_user

# Real commits: the mail goes out in on_commit hooks, as in production.
pytestmark = pytest.mark.django_db(transaction=True)
BASE = "http://testserver/"


def _token_from(message: mail.EmailMessage) -> str:
    match = re.search(r"/invitations/#([A-Za-z0-9_-]+)", message.body)
    assert match, message.body
    return match.group(1)


def _code_from(message: mail.EmailMessage) -> str:
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


def _invite(cast: Cast, email: str = "new.person@example.org", role: str = "delegate") -> str:
    actions.do_invite(cast.meeting, actions.InvitationRow(email=email, role=role), by=cast.organizer, base_url=BASE)
    return _token_from(mail.outbox[-1])


def test_invitation_mail_carries_an_ics_and_a_link_and_no_token_is_stored(cast: Cast) -> None:
    token = _invite(cast)
    message = mail.outbox[-1]
    assert message.to == ["new.person@example.org"]
    name, content, mimetype = message.attachments[0]
    assert name == "invitation.ics"
    assert "text/calendar" in mimetype
    assert "BEGIN:VEVENT" in content.decode() if isinstance(content, bytes) else content
    assert "DTSTART:20300301T090000Z" in (content.decode() if isinstance(content, bytes) else content)
    invitation = Invitation.objects.get()
    assert token not in invitation.token_digest
    assert token not in str(Event.objects.values_list("payload", flat=True))


def test_new_person_accepts_with_the_code_sent_to_the_invited_address(cast: Cast) -> None:
    token = _invite(cast)
    actions.do_send_invitation_code(token, user=None)
    code = _code_from(mail.outbox[-1])
    assert mail.outbox[-1].to == ["new.person@example.org"]
    invitation, user = actions.do_accept_invitation(
        token, code=code, user=None, new_account=actions.NewAccount(full_name="Nora New", password=PASSWORD)
    )
    assert invitation.status == "accepted"
    assert user.email == "new.person@example.org"
    assert Membership.objects.get(meeting=cast.meeting, user=user).role == "delegate"
    assert Event.objects.filter(type="invitation.accepted", meeting=cast.meeting).exists()
    with pytest.raises(InvitationError) as info:  # single use
        actions.do_accept_invitation(token, code=code, user=user)
    assert info.value.reason == "used"


def test_forwarded_link_is_useless_to_another_account(cast: Cast) -> None:
    token = _invite(cast)
    with pytest.raises(InvitationError) as info:
        actions.do_send_invitation_code(token, user=cast.outsider)
    assert info.value.reason == "wrong_identity"
    # Even with the invitee's code in hand, another signed-in account cannot accept.
    actions.do_send_invitation_code(token, user=None)
    code = _code_from(mail.outbox[-1])
    with pytest.raises(InvitationError) as info:
        actions.do_accept_invitation(token, code=code, user=cast.outsider)
    assert info.value.reason == "wrong_identity"
    assert not Membership.objects.filter(meeting=cast.meeting, user=cast.outsider).exists()
    assert Invitation.objects.get().status == "pending"


def test_wrong_codes_are_counted_and_then_refused(cast: Cast) -> None:
    token = _invite(cast)
    actions.do_send_invitation_code(token, user=None)
    right = _code_from(mail.outbox[-1])
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    new = actions.NewAccount(full_name="Nora", password=PASSWORD)
    for left in range(actions.CODE_ATTEMPTS - 1, -1, -1):
        with pytest.raises(InvitationError, match=f"{left} attempt"):
            actions.do_accept_invitation(token, code=wrong, user=None, new_account=new)
    with pytest.raises(InvitationError) as info:
        actions.do_accept_invitation(token, code=right, user=None, new_account=new)
    assert info.value.reason == "too_many_attempts"


def test_expired_links_and_codes_are_refused_with_their_date(cast: Cast) -> None:
    token = _invite(cast)
    later = FixedClock(dt.datetime.now(dt.UTC) + dt.timedelta(days=15))
    with pytest.raises(InvitationError, match="expired on") as info:
        actions.invitation_for_token(token, clock=later)
    assert info.value.reason == "expired"
    actions.do_send_invitation_code(token, user=None)
    code = _code_from(mail.outbox[-1])
    soon = FixedClock(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20))
    with pytest.raises(InvitationError, match="older than 15 minutes"):
        actions.do_accept_invitation(token, code=code, user=None, clock=soon)


def test_existing_account_must_sign_in_first(cast: Cast) -> None:
    existing = make_user("known@example.org")
    token = _invite(cast, email="Known@Example.org")
    actions.do_send_invitation_code(token, user=None)
    code = _code_from(mail.outbox[-1])
    with pytest.raises(InvitationError) as info:
        actions.do_accept_invitation(token, code=code, user=None, new_account=actions.NewAccount("X", PASSWORD))
    assert info.value.reason == "needs_sign_in"
    invitation, user = actions.do_accept_invitation(token, code=code, user=existing)
    assert user == existing
    assert invitation.status == "accepted"


def test_revoked_and_resent_links(cast: Cast) -> None:
    token = _invite(cast)
    invitation = Invitation.objects.get()
    actions.do_resend_invitation(invitation, by=cast.organizer, base_url=BASE)
    new_token = _token_from(mail.outbox[-1])
    with pytest.raises(NotFoundError):
        actions.invitation_for_token(token)  # the old link no longer works
    actions.invitation_for_token(new_token)
    actions.do_revoke_invitation(invitation, by=cast.organizer)
    with pytest.raises(InvitationError) as info:
        actions.invitation_for_token(new_token)
    assert info.value.reason == "revoked"
    with pytest.raises(ConflictError):
        actions.do_revoke_invitation(invitation, by=cast.organizer)


def test_decline_needs_the_code_too(cast: Cast) -> None:
    token = _invite(cast)
    with pytest.raises(InvitationError):
        actions.do_decline_invitation(token, code="123456", user=None)
    actions.do_send_invitation_code(token, user=None)
    actions.do_decline_invitation(token, code=_code_from(mail.outbox[-1]), user=None)
    assert Invitation.objects.get().status == "declined"


def test_duplicate_invitations_and_members_are_refused(cast: Cast) -> None:
    _invite(cast)
    with pytest.raises(ConflictError, match="pending invitation"):
        _invite(cast)
    with pytest.raises(ConflictError, match="already takes part"):
        _invite(cast, email="delegate@example.org")
    with pytest.raises(InvalidInputError, match="not an e-mail"):
        _invite(cast, email="not-an-address")


def test_csv_import_is_all_or_nothing_and_reports_every_bad_row(cast: Cast) -> None:
    data = (
        "email,role,full_name,delegation\n"
        "a@example.org,delegate,Ana,Chile\n"
        "not-an-email,delegate,Bad,X\n"
        "b@example.org,emperor,Bo,Y\n"
        "c@example.org,observer,Ca\u202ela,Z\n"
        "a@example.org,observer,Again,Chile\n"
        "delegate@example.org,delegate,Member,\n"
        "d@example.org,delegate,Dee,W,extra\n"
    ).encode()
    with pytest.raises(RowsInvalidError) as info:
        actions.do_bulk_invite(cast.meeting, data, by=cast.organizer, base_url=BASE)
    rows = {e.row: e for e in info.value.rows}
    assert set(rows) == {3, 4, 5, 6, 7, 8}
    assert rows[3].field == "email"
    assert rows[4].field == "role"
    assert "U+202E" in rows[5].message
    assert "line 2" in rows[6].message
    assert "already takes part" in rows[7].message
    assert "cells" in rows[8].message
    assert Invitation.objects.count() == 0
    assert not mail.outbox


def test_csv_import_sends_every_row_when_all_are_good(cast: Cast) -> None:
    data = "\ufeffEmail,Role\nA@example.org,delegate\nb@example.org,Observer\n\n".encode()
    sent = actions.do_bulk_invite(cast.meeting, data, by=cast.organizer, base_url=BASE)
    assert sorted(i.email for i in sent) == ["a@example.org", "b@example.org"]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"name,role\nAna,delegate\n", "missing: email \\(found: name, role\\)"),
        (b"email,role\n", "no invitations"),
        (b"email\n" + b"x@example.org\n" * 10, ""),
    ],
)
def test_malformed_csv_files_get_a_precise_message(cast: Cast, data: bytes, message: str) -> None:
    if not message:
        with pytest.raises(RowsInvalidError):
            actions.check_invitation_file(cast.meeting, data)
        return
    with pytest.raises(InvalidInputError, match=message):
        actions.check_invitation_file(cast.meeting, data)


def test_huge_csv_is_refused_before_parsing(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INCAMERA_CSV_MAX_BYTES = 1000
    with pytest.raises(InvalidInputError, match="at most 1,000"):
        actions.check_invitation_file(cast.meeting, b"email\n" + b"a@example.org\n" * 200)
    settings.INCAMERA_CSV_MAX_BYTES = 10**6
    settings.INCAMERA_CSV_MAX_ROWS = 50
    rows = "".join(f"p{i}@example.org\n" for i in range(60))
    with pytest.raises(InvalidInputError, match="more than 50 rows"):
        actions.check_invitation_file(cast.meeting, ("email\n" + rows).encode())


def test_an_upload_over_the_cap_is_refused_not_cut(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.INCAMERA_CSV_MAX_BYTES = 1000
    data = b"email\n" + b"".join(f"p{i:03}@example.org\n".encode() for i in range(200))  # 3,406 bytes
    upload = SimpleUploadedFile("list.csv", data, content_type="text/csv")
    response = client_for(cast.organizer).post(f"/meetings/{cast.meeting.pk}/invitations/import", {"file": upload})
    assert response.status_code == 422
    assert "larger than 1,000 bytes" in response.content.decode()
    assert Invitation.objects.count() == 0
    assert not mail.outbox


def test_organizer_pages_for_invitations(cast: Cast) -> None:
    organizer = client_for(cast.organizer)
    url = f"/meetings/{cast.meeting.pk}/invitations/"
    assert "No invitations yet" in organizer.get(url).content.decode()
    response = organizer.post(url, {"email": "X@Example.org", "role": "observer"})
    assert response.status_code == 302
    page = organizer.get(url).content.decode()
    assert "x@example.org" in page
    duplicate = organizer.post(url, {"email": "x@example.org", "role": "observer"})
    assert duplicate.status_code == 409
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("list.csv", b"email,role\nnope,delegate\n", content_type="text/csv")
    response = organizer.post(f"/meetings/{cast.meeting.pk}/invitations/import", {"file": bad})
    assert response.status_code == 422
    assert "nothing was imported" in response.content.decode()
    export = organizer.get(f"/meetings/{cast.meeting.pk}/invitations/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    assert "x@example.org,observer" in export.content.decode()


def _xlsx(rows: list[list[object]]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_import_validates_every_row_like_csv(cast: Cast) -> None:
    data = _xlsx([["Email", "Role", "Full name"], ["a@example.org", "delegate", "Ana"], ["nope", "observer", None], [None, None, None]])
    with pytest.raises(RowsInvalidError) as info:
        actions.do_bulk_invite(cast.meeting, data, by=cast.organizer, base_url=BASE)
    assert [(e.row, e.field) for e in info.value.rows] == [(3, "email")]
    assert Invitation.objects.count() == 0
    good = _xlsx([["email", "role"], ["a@example.org", "delegate"], ["b@example.org", "observer"]])
    sent = actions.do_bulk_invite(cast.meeting, good, by=cast.organizer, base_url=BASE)
    assert sorted(i.role for i in sent) == ["delegate", "observer"]


def test_damaged_and_inflating_spreadsheets_are_refused(cast: Cast) -> None:
    import io
    import zipfile

    with pytest.raises(InvalidInputError, match="damaged"):
        actions.check_invitation_file(cast.meeting, b"PK\x03\x04 not really a zip")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    with pytest.raises(InvalidInputError, match="zip bomb"):
        actions.check_invitation_file(cast.meeting, bomb.getvalue())


def test_export_as_xlsx_neutralises_formulas(cast: Cast) -> None:
    import io

    import openpyxl

    actions.do_invite(
        cast.meeting, actions.InvitationRow(email="x@example.org", full_name="=HYPERLINK(1)"), by=cast.organizer, base_url=BASE
    )
    response = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/invitations/export.csv?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "email"
    assert rows[1][2] == "'=HYPERLINK(1)"
