"""The sealed record and its custodian quorum (issue 15, §5; ADR 0032): items of the sealed tier
are sealed to a key only k of n custodians together open, after a granted petition; each share is
opened on the custodian's machine and submitted with a passkey confirmation; every step is logged."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from incamera.crypto import hybrid, quorum
from incamera.disclosure import actions
from incamera.disclosure.models import Item, ItemState, RecordCustodian, SealedRecord
from incamera.kernel.errors import ConflictError, Error, InvalidInputError, PasskeyError, TransitionError
from incamera.ledger.models import Event
from incamera.materials import keyring
from incamera.materials.actions import do_add_custodian
from incamera.materials.models import MeetingCustodian
from incamera.meetings.models import Meeting
from incamera.notes.actions import do_add_note, notes_of
from incamera.notes.models import Note
from tests.conftest import Cast, client_for, make_user
from tests.disclosure.test_petitions import WHY
from tests.notes.conftest import meeting_under
from tests.signatures.helpers import confirmed, registered

pytestmark = pytest.mark.django_db
ENDED = dt.datetime(2026, 3, 1, 18, tzinfo=dt.UTC)
SECRET = "The reactor inspection found cracks in two cooling pipes."


class Custodians:
    """Three custodians of a closed-record meeting, each with a custody key and an account with a passkey."""

    def __init__(self, cast: Cast, *, passkeys: bool = True) -> None:
        self.meeting = meeting_under(cast, "closed_record")
        do_add_note(self.meeting, text=SECRET, speaker="Minister Wang", by=cast.organizer)
        do_add_note(self.meeting, text="The budget line stays as drafted.", by=cast.organizer)
        Meeting.objects.filter(pk=self.meeting.pk).update(state="closed", ends_at=ENDED, starts_at=ENDED - dt.timedelta(hours=3))
        self.meeting.refresh_from_db()
        self.keys: list[hybrid.CustodianKeyPair] = []
        self.users: list[Any] = []
        self.passkeys: list[Any] = []
        for name in ("Archivist", "Judge", "Ombudsperson"):
            pair = hybrid.CustodianKeyPair.generate()
            do_add_custodian(self.meeting, name=name, public_key_text=hybrid.public_to_text(pair.public_bytes()), by=cast.organizer)
            user = make_user(f"{name.lower()}@example.org")
            self.keys.append(pair)
            self.users.append(user)
            self.passkeys.append(registered(user) if passkeys else None)

    def key_file(self, folder: Path, position: int, passphrase: str) -> Path:
        """The custodian's private key file, as ``incamera custodian keygen`` writes it."""
        path = folder / f"custodian-{position}.key"
        path.write_bytes(self.keys[position].private_to_pem_like(passphrase, log2_n=15))
        return path

    def seats(self) -> list[actions.CustodianSeat]:
        from incamera.materials.models import MeetingCustodian

        rows = MeetingCustodian.objects.filter(meeting=self.meeting).order_by("added_at", "id")
        return [actions.CustodianSeat(c.pk, u.email) for c, u in zip(rows, self.users, strict=True)]

    def opened_share(self, position: int) -> str:
        record = SealedRecord.objects.get(meeting=self.meeting)
        seat = RecordCustodian.objects.get(record=record, user=self.users[position])
        document = actions.wrapped_share_file(record, seat)
        share = quorum.open_share(
            base64.b64decode(document["wrapped_share"]), self.keys[position].private, context=document["context"].encode()
        )
        return share.to_text()

    def submit(self, position: int, text: str, *, as_position: int | None = None) -> quorum.Progress:
        who = position if as_position is None else as_position
        user = self.users[who]
        confirmation = confirmed(user, self.passkeys[who], hashlib.sha256(text.encode()).hexdigest(), actions.SHARE_PURPOSE)
        return actions.do_submit_share(self.meeting, user, text, confirmation_id=confirmation)


def _open_share(monkeypatch: pytest.MonkeyPatch, key: Path, share: Path, passphrase: str, *extra: str) -> tuple[str, str]:
    """``incamera custodian open-share`` as a custodian runs it: (standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(passphrase + "\n"))
    call_command("custodian", "open-share", "--key", str(key), "--share", str(share), *extra, "--passphrase-stdin", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def custodians(cast: Cast) -> Custodians:
    return Custodians(cast)


def _grant(cast: Cast, meeting: Meeting) -> None:
    petition = actions.do_file_petition(meeting, text=WHY, by=cast.delegate)
    reviewer = make_user("ethics@example.org")
    actions.do_add_reviewer(meeting.secretariat, reviewer, by=None)
    actions.do_decide_petition(petition, grant=True, reasons="A humanitarian risk outweighs confidentiality.", by=reviewer)


def test_k_of_n_custodians_open_the_sealed_record_and_nothing_less(cast: Cast, custodians: Custodians) -> None:
    meeting = custodians.meeting
    actions.do_propose_items(meeting, by=cast.organizer)
    notes = list(Item.objects.filter(meeting=meeting, kind="note"))
    assert [n.tier for n in notes] == ["sealed", "sealed"]  # the closed record's attributed notes
    with pytest.raises(TransitionError, match="custodian quorum"):
        actions.do_approve_item(notes[0], by=cast.organizer)
    record = actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=cast.organizer)
    assert (record.k, record.n) == (2, 3)
    for note in notes:
        actions.do_approve_item(note, by=cast.organizer)
    # The server can no longer read them: the notes left the notes' table, and the sealed items do
    # not open with anything it holds (the meeting key, which it still has for the materials).
    assert notes_of(meeting) == []
    assert set(Note.objects.filter(meeting=meeting).values_list("ciphertext", flat=True)) == {b""}
    item = Item.objects.get(pk=notes[0].pk)
    assert item.state == ItemState.APPROVED
    assert item.due_at is None
    with pytest.raises(Error):
        keyring.open_sealed(meeting, bytes(item.sealed), label=f"disclosure-item {item.pk}")
    assert SECRET.encode() not in bytes(item.sealed)
    assert actions.release_due().released == 0  # never due on a date
    review = client_for(cast.organizer).get(f"/meetings/{meeting.pk}/disclosure/items/{item.pk}/")
    assert review.status_code == 200
    assert "nobody can read it here" in review.content.decode()
    assert SECRET not in review.content.decode()

    first = custodians.opened_share(0)
    with pytest.raises(TransitionError, match="grants a petition"):
        custodians.submit(0, first)
    _grant(cast, meeting)
    assert actions.release_due().released == 0  # a grant does not release the sealed tier by itself
    progress = custodians.submit(0, first)
    assert str(progress) == "1 of 2"
    with pytest.raises(ConflictError, match="already submitted"):
        custodians.submit(0, first)
    # The wrong custodian's share, and a corrupted share: refused, logged, nothing stored.
    second = custodians.opened_share(1)
    with pytest.raises(InvalidInputError, match="custodian 2's share; yours is share 3"):
        custodians.submit(1, second, as_position=2)
    raw = bytearray(base64.b64decode(custodians.opened_share(2)))
    raw[-1] ^= 0x01
    with pytest.raises(InvalidInputError, match="does not match"):
        custodians.submit(2, base64.b64encode(bytes(raw)).decode())
    assert Event.objects.filter(type="disclosure.share_refused").count() == 2
    assert str(actions.progress_of(SealedRecord.objects.get())) == "1 of 2"
    assert Item.objects.get(pk=item.pk).state == ItemState.APPROVED

    assert custodians.submit(2, custodians.opened_share(2)).complete
    record.refresh_from_db()
    assert record.opened_at is not None
    released = Item.objects.get(pk=notes[0].pk)
    assert released.state == ItemState.RELEASED
    assert released.content == f"Minister Wang: {SECRET}"  # the closed record is attributed
    assert actions.commitment_of(bytes.fromhex(released.salt), released.content) == released.commitment
    assert set(RecordCustodian.objects.values_list("share", flat=True)) == {b""}  # shares forgotten
    unsealed = Event.objects.get(type="disclosure.record_unsealed")
    assert unsealed.payload["indices"] == [1, 3]
    assert client_for(None).get(f"/archive/items/{released.pk}.json").json()["content"] == released.content
    with pytest.raises(ConflictError, match="already open"):
        custodians.submit(1, second)


def test_the_quorum_refuses_bad_setups(cast: Cast, custodians: Custodians) -> None:
    seats = custodians.seats()
    meeting = custodians.meeting
    with pytest.raises(InvalidInputError, match="2 to 3"):
        actions.do_create_quorum(meeting, k=1, seats=seats, by=cast.organizer)
    with pytest.raises(InvalidInputError, match="2 to 3"):
        actions.do_create_quorum(meeting, k=4, seats=seats, by=cast.organizer)
    with pytest.raises(InvalidInputError, match="at least 2"):
        actions.do_create_quorum(meeting, k=2, seats=seats[:1], by=cast.organizer)
    twice = [seats[0], actions.CustodianSeat(seats[1].custodian_id, seats[0].email)]
    with pytest.raises(InvalidInputError, match="two shares"):
        actions.do_create_quorum(meeting, k=2, seats=twice, by=cast.organizer)
    with pytest.raises(InvalidInputError, match="Judge"):
        actions.do_create_quorum(
            meeting, k=2, seats=[seats[0], actions.CustodianSeat(seats[1].custodian_id, "nobody@example.org")], by=cast.organizer
        )
    with pytest.raises(InvalidInputError, match="not one of this meeting's custodians"):
        actions.do_create_quorum(meeting, k=2, seats=[seats[0], actions.CustodianSeat(999999, seats[1].email)], by=cast.organizer)
    assert not SealedRecord.objects.exists()
    actions.do_create_quorum(meeting, k=2, seats=seats, by=cast.organizer)
    with pytest.raises(ConflictError, match="already has"):
        actions.do_create_quorum(meeting, k=3, seats=seats, by=cast.organizer)
    created = Event.objects.get(type="disclosure.quorum_created")
    assert created.payload["k"] == 2
    assert created.payload["n"] == 3
    assert [c["index"] for c in created.payload["custodians"]] == [1, 2, 3]


def test_a_share_needs_its_own_fresh_passkey_confirmation(cast: Cast, custodians: Custodians) -> None:
    meeting = custodians.meeting
    actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=cast.organizer)
    _grant(cast, meeting)
    share = custodians.opened_share(0)
    other = confirmed(custodians.users[0], custodians.passkeys[0], "0" * 64, actions.SHARE_PURPOSE)
    with pytest.raises(PasskeyError, match="another digest"):
        actions.do_submit_share(meeting, custodians.users[0], share, confirmation_id=other)
    with pytest.raises(PasskeyError):
        actions.do_submit_share(meeting, custodians.users[0], share, confirmation_id=0)
    with pytest.raises(InvalidInputError, match="not a share"):
        custodians.submit(0, "hello")
    assert not RecordCustodian.objects.filter(submitted_at__isnull=False).exists()


def test_the_quorum_page_is_for_organizers_and_custodians_alone(cast: Cast, custodians: Custodians) -> None:
    meeting = custodians.meeting
    url = f"/meetings/{meeting.pk}/disclosure/quorum/"
    organizer = client_for(cast.organizer)
    assert "Set up the quorum" in organizer.get(url).content.decode()
    for who in (None, cast.outsider, cast.delegate, custodians.users[0]):  # no quorum yet: a custodian's account is nobody here
        assert client_for(who).get(url).status_code in (302, 404)
    form = {"act": "create", "k": "2"} | {f"email_{s.custodian_id}": s.email for s in custodians.seats()}
    assert organizer.post(url, form).status_code == 302
    page = client_for(custodians.users[1]).get(url)
    assert page.status_code == 200  # a custodian who takes no part in the meeting
    assert "0 of 2" in page.content.decode()
    download = client_for(custodians.users[1]).get(url + "share.json")
    assert json.loads(download.content)["index"] == 2
    assert organizer.get(url + "share.json").status_code == 404  # organizers hold no share
    assert client_for(cast.delegate).get(url + "share.json").status_code == 404
    again = organizer.post(url, form | {"k": "3"})
    assert again.status_code == 422
    assert "already has its custodian quorum" in again.content.decode()


def test_a_custodian_opens_their_share_with_the_command(
    cast: Cast, custodians: Custodians, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = custodians.meeting
    actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=cast.organizer)
    key_file = custodians.key_file(tmp_path, 1, "correct horse battery")
    share_file = tmp_path / "share.json"
    share_file.write_bytes(client_for(custodians.users[1]).get(f"/meetings/{meeting.pk}/disclosure/quorum/share.json").content)
    out, _err = _open_share(monkeypatch, key_file, share_file, "correct horse battery")
    assert out.strip() == custodians.opened_share(1)
    other_key = custodians.key_file(tmp_path, 0, "another passphrase")
    with pytest.raises(CommandError, match="another custodian"):
        _open_share(monkeypatch, other_key, share_file, "another passphrase")
    share_file.write_text("{}")
    with pytest.raises(CommandError, match="not a wrapped share"):
        _open_share(monkeypatch, key_file, share_file, "correct horse battery")


def test_organizers_add_custodians_from_the_quorum_page_until_it_is_made(cast: Cast) -> None:
    from incamera.materials.models import MeetingCustodian

    url = f"/meetings/{cast.meeting.pk}/disclosure/quorum/"
    page = client_for(cast.organizer)
    assert "No custodian yet." in page.get(url).content.decode()
    pair = hybrid.CustodianKeyPair.generate()
    added = page.post(
        url, {"act": "custodian", "name": "Archivist", "public_key": hybrid.public_to_text(pair.public_bytes(), name="Archivist")}
    )
    assert added.status_code == 302
    assert pair.public.fingerprint() in page.get(url).content.decode()  # to compare with the custodian's own
    garbage = page.post(url, {"act": "custodian", "name": "Judge", "public_key": "not a key"})
    assert garbage.status_code == 422
    second = hybrid.CustodianKeyPair.generate()
    upload = io.BytesIO(hybrid.public_to_text(second.public_bytes()).encode())
    upload.name = "judge.pub"
    assert page.post(url, {"act": "custodian", "name": "Judge", "public_key_file": upload}).status_code == 302
    assert MeetingCustodian.objects.filter(meeting=cast.meeting).count() == 2
    assert client_for(cast.delegate).post(url, {"act": "custodian", "name": "Mallory", "public_key": "x"}).status_code == 404
    judge = make_user("judge@example.org")
    seats = [
        actions.CustodianSeat(c.pk, e)
        for c, e in zip(MeetingCustodian.objects.order_by("id"), [cast.delegate.email, judge.email], strict=True)
    ]
    actions.do_create_quorum(cast.meeting, k=2, seats=seats, by=cast.organizer)
    third = hybrid.public_to_text(hybrid.CustodianKeyPair.generate().public_bytes())
    late = page.post(url, {"act": "custodian", "name": "Late", "public_key": third})
    assert late.status_code == 422
    assert MeetingCustodian.objects.filter(meeting=cast.meeting).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_last_shares_arriving_at_once_open_the_record_once(cast: Cast, custodians: Custodians) -> None:
    meeting = custodians.meeting
    actions.do_propose_items(meeting, by=cast.organizer)
    actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=cast.organizer)
    for note in Item.objects.filter(meeting=meeting, kind="note"):
        actions.do_approve_item(note, by=cast.organizer)
    _grant(cast, meeting)
    texts = [custodians.opened_share(p) for p in range(3)]
    confirmations = [
        confirmed(custodians.users[p], custodians.passkeys[p], hashlib.sha256(texts[p].encode()).hexdigest(), actions.SHARE_PURPOSE)
        for p in range(3)
    ]
    start = threading.Barrier(3)
    outcomes: list[str] = []

    def submit(position: int) -> None:
        try:
            start.wait(10)
            progress = actions.do_submit_share(
                meeting, custodians.users[position], texts[position], confirmation_id=confirmations[position]
            )
            outcomes.append(str(progress))
        except ConflictError:
            outcomes.append("already open")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(p,)) for p in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["1 of 2", "2 of 2", "already open"]
    assert Event.objects.filter(type="disclosure.record_unsealed").count() == 1
    released = [e["item"] for e in Event.objects.filter(type="disclosure.released").values_list("payload", flat=True)]
    assert len(released) == len(set(released)) == 2  # both sealed notes, each once


# --- the outside review's findings, each reproduced ------------------------------------------


def _sealed_and_granted(cast: Cast, custodians: Custodians) -> list[Item]:
    meeting = custodians.meeting
    actions.do_propose_items(meeting, by=cast.organizer)
    actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=cast.organizer)
    notes = list(Item.objects.filter(meeting=meeting, kind="note").order_by("id"))
    for note in notes:
        actions.do_approve_item(note, by=cast.organizer)
    _grant(cast, meeting)
    return notes


def test_no_word_of_a_sealed_note_stays_in_its_sensitivity(cast: Cast) -> None:
    # Finding 1: the score's reasons kept the terms and names found, and their offsets, in clear.
    custodians = Custodians(cast, passkeys=False)
    meeting = custodians.meeting
    Meeting.objects.filter(pk=meeting.pk).update(state="in_session")
    do_add_note(meeting, text="Rosoboron Holdings Ltd asked about missile export licences.", by=cast.organizer)
    Meeting.objects.filter(pk=meeting.pk).update(state="closed")
    actions.do_propose_items(meeting, by=cast.organizer)
    proposed = Item.objects.get(meeting=meeting, kind="note", title="Note 3")
    stored = json.dumps(proposed.sensitivity)
    assert "Rosoboron" not in stored
    assert "missile" not in stored
    assert "example_offsets" not in stored
    assert proposed.sensitivity["score"] > 0  # the score and its categories remain
    page = client_for(cast.organizer).get(f"/meetings/{meeting.pk}/disclosure/items/{proposed.pk}/").content.decode()
    assert "Rosoboron Holdings Ltd" in page  # the organizer still sees why, recomputed from the content
    actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=cast.organizer)
    Item.objects.filter(pk=proposed.pk).update(tier="sealed")
    sealed = actions.do_approve_item(Item.objects.get(pk=proposed.pk), by=cast.organizer)
    assert sealed.sensitivity["reasons"] == []


def test_a_failed_opening_leaves_no_k_shares_at_rest(cast: Cast, custodians: Custodians) -> None:
    # Finding 2: after a failed opening, k shares stayed stored and the server alone could open the record.
    _sealed_and_granted(cast, custodians)
    record = SealedRecord.objects.get()
    SealedRecord.objects.filter(pk=record.pk).update(private_sealed=bytes(record.private_sealed)[:-1] + b"\x00")
    custodians.submit(0, custodians.opened_share(0))
    with pytest.raises(TransitionError, match="discarded"):
        custodians.submit(2, custodians.opened_share(2))
    assert set(RecordCustodian.objects.values_list("share", flat=True)) == {b""}
    assert not RecordCustodian.objects.filter(submitted_at__isnull=False).exists()
    assert Event.objects.filter(type="disclosure.unsealing_failed").count() == 1
    assert not Item.objects.filter(state=ItemState.RELEASED, tier="sealed").exists()


def test_one_damaged_item_does_not_hold_back_the_others(cast: Cast, custodians: Custodians) -> None:
    first, second = _sealed_and_granted(cast, custodians)
    Item.objects.filter(pk=first.pk).update(commitment="0" * 64)
    custodians.submit(0, custodians.opened_share(0))
    assert custodians.submit(1, custodians.opened_share(1)).complete
    assert Item.objects.get(pk=second.pk).state == ItemState.RELEASED
    damaged = Item.objects.get(pk=first.pk)
    assert damaged.state == ItemState.APPROVED
    assert "commitment" in damaged.last_error
    assert damaged.retry_at is None  # the record is open: it cannot be opened again
    from django.core import mail

    assert "It stays sealed" in mail.outbox[-1].body
    assert Event.objects.get(type="disclosure.record_unsealed").payload["failed"] == [first.pk]


def test_shredding_the_materials_leaves_the_sealed_record_openable(cast: Cast, custodians: Custodians) -> None:
    # Finding 3: shares waited under the meeting key, which a shred destroys.
    from incamera.materials.actions import do_shred_materials

    first, _second = _sealed_and_granted(cast, custodians)
    custodians.submit(0, custodians.opened_share(0))
    do_shred_materials(custodians.meeting, by=cast.organizer)
    assert custodians.submit(1, custodians.opened_share(1)).complete
    assert Item.objects.get(pk=first.pk).content == f"Minister Wang: {SECRET}"


def test_open_share_names_the_meeting_its_authenticated_context_binds(
    cast: Cast, custodians: Custodians, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Finding 4: the command printed an unchecked "meeting" field a compromised server could set.
    meeting = custodians.meeting
    actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=cast.organizer)
    key_file = custodians.key_file(tmp_path, 1, "correct horse battery")
    document = actions.wrapped_share_file(SealedRecord.objects.get(), RecordCustodian.objects.get(index=2))
    share_file = tmp_path / "share.json"
    share_file.write_text(json.dumps(document | {"meeting": 999999}))
    _out, err = _open_share(monkeypatch, key_file, share_file, "correct horse battery")
    quorum_id = quorum.Quorum.from_json(SealedRecord.objects.get().quorum).id.hex()
    assert f"meeting {meeting.pk}'s sealed record, quorum {quorum_id}" in err
    with pytest.raises(CommandError, match=f"opens meeting {meeting.pk}'s sealed record, not meeting 7's"):
        _open_share(monkeypatch, key_file, share_file, "correct horse battery", "--meeting", "7")
    share_file.write_text(json.dumps(document | {"context": "incamera meeting 1 custodian Judge"}))
    with pytest.raises(CommandError, match="not a meeting's sealed record"):
        _open_share(monkeypatch, key_file, share_file, "correct horse battery")
    share_file.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="passphrase"):
        _open_share(monkeypatch, key_file, share_file, "the wrong passphrase")


def test_a_document_marked_public_is_never_sealed(cast: Cast) -> None:
    # Finding 5: the score could put a public document in the sealed tier; approval then sealed it.
    from incamera.materials.actions import do_upload

    text = ("Classified: nuclear weapons stockpile figures and missile export licences. " * 20).encode()
    document = do_upload(cast.meeting, filename="annex.txt", title="Annex", data=text, by=cast.organizer)
    item = actions.do_mark_public(cast.meeting, document.pk, by=cast.organizer)
    assert item.sensitivity["suggested_tier"] == "sealed"  # what the score says…
    assert item.tier == "full"  # …is capped at what a public document may take
    Item.objects.filter(pk=item.pk).update(tier="sealed")
    Meeting.objects.filter(pk=cast.meeting.pk).update(state="closed")
    with pytest.raises(InvalidInputError, match="do not mark it public"):
        actions.do_approve_item(Item.objects.get(pk=item.pk), by=cast.organizer)


def test_a_public_key_that_is_not_ascii_is_refused_not_a_server_error(cast: Cast) -> None:
    # Finding 7: non-ASCII base64 raised a plain ValueError (a 500).
    url = f"/meetings/{cast.meeting.pk}/disclosure/quorum/"
    page = client_for(cast.organizer)
    assert page.post(url, {"act": "custodian", "name": "Archivist", "public_key": "abcé"}).status_code == 422
    upload = io.BytesIO(b"\xff\xfe\x00garbage")
    upload.name = "key.pub"
    assert page.post(url, {"act": "custodian", "name": "Archivist", "public_key_file": upload}).status_code == 422


def test_a_key_file_too_large_is_refused_with_its_size_and_nothing_stored(cast: Cast) -> None:
    # Noticed at the last stop: a large file was cut at 64 KiB and refused as a malformed key.
    url = f"/meetings/{cast.meeting.pk}/disclosure/quorum/"
    page = client_for(cast.organizer)
    upload = io.BytesIO(b"A" * (64 * 1024 + 1))
    upload.name = "key.pub"
    response = page.post(url, {"act": "custodian", "name": "Archivist", "public_key_file": upload})
    assert response.status_code == 422
    assert "the key file is 65 KiB: a custodian&#x27;s public key file is at most 64 KiB" in response.content.decode()
    assert not MeetingCustodian.objects.filter(meeting=cast.meeting).exists()


def test_the_new_disclosure_pages_read_in_chinese(cast: Cast, custodians: Custodians) -> None:
    zh = {"accept-language": "zh-CN,zh;q=0.9"}
    meeting = custodians.meeting
    organizer = client_for(cast.organizer)
    setup = organizer.get(f"/meetings/{meeting.pk}/disclosure/quorum/", headers=zh).content.decode()
    assert "设立法定人数" in setup
    assert "Set up the quorum" not in setup
    actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=cast.organizer)
    seat_page = client_for(custodians.users[0]).get(f"/meetings/{meeting.pk}/disclosure/quorum/", headers=zh).content.decode()
    assert "3 名保管人中的 2 名" in seat_page
    assert "Download your wrapped share" not in seat_page
    for path, chinese in (
        (f"/petitions/panel/?secretariat={meeting.secretariat_id}", "伦理审查小组"),
        ("/disclosure/status/", "发布状态"),
        ("/archive/petitions/confirm/", "确认您的请愿"),
    ):
        page = organizer.get(path, headers=zh)
        assert page.status_code == 200, path
        assert chinese in page.content.decode(), path


def test_hidden_characters_in_a_custodian_name_or_a_panel_address_are_refused(cast: Cast) -> None:
    from incamera.materials.models import MeetingCustodian

    url = f"/meetings/{cast.meeting.pk}/disclosure/quorum/"
    key = hybrid.public_to_text(hybrid.CustodianKeyPair.generate().public_bytes())
    page = client_for(cast.organizer)
    for name in ("Archi\u200bvist", "Archivist\u202e"):
        refused = page.post(url, {"act": "custodian", "name": name, "public_key": key})
        assert refused.status_code == 422, name
    assert not MeetingCustodian.objects.exists()
    panel = page.post(f"/petitions/panel/?secretariat={cast.meeting.secretariat_id}", {"act": "add", "email": "eth\u200bics@example.org"})
    assert panel.status_code == 422
