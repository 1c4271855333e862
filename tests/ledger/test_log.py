"""The log behind the app: events become entries, the sequencer integrates them atomically, the
served tiles verify, receipts verify, and commitments open with the sealed salt."""

import json

import pytest
from django.test import Client

from incamera.ledger import sequencer
from incamera.ledger.keys import log_origin, log_vkeys
from incamera.ledger.log import disclosed_salt
from incamera.ledger.models import Checkpoint, Event, LogEntry, Tile
from incamera.ledger.receipts import receipt_for
from incamera.meetings import actions
from incamera.tlog import entries
from incamera.tlog.verify import Receipt, verify_log, verify_receipt
from tests.conftest import Cast, make_meeting, make_user

pytestmark = pytest.mark.django_db


def _fetch(client: Client):  # type: ignore[no-untyped-def]
    def fetch(path: str) -> bytes:
        response = client.get(f"/log/{path}")
        if response.status_code == 404:
            raise LookupError(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.content

    return fetch


def test_significant_events_become_pending_entries_without_clear_content(cast: Cast) -> None:
    logged = LogEntry.objects.filter(event__type="meeting.created").get(meeting=cast.meeting)
    assert logged.index is None
    body = json.loads(bytes(logged.data))
    assert body["type"] == "meeting.created"
    assert body["public"] == {"profile": "chatham_house"}
    assert cast.meeting.title not in bytes(logged.data).decode()
    assert len(body["actor"]) == 32
    assert cast.organizer.email not in bytes(logged.data).decode()
    assert not LogEntry.objects.filter(event__type__startswith="account.").exists()  # accounts are not meetings' record


def test_actor_pseudonyms_differ_across_meetings(cast: Cast) -> None:
    second = make_meeting(cast.organizer, title="Second")
    a = json.loads(bytes(LogEntry.objects.get(event__type="meeting.created", meeting=cast.meeting).data))
    b = json.loads(bytes(LogEntry.objects.get(event__type="meeting.created", meeting=second).data))
    assert a["actor"] != b["actor"]
    assert a["meeting"] != b["meeting"]


def test_sequencer_signs_a_checkpoint_that_the_served_tiles_prove(cast: Cast) -> None:
    checkpoint = sequencer.sequence_pending()
    assert checkpoint is not None
    assert checkpoint.size == LogEntry.objects.count()
    assert sequencer.sequence_pending() is None  # idle
    vkey, _pq_vkey = log_vkeys()
    assert vkey.startswith(log_origin() + "+")
    client = Client()
    text = client.get("/log/checkpoint").content.decode()
    assert text.startswith(f"{log_origin()}\n{checkpoint.size}\n")
    assert text.count("\u2014 ") == 2  # Ed25519 and ML-DSA-44 lines
    result = verify_log(_fetch(client), log_vkey=vkey, audit=True)
    assert result.size == checkpoint.size
    # Grow the log and check consistency with the earlier checkpoint.
    make_meeting(cast.organizer, title="Another")
    sequencer.sequence_pending()
    grown = verify_log(_fetch(client), log_vkey=vkey, audit=True, since=text)
    assert grown.size == checkpoint.size + 1


def test_full_tiles_are_immutable_and_partial_ones_short_lived(cast: Cast) -> None:
    user = cast.organizer
    for i in range(260):
        make_meeting(user, title=f"M{i}")
    sequencer.sequence_pending()
    client = Client()
    full = client.get("/log/tile/0/000")
    assert full.status_code == 200
    assert len(full.content) == 256 * 32
    assert "immutable" in full["Cache-Control"]
    size = Checkpoint.objects.order_by("-size").first().size  # type: ignore[union-attr]
    partial = client.get(f"/log/tile/0/001.p/{size - 256}")
    assert partial.status_code == 200
    assert "immutable" not in partial["Cache-Control"]
    assert client.get("/log/tile/0/001").status_code == 404  # not full yet
    assert client.get("/log/tile/entries/000").status_code == 200
    assert client.get("/log/tile/9/x/y").status_code == 404


def test_receipts_verify_and_tampering_fails(cast: Cast) -> None:
    from incamera.tlog.verify import ReceiptError

    sequencer.sequence_pending()
    entry = LogEntry.objects.get(event__type="meeting.created", meeting=cast.meeting)
    receipt = receipt_for(entry)
    vkey, _ = log_vkeys()
    again = Receipt.from_json(receipt.to_json())
    verify_receipt(again, log_vkey=vkey)
    tampered = Receipt.from_json(receipt.to_json().replace('"index": ' + str(entry.index), '"index": ' + str(entry.index + 1)))
    with pytest.raises(ReceiptError):
        verify_receipt(tampered, log_vkey=vkey)


def test_commitment_opens_with_the_sealed_salt(cast: Cast) -> None:
    entry = LogEntry.objects.get(event__type="meeting.created", meeting=cast.meeting)
    body = json.loads(bytes(entry.data))
    salt = disclosed_salt(entry)
    event = Event.objects.get(pk=entry.event_id)
    entries.verify_commitment(expected=body["commitment"], salt=salt, content=event.payload)
    with pytest.raises(entries.CommitmentError):
        entries.verify_commitment(expected=body["commitment"], salt=salt, content=event.payload | {"title": "Forged"})


def test_a_crash_mid_batch_leaves_nothing_half_written(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (Checkpoint.objects.count(), Tile.objects.count(), LogEntry.objects.filter(index__isnull=False).count())

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut while signing")

    monkeypatch.setattr(sequencer, "sign_note", crash)
    with pytest.raises(RuntimeError):
        sequencer.sequence_pending()
    assert (Checkpoint.objects.count(), Tile.objects.count(), LogEntry.objects.filter(index__isnull=False).count()) == before
    monkeypatch.undo()
    assert sequencer.sequence_pending() is not None


def test_state_changes_and_acceptances_are_logged(cast: Cast) -> None:
    actions.do_transition_meeting(cast.meeting, "preparing", by=cast.organizer)
    entry = LogEntry.objects.get(event__type="meeting.state_changed")
    assert json.loads(bytes(entry.data))["public"] == {"from": "draft", "to": "preparing"}
    user = make_user("x@example.org")
    assert not LogEntry.objects.filter(event__actor=user).exists()


def test_participant_downloads_a_receipt_and_the_verify_page_accepts_it(cast: Cast) -> None:
    from tests.conftest import client_for

    actions.do_transition_meeting(cast.meeting, "preparing", by=cast.organizer)
    sequencer.sequence_pending()
    organizer = client_for(cast.organizer)
    page = organizer.get(f"/meetings/{cast.meeting.pk}/record/").content.decode()
    assert "meeting.state_changed" in page
    index = LogEntry.objects.get(event__type="meeting.state_changed").index
    download = organizer.get(f"/meetings/{cast.meeting.pk}/record/{index}.json")
    assert download.status_code == 200
    assert client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/record/{index}.json").status_code == 404
    text = download.content.decode()
    ok = Client().post("/verify/", {"receipt": text})
    assert ok.status_code == 200
    assert "The receipt is valid." in ok.content.decode()
    forged = Client().post("/verify/", {"receipt": text.replace('"index": ', '"index": 1')})
    assert forged.status_code == 422
    _says_what_it_means(forged.content.decode(), "does not prove that its entry is in this site", "tree size")
    garbage = Client().post("/verify/", {"receipt": "{not json"})
    assert garbage.status_code == 422
    assert "not a receipt this page can read" in garbage.content.decode()
    entry = LogEntry.objects.get(index=index)
    event = Event.objects.get(pk=entry.event_id)
    disclosed = Client().post("/verify/", {"receipt": text, "content": json.dumps(event.payload), "salt": disclosed_salt(entry).hex()})
    assert "matches the commitment" in disclosed.content.decode()
    wrong = Client().post("/verify/", {"receipt": text, "content": json.dumps({"from": "draft"}), "salt": disclosed_salt(entry).hex()})
    assert wrong.status_code == 422
    _says_what_it_means(wrong.content.decode(), "does not match what was logged on the day", "commitment")


def _says_what_it_means(page: str, meaning: str, jargon: str) -> None:
    """The reader's sentence comes first; the technical message only inside a <details>."""
    alert = page[page.index('id="verify-error"') :].split("</div>", maxsplit=1)[0]
    plain, _, detail = alert.partition("<details>")
    assert meaning in plain
    assert jargon not in plain
    assert jargon in detail


def test_what_the_served_log_says_in_clear_cannot_link_a_meeting(cast: Cast) -> None:
    """Issue 9, finding 6: ``nda.signed`` carried the digest of a templated text (title, date,
    venue, organizer) in clear; anyone who guessed the meeting could confirm it.  Every public
    field is now one of a few values public by design, checked on the tiles as anyone reads them."""
    from incamera.agreements import actions as nda
    from incamera.tlog.tiles import TILE_WIDTH, decode_bundle, entries_path

    digest = nda.digest_of(nda.current_nda(cast.meeting), "en")
    actions.do_add_agenda_item(cast.meeting, title="Export controls", by=cast.organizer)
    sequencer.sequence_pending()
    size = Checkpoint.objects.order_by("-size").values_list("size", flat=True).first() or 0
    client = Client()
    served = []
    for start in range(0, size, TILE_WIDTH):
        width = min(TILE_WIDTH, size - start)
        served += decode_bundle(client.get(f"/log/{entries_path(start // TILE_WIDTH, width)}").content)
    assert len(served) == size
    allowed = {"profile", "from", "to", "role", "version", "language"}
    secrets = [digest, cast.meeting.title, "Export controls", cast.organizer.email]
    for data in served:
        body = json.loads(data)
        assert set(body.get("public", {})) <= allowed, body
        assert not any(secret in data.decode() for secret in secrets), body


def test_every_change_to_a_meetings_content_is_logged(cast: Cast) -> None:
    """Issue 9, finding 10: agenda, checklist and detail changes did not reach the log."""
    item = actions.do_add_agenda_item(cast.meeting, title="Second", by=cast.organizer)
    actions.do_update_agenda_item(item, title="Second, revised", by=cast.organizer)
    actions.do_move_agenda_item(item, offset=-1, by=cast.organizer)
    custom = actions.do_add_checklist_item(cast.meeting, label="Badges printed", required=True, by=cast.organizer)
    actions.do_set_checklist_item(custom, done=True, by=cast.organizer)
    actions.do_delete_agenda_item(item, by=cast.organizer)
    logged = set(LogEntry.objects.filter(meeting=cast.meeting).values_list("event__type", flat=True))
    assert {
        "agenda.item_added",
        "agenda.item_updated",
        "agenda.item_moved",
        "agenda.item_deleted",
        "checklist.item_added",
        "checklist.ticked",
    } <= logged
