import datetime as dt
import io

import pytest

from incamera.kernel.errors import ConflictError, InvalidInputError, TransitionError
from incamera.ledger.models import Event
from incamera.meetings import actions
from incamera.meetings.models import Meeting
from tests.conftest import client_for, make_meeting, make_user

pytestmark = pytest.mark.django_db


def _input(**overrides: object) -> actions.MeetingInput:
    start = dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)
    data = {"title": "Board", "starts_at": start, "ends_at": start + dt.timedelta(hours=2)} | overrides
    return actions.MeetingInput(**data)  # type: ignore[arg-type]


def test_creating_a_meeting_makes_the_creator_organizer_and_records_an_event() -> None:
    user = make_user("sec@example.org", organize=True)
    meeting = make_meeting(user, languages=["en", "fr"])
    assert meeting.memberships.get().role == "organizer"
    assert set(meeting.checklist.values_list("key", flat=True)) >= {"ndas_signed", "interpretation_booths"}
    event = Event.objects.get(type="meeting.created")
    assert event.meeting == meeting
    assert event.actor == user
    assert event.payload["profile"] == "chatham_house"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"profile": "open"}, "profile"),
        ({"languages": ["xx"]}, "languages"),
        ({"languages": []}, "languages"),
        ({"title": "Board\u202e"}, "title"),
        ({"mode": "telepathy"}, "mode"),
    ],
)
def test_bad_meeting_input_names_the_field_and_writes_nothing(overrides: dict[str, object], field: str) -> None:
    user = make_user("sec@example.org", organize=True)
    events = Event.objects.count()
    with pytest.raises(InvalidInputError) as info:
        actions.do_create_meeting(_input(**overrides), secretariat=user.secretariat_roles.get(role="organizer").secretariat, by=user)
    assert info.value.field == field
    assert Meeting.objects.count() == 0
    assert Event.objects.count() == events


def test_end_before_start_is_refused() -> None:
    user = make_user("sec@example.org", organize=True)
    start = dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(InvalidInputError, match="after the start"):
        actions.do_create_meeting(
            _input(ends_at=start - dt.timedelta(hours=1)), secretariat=user.secretariat_roles.get(role="organizer").secretariat, by=user
        )


def test_concurrent_edit_is_refused_and_keeps_the_first_save() -> None:
    user = make_user("sec@example.org", organize=True)
    meeting = make_meeting(user)
    stale_version = meeting.version
    actions.do_update_meeting(meeting, _input(title="First edit"), expected_version=stale_version, by=user)
    with pytest.raises(ConflictError, match="someone else saved"):
        actions.do_update_meeting(meeting, _input(title="Second edit"), expected_version=stale_version, by=user)
    meeting.refresh_from_db()
    assert meeting.title == "First edit"


def test_in_session_requires_every_required_checklist_item() -> None:
    user = make_user("sec@example.org", organize=True)
    meeting = make_meeting(user)
    actions.do_add_agenda_item(meeting, title="Opening", by=user)
    delegate = make_user("delegate@example.org")
    actions.do_add_member(meeting, delegate, role="delegate", by=user)
    actions.do_transition_meeting(meeting, "preparing", by=user)
    with pytest.raises(TransitionError) as info:
        actions.do_transition_meeting(meeting, "in_session", by=user)
    assert any("All NDAs signed" in r for r in info.value.reasons)
    from tests.conftest import sign_nda

    sign_nda(delegate, meeting)  # the NDA item ticks itself
    meeting.refresh_from_db()
    assert meeting.state == "preparing"
    for item in meeting.checklist.filter(required=True).exclude(key="ndas_signed"):
        actions.do_set_checklist_item(item, done=True, by=user)
    actions.do_transition_meeting(meeting, "in_session", by=user)
    meeting.refresh_from_db()
    assert meeting.state == "in_session"
    assert Event.objects.filter(type="meeting.state_changed", payload__to="in_session").exists()


def test_custom_required_item_blocks_opening() -> None:
    user = make_user("sec@example.org", organize=True)
    meeting = make_meeting(user)
    actions.do_add_agenda_item(meeting, title="Opening", by=user)
    for item in meeting.checklist.exclude(key="ndas_signed"):
        actions.do_set_checklist_item(item, done=True, by=user)
    actions.do_add_checklist_item(meeting, label="Badges printed", required=True, by=user)
    actions.do_transition_meeting(meeting, "preparing", by=user)
    with pytest.raises(TransitionError, match="In session") as info:
        actions.do_transition_meeting(meeting, "in_session", by=user)
    # With nobody invited to sign, "All NDAs signed" is not done either (issue 10: it ticked itself).
    assert info.value.reasons == ["readiness item not ticked: All NDAs signed", "readiness item not ticked: Badges printed"]


def test_skipping_a_state_is_refused() -> None:
    user = make_user("sec@example.org", organize=True)
    meeting = make_meeting(user)
    with pytest.raises(TransitionError) as info:
        actions.do_transition_meeting(meeting, "closed", by=user)
    assert "cannot move to 'Closed'" in info.value.reasons[0]


def test_agenda_is_ordered_moved_and_renumbered() -> None:
    user = make_user("sec@example.org", organize=True)
    meeting = make_meeting(user)
    a, b, c = (actions.do_add_agenda_item(meeting, title=t, by=user) for t in "ABC")
    actions.do_move_agenda_item(c, offset=-1, by=user)
    assert [i.title for i in meeting.agenda.all()] == ["A", "C", "B"]
    actions.do_move_agenda_item(a, offset=-1, by=user)  # already first: stays
    actions.do_delete_agenda_item(meeting.agenda.get(title="C"), by=user)
    assert list(meeting.agenda.values_list("title", "position")) == [("A", 1), ("B", 2)]
    assert b.pk in meeting.agenda.values_list("pk", flat=True)


def test_profile_change_after_draft_is_refused() -> None:
    user = make_user("sec@example.org", organize=True)
    meeting = make_meeting(user)
    actions.do_add_agenda_item(meeting, title="Opening", by=user)
    actions.do_transition_meeting(meeting, "preparing", by=user)
    meeting.refresh_from_db()
    with pytest.raises(InvalidInputError, match="only while the meeting is a draft"):
        actions.do_update_meeting(meeting, _input(profile="three_nos"), expected_version=meeting.version, by=user)


def test_pages_show_times_in_the_meetings_time_zone() -> None:
    from tests.conftest import client_for

    user = make_user("sec@example.org", organize=True)
    meeting = make_meeting(user)  # 09:00 UTC, shown in Europe/Zurich (UTC+1 in March)
    page = client_for(user).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "2030-03-01 10:00" in page
    dashboard = client_for(user).get("/meetings/").content.decode()
    assert "2030-03-01 10:00" in dashboard


def _frozen_changes(cast):  # type: ignore[no-untyped-def]
    """Every change to a meeting's content, as (name, callable)."""
    from incamera.agreements import actions as nda
    from incamera.invitations import actions as invitations
    from incamera.materials import actions as materials

    item = cast.meeting.agenda.first()
    box = cast.meeting.checklist.exclude(key="ndas_signed").first()
    data = actions.MeetingInput(title="Renamed", starts_at=cast.meeting.starts_at, ends_at=cast.meeting.ends_at)
    return [
        ("title", lambda: actions.do_update_meeting(cast.meeting, data, expected_version=cast.meeting.version, by=cast.organizer)),
        ("agenda add", lambda: actions.do_add_agenda_item(cast.meeting, title="Late item", by=cast.organizer)),
        ("agenda edit", lambda: actions.do_update_agenda_item(item, title="Rewritten", by=cast.organizer)),
        ("agenda delete", lambda: actions.do_delete_agenda_item(item, by=cast.organizer)),
        ("agenda move", lambda: actions.do_move_agenda_item(item, offset=1, by=cast.organizer)),
        ("checklist tick", lambda: actions.do_set_checklist_item(box, done=not box.done, by=cast.organizer)),
        ("checklist add", lambda: actions.do_add_checklist_item(cast.meeting, label="Late", required=False, by=cast.organizer)),
        ("member", lambda: actions.do_add_member(cast.meeting, make_user("late@example.org"), role="observer", by=cast.organizer)),
        ("nda", lambda: nda.do_edit_nda(cast.meeting, {"en": "A new undertaking. " * 10}, by=cast.organizer)),
        ("upload", lambda: materials.do_upload(cast.meeting, filename="a.md", title="A", data=b"word " * 200, by=cast.organizer)),
        (
            "invite",
            lambda: invitations.do_invite(
                cast.meeting, invitations.InvitationRow(email="late@example.org"), by=cast.organizer, base_url="http://testserver/"
            ),
        ),
    ]


@pytest.mark.parametrize("state", ["closed", "archived"])
def test_a_closed_meetings_record_is_frozen(cast, state: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 9, finding 10: a closed or archived meeting accepted new agenda items, checklist
    toggles and a new title.  Every content change is now refused, and nothing is written."""
    from django.core.management import call_command

    from incamera.kernel.errors import TransitionError

    actions.do_add_agenda_item(cast.meeting, title="Opening", by=cast.organizer)
    Meeting.objects.filter(pk=cast.meeting.pk).update(state=state)
    cast.meeting.refresh_from_db()
    before = io.StringIO()
    call_command("dumpdata", "meetings", "agreements", "materials", "invitations", stdout=before)
    events = Event.objects.count()
    for name, change in _frozen_changes(cast):
        with pytest.raises(TransitionError, match="record is frozen"):
            change()
        assert Event.objects.count() == events, name
    after = io.StringIO()
    call_command("dumpdata", "meetings", "agreements", "materials", "invitations", stdout=after)
    assert after.getvalue() == before.getvalue()
    page = client_for(cast.organizer).post(f"/meetings/{cast.meeting.pk}/agenda/add", {"title": "Via the page"}, follow=True)
    assert "record is frozen" in page.content.decode()
    assert not cast.meeting.agenda.filter(title="Via the page").exists()
