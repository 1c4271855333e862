"""Readouts: proposed without attribution, consented to under the rule set before the session,
objections recorded, and released early once agreed."""

from __future__ import annotations

import pytest

from incamera.disclosure import actions
from incamera.disclosure.models import Consent, Item, ItemState, ReadoutState
from incamera.kernel.errors import ConflictError, InvalidInputError, MentionsError, TransitionError
from incamera.meetings import actions as meetings
from incamera.meetings.models import Meeting
from tests.conftest import Cast, client_for, make_user, sign_nda

pytestmark = pytest.mark.django_db
TEXT = "Participants discussed a shared registry of smelters and agreed to meet again in the spring."


def _third(cast: Cast):  # type: ignore[no-untyped-def]
    third = make_user("third@example.org")
    meetings.do_add_member(cast.meeting, third, role="delegate", delegation="Third Delegation", by=cast.organizer)
    sign_nda(third, cast.meeting)
    return third


def test_the_rule_is_set_before_the_session_and_fixed_after(cast: Cast) -> None:
    assert actions.do_set_readout_rule(cast.meeting, "majority", by=cast.organizer).readout_rule == "majority"
    with pytest.raises(InvalidInputError):
        actions.do_set_readout_rule(cast.meeting, "acclamation", by=cast.organizer)
    Meeting.objects.filter(pk=cast.meeting.pk).update(state="in_session")
    with pytest.raises(TransitionError, match="before the session opens"):
        actions.do_set_readout_rule(cast.meeting, "unanimity", by=cast.organizer)


def test_a_readout_names_no_one_and_needs_a_profile_that_has_readouts(cast: Cast) -> None:
    with pytest.raises(MentionsError) as info:
        actions.do_propose_readout(cast.meeting, title="Readout", text="Olga Organizer opened the meeting.", by=cast.organizer)
    assert info.value.mentions
    Meeting.objects.filter(pk=cast.meeting.pk).update(profile="three_nos")
    cast.meeting.refresh_from_db()
    with pytest.raises(ConflictError, match="no readouts"):
        actions.do_propose_readout(cast.meeting, title="Readout", text=TEXT, by=cast.organizer)


def test_a_majority_releases_it_early_and_objections_are_recorded(cast: Cast) -> None:
    actions.do_set_readout_rule(cast.meeting, "majority", by=cast.organizer)
    third = _third(cast)
    readout = actions.do_propose_readout(cast.meeting, title="Readout of the first session", text=TEXT, by=cast.organizer)
    assert readout.delegations == ["Delegate Delegation", "Focal_Point Delegation", "Third Delegation"]
    assert TEXT.encode() not in bytes(readout.sealed)
    with pytest.raises(InvalidInputError, match="say why"):
        actions.do_answer_readout(readout, cast.focal_point, agree=False)
    actions.do_answer_readout(readout, cast.focal_point, agree=False, objection="Too early: our minister has not been briefed.")
    with pytest.raises(TransitionError, match="observers"):
        actions.do_answer_readout(readout, cast.observer, agree=True)
    actions.do_answer_readout(readout, cast.delegate, agree=True)
    with pytest.raises(ConflictError, match="already answered"):
        actions.do_answer_readout(readout, cast.delegate, agree=True)
    readout.refresh_from_db()
    assert readout.state == ReadoutState.PROPOSED  # one of three: no majority yet
    actions.do_answer_readout(readout, third, agree=True)
    readout.refresh_from_db()
    assert readout.state == ReadoutState.AGREED
    assert readout.item is not None
    assert readout.item.state == ItemState.APPROVED
    objection = Consent.objects.get(agree=False)
    assert b"minister" not in bytes(objection.objection)  # sealed
    assert actions.release_due().released == 1  # released early: the meeting has not even ended
    item = Item.objects.get(kind="readout")
    assert item.content == TEXT
    assert "Readout of the first session" in client_for(None).get("/archive/").content.decode()


def test_under_unanimity_one_objection_keeps_it_sealed(cast: Cast) -> None:
    readout = actions.do_propose_readout(cast.meeting, title="Readout", text=TEXT, by=cast.organizer)
    actions.do_answer_readout(readout, cast.delegate, agree=True)
    actions.do_answer_readout(readout, cast.focal_point, agree=False, objection="No.")
    readout.refresh_from_db()
    assert readout.state == ReadoutState.PROPOSED
    assert not Item.objects.filter(kind="readout").exists()


def test_the_readouts_page(cast: Cast) -> None:
    url = f"/meetings/{cast.meeting.pk}/readouts/"
    organizer = client_for(cast.organizer)
    assert "No readout yet. Propose one below." in organizer.get(url).content.decode()
    assert organizer.post(url, {"act": "propose", "title": "Readout", "text": TEXT}).status_code == 302
    delegate = client_for(cast.delegate)
    page = delegate.get(url).content.decode()
    assert TEXT in page
    assert "Propose a readout" not in page
    answer = delegate.post(url, {"act": "consent", "readout": actions.Readout.objects.get().pk})
    assert answer.status_code == 302
    assert "Your delegation consented." in delegate.get(url).content.decode()
    assert delegate.post(url, {"act": "propose", "title": "Mine", "text": TEXT}).status_code == 404
    assert client_for(cast.outsider).get(url).status_code == 404
