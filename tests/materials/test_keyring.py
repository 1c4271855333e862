"""Key epochs (issue 9, finding 1): a shred moves every other meeting key to a fresh epoch and
destroys the old epoch's key file after the commit; credentials are sealed under the meeting key
and shredded with it; custodian wraps are emptied; keys from before epochs still open and move.
The whole-data-directory search is in test_shred_destroys.py."""

from __future__ import annotations

import io
import json
import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from incamera.crypto import envelope
from incamera.crypto.hybrid import CustodianKeyPair, public_to_text
from incamera.crypto.keys import epoch_key_path, epoch_key_paths, load_or_create_key_file
from incamera.invitations import actions as focal
from incamera.invitations.models import Credential
from incamera.kernel.errors import ConflictError
from incamera.materials import actions, keyring
from incamera.materials.models import KeyEpoch, MeetingCustodian, MeetingKey
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

BRIEF = b"# Brief\n\n" + b"Cobalt and lithium supply, in plain words. " * 50 + b"\n"
PDF = b"%PDF-1.4\n% note verbale of the Focal Point Delegation\n"


def _run_at_once(*targets) -> None:  # type: ignore[no-untyped-def]
    """Run each target in a thread of its own (its own database connection) and wait for all."""
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)


def _current() -> int:
    return KeyEpoch.objects.filter(retired_at__isnull=True).get().number


def test_a_shred_moves_every_other_key_to_a_new_epoch_and_destroys_the_old_file(cast: Cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    shredded = actions.do_upload(cast.meeting, filename="a.md", title="A", data=BRIEF, by=cast.organizer)
    kept = actions.do_upload(cast.other_meeting, filename="b.md", title="B", data=BRIEF, by=cast.organizer)
    before = _current()
    old_file = epoch_key_path(settings.INCAMERA_KEK_DIR, before)
    assert old_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_shred_materials(cast.meeting, by=cast.organizer)
    assert _current() == before + 1
    assert not old_file.exists()  # destroyed after the commit
    assert set(epoch_key_paths(settings.INCAMERA_KEK_DIR)) == {before + 1}
    assert MeetingKey.objects.get(meeting=cast.other_meeting).kek_epoch == before + 1
    assert actions.recipient_copy(kept, cast.outsider).data  # the other meeting still reads
    with pytest.raises(ConflictError, match="shredded"):
        actions.recipient_copy(shredded, cast.delegate)


def test_a_failed_shred_destroys_nothing_and_its_unused_key_file_is_replaced_next_time(cast: Cast) -> None:
    actions.do_upload(cast.meeting, filename="a.md", title="A", data=BRIEF, by=cast.organizer)
    document = actions.do_upload(cast.other_meeting, filename="b.md", title="B", data=BRIEF, by=cast.organizer)
    before = _current()
    orphan = epoch_key_path(settings.INCAMERA_KEK_DIR, before + 1)
    load_or_create_key_file(orphan)  # a shred that wrote its file, then failed before the commit
    stale = orphan.read_bytes()
    assert actions.recipient_copy(document, cast.outsider).data  # nothing used it
    number, moved = actions.do_rotate_keys()
    assert number == before + 1
    assert moved == 2
    assert epoch_key_path(settings.INCAMERA_KEK_DIR, number).read_bytes() != stale  # a fresh key, not the orphan
    assert actions.recipient_copy(document, cast.outsider).data


def test_older_epochs_are_destroyed_never_newer_ones(cast: Cast) -> None:
    """A newer file belongs to a shred in progress (not yet committed): destroying it would lose every key."""
    actions.do_upload(cast.meeting, filename="a.md", title="A", data=BRIEF, by=cast.organizer)
    current = _current()
    newer = epoch_key_path(settings.INCAMERA_KEK_DIR, current + 5)
    load_or_create_key_file(newer)
    keyring._destroy_older_epochs(current)
    assert newer.exists()
    assert epoch_key_path(settings.INCAMERA_KEK_DIR, current).exists()
    newer.unlink()


def test_a_key_from_before_epochs_still_opens_and_rotation_moves_it(cast: Cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    document = actions.do_upload(cast.meeting, filename="a.md", title="A", data=BRIEF, by=cast.organizer)
    key = actions.meeting_key(cast.meeting)
    root = load_or_create_key_file(settings.INCAMERA_KEK_PATH)
    legacy = envelope.wrap_key(root, key, aad=f"incamera meeting {cast.meeting.pk}".encode())
    MeetingKey.objects.filter(meeting=cast.meeting).update(wrapped=legacy, kek_epoch=None)  # as release 0.1 stored it
    assert actions.recipient_copy(document, cast.delegate).data
    out = io.StringIO()
    call_command("keys", "status", stdout=out)
    assert "run `incamera keys rotate`" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("keys", "rotate", stdout=out)
    assert MeetingKey.objects.get(meeting=cast.meeting).kek_epoch == _current()
    assert actions.recipient_copy(document, cast.delegate).data
    status = io.StringIO()
    call_command("keys", "status", "--json", stdout=status)
    found = json.loads(status.getvalue())
    assert found["keys_by_epoch"] == {str(_current()): 1}
    assert found["files"] == [_current()]


def test_credentials_are_sealed_under_the_meeting_key_and_shredded_with_it(cast: Cast) -> None:
    seat = cast.meeting.memberships.get(user=cast.focal_point)
    focal.do_approve_representative(seat, email="rep@example.org", full_name="Rep", filename="nv.pdf", credential=PDF, base_url="http://t/")
    credential = Credential.objects.get()
    assert credential.encrypted
    assert b"note verbale" not in bytes(credential.data)
    url = f"/meetings/{cast.meeting.pk}/credentials/{credential.pk}.pdf"
    organizer = client_for(cast.organizer)
    assert bytes(organizer.get(url).content) == PDF
    pair = CustodianKeyPair.generate()
    actions.do_add_custodian(cast.meeting, name="Custodian", public_key_text=public_to_text(pair.public_bytes()), by=cast.organizer)
    actions.do_shred_materials(cast.meeting, by=cast.organizer)
    assert bytes(Credential.objects.get().data) == b""
    assert bytes(MeetingCustodian.objects.get().wrapped_key) == b""
    response = organizer.get(url, follow=True)
    assert response.status_code == 200
    assert "shredded" in response.content.decode()


def test_a_credential_stored_in_clear_before_0_2_still_downloads_and_is_shredded(cast: Cast) -> None:
    seat = cast.meeting.memberships.get(user=cast.focal_point)
    focal.do_approve_representative(seat, email="rep@example.org", full_name="Rep", filename="nv.pdf", credential=PDF, base_url="http://t/")
    Credential.objects.update(data=PDF, encrypted=False)
    credential = Credential.objects.get()
    assert focal.credential_content(credential) == PDF
    actions.do_shred_materials(cast.meeting, by=cast.organizer)
    credential.refresh_from_db()
    with pytest.raises(ConflictError, match="shredded"):
        focal.credential_content(credential)


def test_materials_list_marks_shredded_documents(cast: Cast) -> None:
    actions.do_upload(cast.meeting, filename="a.md", title="Annex", data=BRIEF, by=cast.organizer)
    actions.do_shred_materials(cast.meeting, by=cast.organizer)
    out = io.StringIO()
    call_command("materials", "list", stdout=out)
    assert "Annex  (shredded: cannot be read)" in out.getvalue()
    out = io.StringIO()
    call_command("materials", "list", "--json", stdout=out)
    assert json.loads(out.getvalue())[0]["shredded"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_meeting_key_created_while_a_shred_commits_goes_under_the_new_epoch(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Under READ COMMITTED, a key creation waiting on the current epoch's lock used to find no
    current epoch once the shred committed (its snapshot predates the new one), fall back to
    epoch 1, and wrap the new key under a file the shred then destroyed: the key was lost."""
    from incamera.meetings.models import Meeting
    from tests.conftest import make_meeting, make_user

    organizer = make_user("org@example.org", organize=True)
    shredded, waiting = make_meeting(organizer, title="Shredded"), make_meeting(organizer, title="New key")
    actions.do_upload(shredded, filename="a.md", title="A", data=BRIEF, by=organizer)
    actions.do_rotate_keys()  # epoch 2 is current, so that a fallback to epoch 1 would be wrong
    locked, release, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def shred() -> None:
        try:
            with transaction.atomic():
                keyring.start_new_epoch()
                locked.set()
                release.wait(10)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def create() -> None:
        try:
            locked.wait(10)
            keyring.meeting_key(Meeting.objects.get(pk=waiting.pk), create=True)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            done.set()
            connection.close()

    def check_and_release() -> None:
        locked.wait(10)
        if done.wait(1):
            errors.append(AssertionError("the key creation must wait for the shred's lock"))
        release.set()

    _run_at_once(shred, create, check_and_release)
    assert errors == []
    current = _current()
    assert MeetingKey.objects.get(meeting=waiting).kek_epoch == current
    assert keyring.meeting_key(waiting)  # opens under a key file that exists


def test_a_missing_current_key_file_is_not_replaced_by_a_new_one_while_keys_use_it(cast: Cast) -> None:
    from incamera.crypto.keys import KeyFileError

    actions.do_upload(cast.meeting, filename="a.md", title="A", data=BRIEF, by=cast.organizer)
    epoch_key_path(settings.INCAMERA_KEK_DIR, _current()).unlink()  # lost, e.g. a restore without the key folder
    with pytest.raises(KeyFileError, match="is missing; restore it from the key backup"):
        actions.do_upload(cast.other_meeting, filename="b.md", title="B", data=BRIEF, by=cast.organizer)
    assert not epoch_key_path(settings.INCAMERA_KEK_DIR, _current()).exists()
    assert not MeetingKey.objects.filter(meeting=cast.other_meeting).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_meetings_shredded_at_once_both_shred_without_a_deadlock(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_meeting, make_user

    organizer = make_user("org@example.org", organize=True)
    meetings = [make_meeting(organizer, title=f"Meeting {i}") for i in range(3)]
    for meeting in meetings:
        actions.do_upload(meeting, filename="a.md", title="A", data=BRIEF, by=organizer)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def shred(meeting) -> None:  # type: ignore[no-untyped-def]
        try:
            start.wait(10)
            actions.do_shred_materials(meeting, by=organizer)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    _run_at_once(*(lambda m=m: shred(m) for m in meetings[:2]))
    assert errors == []
    assert MeetingKey.objects.filter(shredded_at__isnull=False).count() == 2
    assert keyring.meeting_key(meetings[2])  # the third meeting's key survived both new epochs


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_custodian_added_while_the_meeting_is_shredded_gets_no_working_copy(settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The custodian's transaction unwrapped the key before the shred and committed after it: its
    wrap survived the shred's emptying of the custodians and opened the shredded document."""
    from incamera.crypto import hybrid
    from incamera.kernel.errors import ConflictError
    from tests.conftest import make_meeting, make_user

    organizer = make_user("org@example.org", organize=True)
    meeting = make_meeting(organizer, title="Shredded while a custodian is added")
    actions.do_upload(meeting, filename="a.md", title="A", data=BRIEF, by=organizer)
    pair = CustodianKeyPair.generate()
    wrapping, errors = threading.Event(), []
    original = hybrid.wrap_for_custodian

    def slow_wrap(*args, **kwargs):  # type: ignore[no-untyped-def]
        wrapped = original(*args, **kwargs)
        wrapping.set()
        time.sleep(0.8)  # the shred starts while the custodian's transaction is open
        return wrapped

    monkeypatch.setattr(hybrid, "wrap_for_custodian", slow_wrap)

    def add() -> None:
        try:
            actions.do_add_custodian(meeting, name="Late", public_key_text=public_to_text(pair.public_bytes()), by=organizer)
        except ConflictError:
            pass  # refused because the meeting is shredded: as good as never added
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def shred() -> None:
        try:
            wrapping.wait(10)
            actions.do_shred_materials(meeting, by=organizer)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    _run_at_once(add, shred)
    assert errors == []
    assert actions.is_shredded(meeting)
    assert [bytes(c.wrapped_key) for c in MeetingCustodian.objects.filter(meeting=meeting)] in ([], [b""])


def test_a_retired_key_file_left_by_a_crash_is_reported_then_destroyed(cast: Cast) -> None:
    """A shred that crashed after its commit (its on_commit never ran) leaves the old epoch's file:
    `keys status` fails naming it, and the next key creation destroys it."""
    from django.core.management.base import CommandError

    actions.do_upload(cast.meeting, filename="a.md", title="A", data=BRIEF, by=cast.organizer)
    old = epoch_key_path(settings.INCAMERA_KEK_DIR, _current())
    actions.do_shred_materials(cast.meeting, by=cast.organizer)  # on_commit callbacks discarded: as if the process died
    assert old.exists()
    with pytest.raises(CommandError, match="still present"):
        call_command("keys", "status")
    actions.do_upload(cast.other_meeting, filename="b.md", title="B", data=BRIEF, by=cast.organizer)
    assert not old.exists()
    call_command("keys", "status", stdout=io.StringIO())  # clean again
