"""What the session's tests share."""

from __future__ import annotations

import pytest

from incamera.accounts.models import User
from incamera.meetings import actions as meetings
from incamera.meetings.models import Meeting
from tests.conftest import make_meeting, make_user, sign_nda

ThreeNos = tuple[Meeting, User, dict[str, User]]


@pytest.fixture
def three_nos(db: None) -> ThreeNos:
    """A three-nos meeting: its chair, and Chile, Kenya and Norway, each a delegate who signed."""
    organizer = make_user("chair@example.org", organize=True)
    meeting = make_meeting(organizer, profile="three_nos")
    meetings.do_add_agenda_item(meeting, title="Opening", by=organizer)
    people = {}
    for name in ("Chile", "Kenya", "Norway"):
        people[name] = make_user(f"{name.lower()}@example.org")
        meetings.do_add_member(meeting, people[name], role="delegate", delegation=name, by=organizer)
        sign_nda(people[name], meeting)
    return meeting, organizer, people
