"""The speakers list's pages (issue 12): the section page, the projector view, the acts from its
forms, ``state.json``, the live stream and the statistics; and the inclusion report on the time
actually spoken."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from incamera.conduct import live
from incamera.conduct.actions import do_floor_event, speakers_list
from incamera.conduct.floor import FloorEnded, FloorGiven, FloorRequested, Kind
from incamera.conduct.models import FloorEventRecord
from incamera.kernel.clock import system_clock
from incamera.meetings import actions as meetings
from tests.conduct.conftest import ThreeNos
from tests.conftest import Cast, client_for, end_stream, make_meeting, make_user

DELEGATE, OBSERVER = "Delegate Delegation", "Observer Delegation"


def _base(cast: Cast) -> str:
    return f"/meetings/{cast.meeting.pk}/speakers"


def _item(cast: Cast) -> int:
    return cast.meeting.agenda.get().pk


def _act(client: Client, cast: Cast, *, json_answer: bool = True, **data: Any) -> Any:
    headers = {"accept": "application/json"} if json_answer else {}
    return client.post(f"{_base(cast)}/{_item(cast)}/act", data, headers=headers)


def _events(cast: Cast) -> int:
    return FloorEventRecord.objects.filter(meeting=cast.meeting).count()


def _data_of(chunk: bytes) -> dict[str, Any]:
    """The snapshot a server-sent event carries."""
    line = next(line for line in chunk.decode().splitlines() if line.startswith("data: "))
    data: dict[str, Any] = json.loads(line.removeprefix("data: "))
    return data


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_chair_runs_the_list_from_the_page_and_each_act_answers_the_new_list(cast: Cast) -> None:
    delegate, chair = client_for(cast.delegate), client_for(cast.organizer)
    asked = _act(delegate, cast, action="ask", kind="speak")
    assert asked.status_code == 200
    assert asked.json()["speakers"]["queue"] == [{"delegation": DELEGATE, "kind": "speak"}]
    assert _act(delegate, cast, action="ask", kind="reply").status_code == 200
    given = _act(chair, cast, action="give").json()["speakers"]
    assert given["current"]["delegation"] == DELEGATE
    assert given["current"]["kind"] == "reply"  # a reply goes before a request to speak
    assert _act(chair, cast, action="pause").json()["speakers"]["current"]["paused"] is True
    assert _act(chair, cast, action="resume").json()["speakers"]["current"]["paused"] is False
    assert _act(chair, cast, action="end").json()["speakers"]["current"] is None
    adjusted = _act(chair, cast, action="adjust", delegation=OBSERVER, delta_s="60", reason="a long answer").json()["speakers"]
    before = next(
        b
        for b in speakers_list(cast.meeting, cast.meeting.agenda.get()).snapshot(system_clock.now(), viewer=None, anonymise=False)[
            "budgets"
        ]
        if b["delegation"] == OBSERVER
    )
    assert next(b for b in adjusted["budgets"] if b["delegation"] == OBSERVER) == before
    assert _act(chair, cast, action="grant", delegation=OBSERVER).status_code == 200
    observer = client_for(cast.observer)
    assert _act(observer, cast, action="ask", kind="point_of_order").status_code == 200
    assert _act(client_for(cast.focal_point), cast, action="ask", kind="speak").status_code == 200
    queue = _act(chair, cast, action="reorder", order=["Focal_Point Delegation", DELEGATE]).json()["speakers"]["queue"]
    assert [(q["delegation"], q["kind"]) for q in queue] == [
        (OBSERVER, "point_of_order"),
        ("Focal_Point Delegation", "speak"),
        (DELEGATE, "speak"),
    ]
    page = chair.get(f"{_base(cast)}/").content.decode()
    assert "a long answer" in page  # the adjustment, with its reason, on record
    assert "Give the floor to the next in line" in page


@pytest.mark.django_db
def test_refused_acts_say_why_and_store_nothing(cast: Cast) -> None:
    delegate, chair = client_for(cast.delegate), client_for(cast.organizer)
    assert _act(delegate, cast, action="ask").status_code == 200
    before = _events(cast)
    twice = _act(delegate, cast, action="ask")
    assert twice.status_code == 409
    assert "already" in twice.json()["detail"]
    # Without JavaScript: a redirect back to the page, with the reason as a message.
    plain = _act(delegate, cast, json_answer=False, action="ask")
    assert plain.status_code == 302
    shown = delegate.get(plain["Location"]).content.decode()
    assert "already" in shown
    # An observer without the chair's grant, a timer on an empty floor, bad adjustments.
    assert _act(client_for(cast.observer), cast, action="ask", kind="point_of_order").status_code == 409
    assert _act(chair, cast, action="pause").status_code == 409
    assert _act(chair, cast, action="adjust", delegation=DELEGATE, delta_s="ten", reason="x").json()["field"] == "delta_s"
    assert _act(chair, cast, action="adjust", delegation=DELEGATE, delta_s="10", reason="  ").json()["field"] == "reason"
    assert _act(chair, cast, action="adjust", delegation="Atlantis", delta_s="10", reason="x").status_code == 422
    assert _act(chair, cast, action="fly").json()["field"] == "action"
    assert _act(delegate, cast, action="ask", kind="filibuster").json()["field"] == "kind"
    # The organizer takes part without a delegation: asking is refused, not lost.
    assert _act(chair, cast, action="ask").status_code == 409
    assert _events(cast) == before


@pytest.mark.django_db
def test_only_the_chair_runs_the_list(cast: Cast) -> None:
    delegate = client_for(cast.delegate)
    assert _act(delegate, cast, action="ask").status_code == 200
    before = _events(cast)
    for action in ("give", "end", "pause", "resume", "reorder", "grant", "adjust"):
        assert _act(delegate, cast, action=action, delegation=DELEGATE, delta_s="5", reason="x").status_code == 404, action
    assert _events(cast) == before
    page = delegate.get(f"{_base(cast)}/").content.decode()
    assert "Give the floor to the next in line" not in page
    assert "Adjust a budget" not in page
    assert "Withdraw the request (to speak)" in page  # the delegation's own request


@pytest.mark.django_db
def test_a_meeting_without_an_agenda_says_so(db: None) -> None:
    organizer = make_user("chair@example.org", organize=True)
    meeting = make_meeting(organizer)
    page = client_for(organizer).get(f"/meetings/{meeting.pk}/speakers/")
    assert page.status_code == 200
    assert "no agenda item yet" in page.content.decode()


def test_under_three_nos_the_pages_name_only_the_readers_delegation(three_nos: ThreeNos) -> None:
    meeting, organizer, people = three_nos
    item = meeting.agenda.get()
    for name in ("Kenya", "Chile"):
        do_floor_event(meeting, item, FloorRequested(at=system_clock.now(), by="", delegation=name), by=people[name])
    do_floor_event(meeting, item, FloorGiven(at=system_clock.now(), by=""), by=organizer)
    chile = client_for(people["Chile"])
    for path in (f"/meetings/{meeting.pk}/speakers/", f"/meetings/{meeting.pk}/speakers/{item.pk}/projector/"):
        page = chile.get(path).content.decode()
        assert "another delegation" in page
        assert "Kenya" not in page
        assert "Norway" not in page
    state = chile.get(f"/meetings/{meeting.pk}/speakers/{item.pk}/state.json").json()
    assert state["speakers"]["current"]["delegation"] == "another delegation"
    assert "Kenya" not in json.dumps(state)
    # The statistics name every delegation: not for them.
    assert "Statistics of this item" not in chile.get(f"/meetings/{meeting.pk}/speakers/").content.decode()
    assert chile.get(f"/meetings/{meeting.pk}/speakers.csv").status_code == 404
    assert "Kenya" in client_for(organizer).get(f"/meetings/{meeting.pk}/speakers/").content.decode()


@pytest.mark.django_db
def test_the_projector_view_has_no_controls(cast: Cast) -> None:
    _act(client_for(cast.delegate), cast, action="ask")
    _act(client_for(cast.organizer), cast, action="give")
    page = client_for(cast.organizer).get(f"{_base(cast)}/{_item(cast)}/projector/").content.decode()
    assert DELEGATE in page
    assert '<form method="post" action="/meetings' not in page
    assert 'role="timer"' in page


@pytest.mark.django_db
def test_statistics_and_the_inclusion_report_use_the_time_actually_spoken(cast: Cast) -> None:
    import datetime as dt

    item = cast.meeting.agenda.get()
    start = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)
    inclusion = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/inclusion/").content.decode()
    assert "speaking time is each delegation's budget" in inclusion
    do_floor_event(cast.meeting, item, FloorGiven(at=start, by="", delegation=DELEGATE), by=cast.organizer)
    do_floor_event(cast.meeting, item, FloorEnded(at=start + dt.timedelta(seconds=75), by=""), by=cast.organizer)
    do_floor_event(
        cast.meeting, item, FloorGiven(at=start + dt.timedelta(seconds=80), by="", delegation=OBSERVER, kind=Kind.REPLY), by=cast.organizer
    )
    do_floor_event(cast.meeting, item, FloorEnded(at=start + dt.timedelta(seconds=100), by=""), by=cast.organizer)
    rows = list(csv.DictReader(io.StringIO(client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/speakers.csv").content.decode())))
    by_delegation = {row["delegation"]: row for row in rows}
    assert (by_delegation[DELEGATE]["speak_turns"], by_delegation[DELEGATE]["speak_s"], by_delegation[DELEGATE]["used_s"]) == (
        "1",
        "75",
        "75",
    )
    assert (by_delegation[OBSERVER]["reply_turns"], by_delegation[OBSERVER]["reply_s"], by_delegation[OBSERVER]["used_s"]) == (
        "1",
        "20",
        "0",
    )
    # On the page, each count stands under its own kind's column: to speak, point of order, reply.
    page = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/speakers/?item={item.pk}").content.decode()
    cells = re.findall(r"<tr><td>([^<]+)</td><td>(\d+ turns?, \d+ s)</td><td>(\d+ turns?, \d+ s)</td><td>(\d+ turns?, \d+ s)</td>", page)
    assert (DELEGATE, "1 turn, 75 s", "0 turns, 0 s", "0 turns, 0 s") in cells
    assert (OBSERVER, "0 turns, 0 s", "0 turns, 0 s", "1 turn, 20 s") in cells
    inclusion = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/inclusion/").content.decode()
    assert "actually held the floor" in inclusion
    from incamera.conduct.actions import actual_speaking_seconds

    assert actual_speaking_seconds(cast.meeting) == {DELEGATE: 75, OBSERVER: 20, "Focal_Point Delegation": 0}


# --- the live stream -----------------------------------------------------------------------------


@pytest.fixture
def quick_heartbeat(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream with nothing to say writes a keep-alive after 1 s instead of 15."""
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 1.0)


def _stream(client: Client, url: str) -> tuple[Any, Iterator[bytes]]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/event-stream")
    return response, iter(response.streaming_content)


def _next_event(chunks: Iterator[bytes], tries: int = 5) -> bytes:
    """The next chunk that is an event (keep-alives skipped, a few at most)."""
    for _ in range(tries):
        chunk = next(chunks)
        if b"data: " in chunk:
            return chunk
    raise AssertionError("no event came")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("quick_heartbeat")
def test_a_stream_sends_the_list_and_then_every_change_made_anywhere(cast: Cast) -> None:
    streams_before = live.hub.streams
    response, chunks = _stream(client_for(cast.delegate), f"{_base(cast)}/{_item(cast)}/events")
    first = next(chunks)
    assert first.startswith(b"retry: 1000\n\n")
    assert _data_of(first)["queue"] == []
    assert live.hub.streams == streams_before + 1
    # The change is stored by another client (another server process would do the same): the
    # stream learns it from the database.
    assert _act(client_for(cast.observer), cast, action="ask", kind="speak").status_code == 200
    changed = _next_event(chunks)
    assert _data_of(changed)["queue"] == [{"delegation": OBSERVER, "kind": "speak"}]
    assert changed.startswith(b"id: ")
    end_stream(response)
    assert live.hub.streams == streams_before  # the slot is given back


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("quick_heartbeat")
def test_a_stream_under_three_nos_names_only_the_readers_delegation(three_nos: ThreeNos) -> None:
    meeting, _organizer, people = three_nos
    item = meeting.agenda.get()
    url = f"/meetings/{meeting.pk}/speakers/{item.pk}/events"
    (response, chunks), (kenyan, kenyan_chunks) = _stream(client_for(people["Chile"]), url), _stream(client_for(people["Kenya"]), url)
    next(chunks)
    next(kenyan_chunks)
    do_floor_event(meeting, item, FloorRequested(at=system_clock.now(), by="", delegation="Kenya"), by=people["Kenya"])
    data = _data_of(_next_event(chunks))
    assert data["queue"] == [{"delegation": "another delegation", "kind": "speak"}]
    assert "Kenya" not in json.dumps(data)
    # Streams that see the list alike share one drawing of it; these two do not.
    assert _data_of(_next_event(kenyan_chunks))["queue"] == [{"delegation": "Kenya", "kind": "speak"}]
    end_stream(response)
    end_stream(kenyan)


@pytest.mark.django_db
def test_a_full_server_refuses_a_stream_and_the_page_polls_instead(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live.hub, "capacity", live.hub.streams)
    refused = client_for(cast.delegate).get(f"{_base(cast)}/{_item(cast)}/events")
    assert refused.status_code == 503
    assert "every second" in refused.json()["detail"]
    assert refused["Retry-After"] == "30"
    polled = client_for(cast.delegate).get(f"{_base(cast)}/{_item(cast)}/state.json")
    assert polled.status_code == 200
    assert set(polled.json()) == {"version", "speakers"}


@pytest.mark.django_db
def test_outsiders_get_no_stream_and_no_state(cast: Cast) -> None:
    for user in (cast.outsider, cast.service):
        client = client_for(user)
        for path in ("events", "state.json", "projector/"):
            assert client.get(f"{_base(cast)}/{_item(cast)}/{path}").status_code == 404
        assert _act(client, cast, action="ask").status_code == 404
    other_item = meetings.do_add_agenda_item(cast.other_meeting, title="Elsewhere", by=cast.other_meeting.created_by)
    assert client_for(cast.delegate).get(f"{_base(cast)}/{other_item.pk}/events").status_code == 404
