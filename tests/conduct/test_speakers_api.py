"""``/api/v1/meetings/{id}/speakers``: the speakers list of an agenda item (issue 12), kept as its
events and replayed, through the API as each role uses it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import User
from incamera.conduct.actions import speakers_list
from incamera.conduct.floor import ANOTHER_DELEGATION, Kind
from incamera.conduct.models import FloorEventRecord
from incamera.ledger.models import Event
from incamera.meetings import actions as meetings
from incamera.meetings.models import AgendaItem
from tests.conduct.conftest import ThreeNos
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

DELEGATE, OBSERVER, FOCAL = "Delegate Delegation", "Observer Delegation", "Focal_Point Delegation"


class Clock:
    """The API's clock, moved by hand."""

    def __init__(self) -> None:
        self.at = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: int) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("incamera.conduct.api.system_clock", clock)
    return clock


class Caller:
    def __init__(self, user: User | None, meeting_id: int) -> None:
        self.client = Client()
        self.base = f"/api/v1/meetings/{meeting_id}/speakers"
        self.headers = {}
        if user is not None:
            _row, token = do_create_api_token(user, name="t", scopes=["meetings:read", "meetings:write"])
            self.headers = {"authorization": f"Bearer {token}"}

    def get(self, query: str = "") -> Any:
        return self.client.get(self.base + query, headers=self.headers)

    def send(self, method: str, path: str = "", body: dict[str, Any] | None = None, query: str = "") -> Any:
        url = f"{self.base}{path}{query}"
        return getattr(self.client, method)(url, json.dumps(body or {}), content_type="application/json", headers=self.headers)

    def ask(self, kind: str = "speak") -> Any:
        return self.send("post", body={"kind": kind})

    def chair(self, act: str, body: dict[str, Any] | None = None) -> Any:
        return self.send("post", f"/{act}", body)


def callers(cast: Cast, meeting_id: int | None = None) -> dict[str, Caller]:
    meeting = meeting_id or cast.meeting.pk
    return {role: Caller(cast.user(role), meeting) for role in ("delegate", "observer", "focal_point", "organizer", "service", "outsider")}


def test_a_session_runs_through_the_api_and_the_record_replays_it(cast: Cast, clock: Clock) -> None:
    who = callers(cast)
    asked = who["delegate"].ask()
    assert asked.status_code == 201
    assert asked.json()["queue"] == [{"delegation": DELEGATE, "kind": "speak"}]
    assert who["observer"].ask().status_code == 201
    clock.advance(5)
    # A point of order goes ahead of every request to speak.
    assert who["focal_point"].ask("point_of_order").status_code == 201
    queue = who["organizer"].get().json()["queue"]
    assert queue == [
        {"delegation": FOCAL, "kind": "point_of_order"},
        {"delegation": DELEGATE, "kind": "speak"},
        {"delegation": OBSERVER, "kind": "speak"},
    ]

    given = who["organizer"].chair("give").json()
    assert given["current"]["delegation"] == FOCAL
    clock.advance(20)
    assert who["organizer"].chair("end").json()["current"] is None

    given = who["organizer"].chair("give")
    assert given.status_code == 200
    budget = next(b["budget_s"] for b in given.json()["budgets"] if b["delegation"] == DELEGATE)
    assert given.json()["current"] == {
        "delegation": DELEGATE,
        "started_at": clock.at.isoformat(),
        "remaining_s": budget,
        "kind": "speak",
        "paused": False,
    }
    clock.advance(30)
    assert who["organizer"].chair("pause").status_code == 200
    clock.advance(100)  # paused: not counted
    assert who["organizer"].chair("resume").status_code == 200
    clock.advance(15)
    assert who["delegate"].get().json()["current"]["remaining_s"] == budget - 45
    assert who["organizer"].chair("end").status_code == 200
    adjusted = who["organizer"].chair("adjust", {"delegation": DELEGATE, "delta_s": 60, "reason": "opened the item"})
    assert adjusted.status_code == 200
    row = next(b for b in adjusted.json()["budgets"] if b["delegation"] == DELEGATE)
    assert row == {"delegation": DELEGATE, "budget_s": budget + 60, "used_s": 45}

    state = speakers_list(cast.meeting, cast.meeting.agenda.first())  # type: ignore[arg-type]
    stats = {s.delegation: s for s in state.statistics()}
    assert (stats[DELEGATE].used_s, stats[DELEGATE].remaining_s) == (45, budget + 15)
    assert (stats[FOCAL].seconds[Kind.POINT_OF_ORDER], stats[FOCAL].used_s) == (20, 0)  # points of order are counted apart
    assert [r.delegation for r in state.queue] == [OBSERVER]
    assert state.adjustments[0].reason == "opened the item"
    assert state.adjustments[0].by == str(cast.organizer.pk)
    records = list(FloorEventRecord.objects.filter(agenda_item=state.item).values_list("type", "by"))
    assert records[0] == ("FloorRequested", cast.delegate.pk)
    assert len(records) == 10
    assert Event.objects.filter(meeting=cast.meeting, type__startswith="speakers.").count() == 10
    assert Event.objects.get(type="speakers.budget_adjusted").payload["reason"] == "opened the item"


def test_the_snapshot_has_exactly_the_documented_shape(cast: Cast, clock: Clock) -> None:
    who = callers(cast)
    empty = who["delegate"].get()
    assert empty.status_code == 200
    data = empty.json()
    assert set(data) == {"item", "current", "queue", "budgets"}
    assert data["item"] == cast.meeting.agenda.get().pk
    assert (data["current"], data["queue"]) == (None, [])
    assert {b["delegation"] for b in data["budgets"]} == {DELEGATE, OBSERVER, FOCAL}
    assert all(set(b) == {"delegation", "budget_s", "used_s"} for b in data["budgets"])
    # The first item lasts 10 minutes: its budgets share them.
    assert sum(b["budget_s"] for b in data["budgets"]) == 600
    who["delegate"].ask()
    current = who["organizer"].chair("give").json()["current"]
    # The three fields, and two the pages need: what the turn is for, and a paused timer.
    assert set(current) == {"delegation", "started_at", "remaining_s", "kind", "paused"}
    assert (current["kind"], current["paused"]) == ("speak", False)
    assert who["organizer"].chair("pause").json()["current"]["paused"] is True


def _refused(caller: Caller, response: Any, status: int, words: str, before: int) -> None:
    assert response.status_code == status, response.content
    assert words in response.json()["detail"]
    assert FloorEventRecord.objects.count() == before


def test_every_refusal_says_why_and_records_nothing(cast: Cast, clock: Clock) -> None:
    who = callers(cast)
    chair = who["organizer"]
    _refused(chair, chair.chair("give"), 409, "the list is empty", 0)
    _refused(chair, chair.chair("end"), 409, "nobody has the floor", 0)
    _refused(chair, chair.chair("pause"), 409, "nobody has the floor", 0)
    _refused(chair, chair.ask(), 409, "without a delegation", 0)
    _refused(chair, who["delegate"].send("delete", body={"kind": "speak"}), 404, "no pending request", 0)
    _refused(chair, who["observer"].ask("point_of_order"), 409, "has not been given the right", 0)
    _refused(chair, chair.chair("give", {"delegation": "Atlantis"}), 422, "'Atlantis' is not a delegation", 0)
    _refused(chair, chair.chair("adjust", {"delegation": DELEGATE, "delta_s": 0, "reason": "x"}), 422, "other than 0", 0)
    _refused(chair, chair.chair("adjust", {"delegation": DELEGATE, "delta_s": -99999, "reason": "x"}), 422, "greater than or equal", 0)
    _refused(chair, chair.chair("adjust", {"delegation": DELEGATE, "delta_s": -86400, "reason": "x"}), 422, "lowered by", 0)
    _refused(chair, chair.chair("adjust", {"delegation": DELEGATE, "delta_s": 5, "reason": "  "}), 422, "reason", 0)
    _refused(chair, chair.chair("grant", {"delegation": DELEGATE}), 422, "not an observer", 0)
    assert who["delegate"].ask().status_code == 201
    _refused(chair, who["delegate"].ask(), 409, "already asked for the floor", 1)
    _refused(chair, chair.chair("reorder", {"order": [DELEGATE, OBSERVER]}), 422, "exactly once", 1)
    _refused(chair, chair.send("post", "/give", {}, query="?item=999999"), 404, "no agenda item", 1)
    assert chair.chair("give").status_code == 200
    _refused(chair, chair.chair("give", {"delegation": DELEGATE}), 409, "already has the floor", 2)
    assert chair.chair("pause").status_code == 200
    _refused(chair, chair.chair("pause"), 409, "already paused", 3)
    assert chair.chair("grant", {"delegation": OBSERVER}).status_code == 200
    _refused(chair, chair.chair("grant", {"delegation": OBSERVER}), 409, "already been granted", 4)
    # Granted, the observer raises a point of order, and may withdraw it.
    assert who["observer"].ask("point_of_order").status_code == 201
    withdrawn = who["observer"].send("delete", body={"kind": "point_of_order"})
    assert (withdrawn.status_code, withdrawn.json()["queue"]) == (200, [])


@pytest.mark.parametrize("act", ["give", "end", "pause", "resume", "adjust", "reorder", "grant"])
@pytest.mark.parametrize("role", ["delegate", "observer", "focal_point", "service", "outsider"])
def test_only_the_chair_runs_the_list_for_the_others_it_does_not_exist(cast: Cast, act: str, role: str) -> None:
    body = {"adjust": {"delegation": DELEGATE, "delta_s": 60, "reason": "x"}, "reorder": {"order": []}, "grant": {"delegation": OBSERVER}}
    response = callers(cast)[role].chair(act, body.get(act))
    assert response.status_code == 404
    assert FloorEventRecord.objects.count() == 0


@pytest.mark.parametrize("role", ["service", "outsider", "admin"])
def test_those_outside_the_content_see_no_list(cast: Cast, role: str) -> None:
    caller = Caller(cast.user(role), cast.meeting.pk)
    assert caller.get().status_code == 404
    assert caller.ask().status_code == 404
    assert caller.send("delete", body={"kind": "speak"}).status_code == 404
    assert FloorEventRecord.objects.count() == 0


def test_without_a_token_the_api_asks_for_one(cast: Cast) -> None:
    anonymous = Caller(None, cast.meeting.pk)
    assert anonymous.get().status_code == 401
    assert anonymous.ask().status_code == 401
    assert FloorEventRecord.objects.count() == 0


def test_a_read_token_cannot_ask_for_the_floor(cast: Cast) -> None:
    _row, token = do_create_api_token(cast.delegate, name="r", scopes=["meetings:read"])
    response = Client().post(
        f"/api/v1/meetings/{cast.meeting.pk}/speakers", "{}", content_type="application/json", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


def test_each_agenda_item_has_its_own_list(cast: Cast, clock: Clock) -> None:
    second = meetings.do_add_agenda_item(cast.meeting, title="Second", by=cast.organizer)
    who = callers(cast)
    assert who["delegate"].send("post", body={"kind": "speak"}, query=f"?item={second.pk}").status_code == 201
    assert who["delegate"].get(f"?item={second.pk}").json()["queue"] == [{"delegation": DELEGATE, "kind": "speak"}]
    assert who["delegate"].get().json()["queue"] == []
    other_item = meetings.do_add_agenda_item(cast.other_meeting, title="Elsewhere", by=cast.other_meeting.created_by)
    assert who["organizer"].get(f"?item={other_item.pk}").status_code == 404


def test_a_meeting_without_an_agenda_has_no_list(cast: Cast) -> None:
    AgendaItem.objects.filter(meeting=cast.meeting).delete()
    assert callers(cast)["delegate"].get().status_code == 404


def test_under_three_nos_participants_see_only_their_own_delegation(three_nos: ThreeNos, clock: Clock) -> None:
    meeting, organizer, people = three_nos
    chile, kenya = Caller(people["Chile"], meeting.pk), Caller(people["Kenya"], meeting.pk)
    assert kenya.ask().status_code == 201
    assert chile.ask().status_code == 201
    seen = chile.get().json()
    assert seen["queue"] == [{"delegation": ANOTHER_DELEGATION, "kind": "speak"}, {"delegation": "Chile", "kind": "speak"}]
    assert [b["delegation"] for b in seen["budgets"]] == ["Chile", ANOTHER_DELEGATION, ANOTHER_DELEGATION]
    shown = json.dumps(seen)
    assert "Kenya" not in shown
    assert "Norway" not in shown
    # The chair, who sees the participant list, runs the list by name.
    chaired = Caller(organizer, meeting.pk).chair("give").json()
    assert chaired["current"]["delegation"] == "Kenya"
    assert chile.get().json()["current"]["delegation"] == ANOTHER_DELEGATION
