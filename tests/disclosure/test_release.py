"""Approval, release exactly once and never early, the public archive and its records."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from incamera.disclosure import actions
from incamera.disclosure.models import Item, ItemState
from incamera.kernel.clock import FixedClock
from incamera.kernel.errors import InvalidInputError, TransitionError
from incamera.ledger.keys import log_vkeys
from incamera.ledger.models import Event, LogEntry
from incamera.ledger.sequencer import sequence_pending
from incamera.materials import keyring
from incamera.meetings.models import Meeting
from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution
from incamera.tlog.verify import Receipt, verify_receipt
from tests.conftest import Cast, client_for, make_meeting, make_user

pytestmark = pytest.mark.django_db
ENDED = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)  # before today: the outline (+30 days) is due
NOW = dt.datetime.now(dt.UTC)


def _closed(cast: Cast) -> Meeting:
    resolution = resolutions.do_create_resolution(
        cast.meeting, title="On traceability", texts={"en": "The registry is shared."}, legal_character="decision", by=cast.organizer
    )
    Resolution.objects.filter(pk=resolution.pk).update(state="adopted")
    Meeting.objects.filter(pk=cast.meeting.pk).update(state="closed", ends_at=ENDED, starts_at=ENDED - dt.timedelta(hours=4))
    cast.meeting.refresh_from_db()
    return cast.meeting


def test_the_schedule_changes_until_the_meeting_closes(cast: Cast) -> None:
    schedule = actions.do_update_schedule(cast.meeting, {"outline": 10, "non_sensitive": 60, "full": 200}, by=cast.organizer)
    assert (schedule.outline_days, schedule.non_sensitive_days, schedule.full_days) == (10, 60, 200)
    _closed(cast)
    with pytest.raises(TransitionError, match="can no longer change"):
        actions.do_update_schedule(cast.meeting, {"outline": 1}, by=cast.organizer)
    schedule.refresh_from_db()
    assert schedule.outline_days == 10


def test_items_are_proposed_approved_and_committed_in_the_log(cast: Cast) -> None:
    meeting = _closed(cast)
    made = actions.do_propose_items(meeting, by=cast.organizer)
    assert sorted(i.kind for i in made) == ["outline", "resolution"]
    assert actions.do_propose_items(meeting, by=cast.organizer) == []  # nothing twice
    resolution_item = Item.objects.get(kind="resolution")
    assert resolution_item.tier == "non_sensitive"  # the earliest Chatham House allows
    with pytest.raises(InvalidInputError, match="no earlier than the non_sensitive tier"):
        actions.do_set_tier(resolution_item, "outline", by=cast.organizer)
    actions.do_set_tier(resolution_item, "full", by=cast.organizer)
    outline = actions.do_approve_item(Item.objects.get(kind="outline"), by=cast.organizer)
    assert outline.state == ItemState.APPROVED
    assert outline.due_at == ENDED + dt.timedelta(days=30)
    assert (outline.content, outline.salt) == ("", "")  # nothing in clear before the release
    assert b"Critical minerals" not in bytes(outline.sealed)
    entry = LogEntry.objects.get(event=outline.approval_event)
    logged = json.loads(bytes(entry.data))
    assert logged["public"] == {"tier": "outline", "commitment": outline.commitment}
    with pytest.raises(TransitionError):
        actions.do_approve_item(outline, by=cast.organizer)


def test_nothing_is_approved_before_the_meeting_closes(cast: Cast) -> None:
    actions.do_propose_items(cast.meeting, by=cast.organizer)
    with pytest.raises(TransitionError, match="once the meeting has closed"):
        actions.do_approve_item(Item.objects.get(kind="outline"), by=cast.organizer)


def test_a_release_happens_once_and_never_early_whatever_the_clock(cast: Cast) -> None:
    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    for item in Item.objects.all():
        actions.do_approve_item(item, by=cast.organizer)
    due = ENDED + dt.timedelta(days=30)
    # A clock set back: the database says it is due, the machine does not.
    assert actions.release_due(clock=FixedClock(due - dt.timedelta(minutes=1))).released == 0
    # A clock set forward by years: the resolution's tier (+90) is due for the machine, but the
    # database's clock says it is not yet when the meeting ended in the future.
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=NOW + dt.timedelta(days=10))
    Item.objects.filter(kind="resolution").update(due_at=NOW + dt.timedelta(days=100))
    assert actions.release_due(clock=FixedClock(NOW + dt.timedelta(days=1000))).released == 1  # only the outline
    assert Item.objects.get(kind="resolution").state == ItemState.APPROVED
    assert actions.release_due(clock=FixedClock(NOW + dt.timedelta(days=1000))).released == 0  # never twice
    outline = Item.objects.get(kind="outline")
    assert outline.state == ItemState.RELEASED
    assert "Critical minerals roundtable" in outline.content
    assert hashlib.sha256(bytes.fromhex(outline.salt) + outline.content.encode()).hexdigest() == outline.commitment
    assert Event.objects.filter(type="disclosure.released").count() == 1


def test_the_public_record_checks_against_the_log(cast: Cast) -> None:
    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    outline = actions.do_approve_item(Item.objects.get(kind="outline"), by=cast.organizer)
    hidden = client_for(None).get(f"/archive/items/{outline.pk}.json")
    assert hidden.status_code == 404  # not released: it does not exist for the public
    actions.release_due()
    sequence_pending()
    anyone = client_for(None)
    assert "Critical minerals roundtable" in anyone.get("/archive/").content.decode()
    record = anyone.get(f"/archive/items/{outline.pk}.json").json()
    assert hashlib.sha256(bytes.fromhex(record["salt"]) + record["content"].encode()).hexdigest() == record["commitment"]
    receipt = Receipt.from_json(json.dumps(record["receipt"]))
    assert receipt.index == record["log_index"]
    verify_receipt(receipt, log_vkey=log_vkeys()[0])
    assert json.loads(receipt.entry)["public"]["commitment"] == record["commitment"]
    text = json.dumps(record)
    checked = anyone.post("/verify/archive/", {"record": text})
    assert checked.status_code == 200
    assert "The record is authentic." in checked.content.decode()
    changed = anyone.post("/verify/archive/", {"record": text.replace("Critical minerals", "Critical mineral")})
    assert changed.status_code == 422
    assert "the content was changed" in changed.content.decode()
    assert anyone.post("/verify/archive/", {"record": "{}"}).status_code == 422
    found = anyone.get("/archive/?q=minerals").content.decode()
    assert f"/archive/items/{outline.pk}/" in found
    assert "Nothing released matches" in anyone.get("/archive/?q=traceability").content.decode()  # approved later, not released
    assert anyone.get("/archive/?q=%21%21%21").status_code == 422  # only punctuation
    assert anyone.get("/archive/?q=" + "a" * 10_000).status_code == 422
    feed = anyone.get("/archive/feed.json").json()
    assert [entry["title"] for entry in feed["items"]] == [outline.title]
    assert anyone.get(f"/archive/feed.json?meeting={meeting.pk + 1}").json()["items"] == []
    atom = anyone.get("/archive/feed.atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    import xml.etree.ElementTree as ET

    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == [outline.title]
    page = anyone.get(f"/archive/items/{outline.pk}/").content.decode()
    assert record["salt"] in page
    assert anyone.get(f"/archive/items/{Item.objects.get(kind='resolution').pk}/").status_code == 404


def test_a_failed_release_is_kept_retried_and_reported(cast: Cast) -> None:
    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    outline = actions.do_approve_item(Item.objects.get(kind="outline"), by=cast.organizer)
    Item.objects.filter(pk=outline.pk).update(sealed=b"corrupted")
    done = actions.release_due()
    assert (done.released, done.failed) == (0, 1)
    outline.refresh_from_db()
    assert (outline.state, outline.attempts) == (ItemState.APPROVED, 1)
    assert outline.retry_at is not None
    assert outline.last_error
    assert len(mail.outbox) == 1
    assert "failed" in mail.outbox[0].subject
    assert actions.release_due().released == 0  # waits for its retry time


def test_only_organizers_see_the_disclosure_section(cast: Cast) -> None:
    url = f"/meetings/{cast.meeting.pk}/disclosure/"
    assert client_for(cast.delegate).get(url).status_code == 404
    page = client_for(cast.organizer).get(url)
    assert page.status_code == 200
    assert "No item yet" in page.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_four_workers_release_every_item_exactly_once(cast: Cast) -> None:
    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    template = actions.do_approve_item(Item.objects.get(kind="outline"), by=cast.organizer)
    copies = Item.objects.bulk_create(
        [
            Item(
                meeting=meeting,
                kind="note",
                ref=str(n),
                title=f"copy {n}",
                tier="outline",
                state=ItemState.APPROVED,
                due_at=template.due_at,
            )
            for n in range(400)
        ]
    )
    for copy in Item.objects.filter(kind="note"):
        salt = os.urandom(32)
        content = f"released copy {copy.ref}"
        copy.sealed = keyring.seal(
            meeting, json.dumps({"content": content, "salt": salt.hex()}).encode(), label=f"disclosure-item {copy.pk}"
        )
        copy.commitment = actions.commitment_of(salt, content)
        copy.save(update_fields=["sealed", "commitment"])
    assert len(copies) == 400
    start = threading.Barrier(4)
    counts: list[int] = []

    def work() -> None:
        try:
            start.wait(10)
            counts.append(actions.release_due(limit=1000).released)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == 401
    released = [e["item"] for e in Event.objects.filter(type="disclosure.released").values_list("payload", flat=True)]
    assert len(released) == len(set(released)) == 401  # every item once, none twice
    assert Item.objects.filter(state=ItemState.RELEASED).count() == 401
    assert all(counts)  # the work was shared


_KILLED_WORKER = """
import sys, time
import django
django.setup()
from incamera.disclosure import actions
real = actions.record_event
def stall(*args, **kwargs):
    event = real(*args, **kwargs)  # the item is saved as released, the event written: nothing committed yet
    print("READY", flush=True)
    time.sleep(120)
    return event
actions.record_event = stall
actions.release_due(limit=1)
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process needs a server database")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_release_leaves_nothing_half_released(cast: Cast) -> None:
    import signal
    import subprocess
    import sys

    from django.conf import settings

    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    outline = actions.do_approve_item(Item.objects.get(kind="outline"), by=cast.organizer)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "incamera.settings",
        "INCAMERA_DATA_DIR": str(settings.DATA_DIR),
        "INCAMERA_KEK_DIR": str(settings.INCAMERA_KEK_DIR),
        "INCAMERA_KEK_PATH": str(settings.INCAMERA_KEK_PATH),
        "INCAMERA_DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    worker = subprocess.Popen([sys.executable, "-c", _KILLED_WORKER], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None
        said = []
        while (line := worker.stdout.readline()) and line.strip() != "READY":
            said.append(line)
        assert line.strip() == "READY", "".join(said) + (worker.stderr.read() if worker.stderr else "")
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
    outline.refresh_from_db()
    assert (outline.state, outline.content, outline.salt) == (ItemState.APPROVED, "", "")  # nothing half-released
    assert not Event.objects.filter(type="disclosure.released").exists()
    assert actions.release_due().released == 1  # another worker releases it, once
    assert Event.objects.filter(type="disclosure.released").count() == 1


def test_a_note_is_de_attributed_and_the_organizer_sees_the_changes_before_approving(cast: Cast) -> None:
    from incamera.meetings import actions as meetings
    from incamera.notes.actions import do_add_note
    from tests.conftest import make_user

    do_add_note(cast.meeting, text="Ms Farida Haddad warned that export quotas would hurt smelters.", by=cast.organizer)
    # She joins afterwards: the note written before now names a participant, and the release must not.
    haddad = make_user("f.haddad@example.org", name="Farida Haddad")
    meetings.do_add_member(cast.meeting, haddad, role="delegate", delegation="Morocco", by=cast.organizer)
    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    note = Item.objects.get(kind="note")
    assert note.tier == "non_sensitive"
    page = client_for(cast.organizer).get(f"/meetings/{meeting.pk}/disclosure/items/{note.pk}/").content.decode()
    assert "<del>Ms Farida Haddad</del>" in page
    assert "<ins>Participant A</ins>" in page
    assert client_for(cast.delegate).get(f"/meetings/{meeting.pk}/disclosure/items/{note.pk}/").status_code == 404
    actions.do_approve_item(note, by=cast.organizer)
    Item.objects.filter(pk=note.pk).update(due_at=ENDED)
    assert actions.release_due().released >= 1
    note.refresh_from_db()
    assert "Haddad" not in note.content
    assert note.content.startswith("Participant A warned that export quotas")


def test_each_item_is_scored_its_tier_suggested_and_a_person_decides(cast: Cast) -> None:
    risky = resolutions.do_create_resolution(
        cast.meeting,
        title="On stockpiles",
        texts={"en": "Classified intelligence on nuclear weapons programmes and cyberattacks on refineries was shared."},
        legal_character="decision",
        by=cast.organizer,
    )
    Resolution.objects.filter(pk=risky.pk).update(state="adopted")
    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    plain, sensitive = Item.objects.get(title="On traceability"), Item.objects.get(title="On stockpiles")
    assert (plain.suggested_tier, plain.tier) == ("non_sensitive", "non_sensitive")
    assert plain.sensitivity["score"] < 20
    assert sensitive.suggested_tier == "sealed"
    assert "security" in {r["category"] for r in sensitive.sensitivity["reasons"]}
    assert sum(r["points"] for r in sensitive.sensitivity["reasons"]) >= min(sensitive.sensitivity["score"], 100)
    page = client_for(cast.organizer).get(f"/meetings/{meeting.pk}/disclosure/items/{sensitive.pk}/").content.decode()
    assert "sealed suggested" in page
    actions.do_set_tier(sensitive, "full", by=cast.organizer)  # a person decides otherwise; both are kept
    sensitive.refresh_from_db()
    assert (sensitive.suggested_tier, sensitive.tier, sensitive.decided_by) == ("sealed", "full", cast.organizer)
    approved = actions.do_approve_item(plain, by=cast.organizer)
    assert approved.decided_by == cast.organizer  # approving confirms the suggestion


def test_the_worker_command_releases_what_is_due(cast: Cast) -> None:
    import io

    from django.core.management import call_command

    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    actions.do_approve_item(Item.objects.get(kind="outline"), by=cast.organizer)
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    assert out.getvalue().strip() == "released 1, failed 0"
    call_command("worker", "--once", stdout=(second := io.StringIO()))
    assert second.getvalue() == ""  # nothing left: nothing released twice


def test_a_document_marked_public_is_released_with_its_file_checked_against_the_commitment(cast: Cast) -> None:
    import hashlib

    from incamera.materials.actions import do_upload
    from incamera.materials.models import Document

    brief = b"The registry of lithium exports is shared among the members.\n" * 30
    document = do_upload(cast.meeting, filename="brief.txt", title="Public brief", data=brief, by=cast.organizer)
    page = client_for(cast.organizer)
    url = f"/meetings/{cast.meeting.pk}/disclosure/"
    assert "Mark “Public brief” public" in page.get(url).content.decode()
    assert page.post(url, {"act": "material", "document": document.pk}).status_code == 302
    assert page.post(url, {"act": "material", "document": document.pk}).status_code == 422  # once
    assert page.post(url, {"act": "material", "document": 999999}).status_code == 422
    item = Item.objects.get(kind="material")
    assert item.tier == "non_sensitive"
    with pytest.raises(InvalidInputError, match="do not mark it public"):
        actions.do_set_tier(item, "sealed", by=cast.organizer)
    # Withdrawn while only proposed, and marked again.
    assert page.post(f"/meetings/{cast.meeting.pk}/disclosure/items/{item.pk}/act", {"act": "withdraw"}).status_code == 302
    assert not Item.objects.filter(kind="material").exists()
    item = actions.do_mark_public(cast.meeting, document.pk, by=cast.organizer)
    other = do_upload(cast.meeting, filename="notes.txt", title="Second brief", data=brief, by=cast.organizer)
    meeting = _closed(cast)
    approved = actions.do_approve_item(item, by=cast.organizer)
    with pytest.raises(TransitionError):
        actions.do_withdraw_item(approved, by=cast.organizer)
    Item.objects.filter(pk=item.pk).update(due_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    assert actions.release_due().released == 1
    released = Item.objects.get(pk=item.pk)
    assert f"SHA-256: {hashlib.sha256(brief).hexdigest()}" in released.content
    assert "lithium exports" in released.content  # a text document's text is searchable
    download = client_for(None).get(f"/archive/items/{released.pk}/file")
    assert download.status_code == 200
    assert download.content == brief  # the file as uploaded, without any recipient's marks
    assert "brief.txt" in download["Content-Disposition"]
    assert actions.commitment_of(bytes.fromhex(released.salt), released.content) == released.commitment
    # A file changed after approval is not released: the commitment names the old one.
    second = actions.do_approve_item(actions.do_mark_public(meeting, other.pk, by=cast.organizer), by=cast.organizer)
    from incamera.crypto import envelope
    from incamera.materials.actions import meeting_key

    changed = envelope.encrypt(
        meeting_key(meeting), brief + b"One more line.\n", aad=f"incamera meeting {meeting.pk} document {other.pk}".encode()
    )
    Document.objects.filter(pk=other.pk).update(ciphertext=changed)
    Item.objects.filter(pk=second.pk).update(due_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    assert actions.release_due().failed == 1
    failed = Item.objects.get(pk=second.pk)
    assert failed.state == ItemState.APPROVED
    assert "no longer matches the file approved" in failed.last_error


def test_the_status_page_shows_the_workers_the_backlog_and_the_failures(cast: Cast) -> None:
    from incamera.disclosure.models import WorkerHeartbeat

    meeting = _closed(cast)
    page = client_for(cast.organizer)
    assert "No release worker has reported" in page.get("/disclosure/status/").content.decode()
    assert client_for(cast.delegate).get("/disclosure/status/").status_code == 404
    actions.do_propose_items(meeting, by=cast.organizer)
    for item in Item.objects.all():
        actions.do_approve_item(item, by=cast.organizer)
    Item.objects.update(due_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=60))
    Item.objects.filter(kind="outline").update(due_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1), sealed=b"broken")
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    assert "failed 1" in out.getvalue()
    beat = WorkerHeartbeat.objects.get()
    assert (beat.released, beat.failed) == (0, 1)
    shown = page.get("/disclosure/status/").content.decode()
    assert "No release worker has reported" not in shown
    assert meeting.title in shown  # the failing outline, with its error
    status = io.StringIO()
    call_command("worker", "--status", stdout=status)
    assert "due and not released: 1" in status.getvalue()
    assert "failing: item" in status.getvalue()
    # Review finding 6: a colleague organizing another meeting of the same secretariat sees none
    # of this meeting's titles or errors (it does not exist for them); nor the workers' hosts.
    colleague = make_user("colleague@example.org", organize=True)
    make_meeting(colleague, title="The colleague's own meeting")
    theirs = client_for(colleague).get("/disclosure/status/")
    assert theirs.status_code == 200
    assert meeting.title not in theirs.content.decode()
    assert beat.worker not in theirs.content.decode()
    assert (
        client_for(make_user("third-organizer@example.org", organize=True, secretariat="A third")).get("/disclosure/status/").status_code
        == 404
    )
