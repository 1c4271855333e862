"""The public-interest exception: petitions, the ethics review panel's public decision, and the
early release a grant brings."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from incamera.disclosure import actions
from incamera.disclosure.models import Item, ItemState, Petition
from incamera.kernel.errors import ConflictError, InvalidInputError, TransitionError
from tests.conftest import Cast, client_for, make_user
from tests.disclosure.test_release import _closed

pytestmark = pytest.mark.django_db
WHY = "The refinery decision may cut water to 40,000 people downstream; the public must know now."


def _released_meeting(cast: Cast):  # type: ignore[no-untyped-def]
    meeting = _closed(cast)
    actions.do_propose_items(meeting, by=cast.organizer)
    for item in Item.objects.all():
        actions.do_approve_item(item, by=cast.organizer)
    Item.objects.filter(kind="resolution").update(due_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=60))
    actions.release_due()  # the outline is out: the public knows of the meeting
    return meeting


def test_a_granted_petition_releases_the_approved_items_early(cast: Cast) -> None:
    meeting = _released_meeting(cast)
    assert Item.objects.get(kind="resolution").state == ItemState.APPROVED  # due in two months
    public = make_user("citizen@example.org")
    page = client_for(public).post(f"/archive/meetings/{meeting.pk}/petition/", {"text": WHY})
    assert page.status_code == 302
    petition = Petition.objects.get()
    assert petition.decide_by == petition.filed_at + dt.timedelta(days=30)
    listing = client_for(None).get("/archive/petitions/").content.decode()
    assert "40,000 people" in listing
    assert "Under review" in listing
    reviewer = make_user("ethics@example.org")
    with pytest.raises(TransitionError, match="ethics review panel"):
        actions.do_decide_petition(petition, grant=True, reasons="Humanitarian risk.", by=reviewer)
    call_command("ethics_panel", "add", "--secretariat", meeting.secretariat.name, "--email", reviewer.email, stdout=io.StringIO())
    with pytest.raises(InvalidInputError, match="reasons"):
        actions.do_decide_petition(petition, grant=True, reasons="", by=reviewer)
    review = client_for(reviewer)
    assert WHY[:30] in review.get("/petitions/review/").content.decode()
    answer = review.post(
        "/petitions/review/", {"petition": petition.pk, "decision": "grant", "reasons": "A humanitarian risk outweighs confidentiality."}
    )
    assert answer.status_code == 302
    with pytest.raises(ConflictError):
        actions.do_decide_petition(petition, grant=False, reasons="Changed our mind.", by=reviewer)
    assert actions.release_due().released == 1  # the resolution, at once
    assert Item.objects.get(kind="resolution").state == ItemState.RELEASED
    assert "A humanitarian risk outweighs confidentiality." in client_for(None).get("/archive/petitions/").content.decode()


def test_a_petition_on_a_meeting_you_may_not_know_of_is_404(cast: Cast) -> None:
    public = make_user("citizen@example.org")
    assert client_for(public).get(f"/archive/meetings/{cast.meeting.pk}/petition/").status_code == 404  # nothing released
    assert client_for(public).get("/archive/meetings/999999/petition/").status_code == 404
    assert client_for(cast.delegate).get(f"/archive/meetings/{cast.meeting.pk}/petition/").status_code == 200  # a participant knows of it
    assert client_for(public).get("/petitions/review/").status_code == 200  # an empty list: no panel
    short = client_for(cast.delegate).post(f"/archive/meetings/{cast.meeting.pk}/petition/", {"text": "Now."})
    assert short.status_code == 422
    assert not Petition.objects.exists()


def test_a_reviewer_of_another_secretariat_cannot_decide(cast: Cast) -> None:
    meeting = _released_meeting(cast)
    petition = actions.do_file_petition(meeting, text=WHY, by=cast.delegate)
    from incamera.secretariats.models import Secretariat

    other = Secretariat.objects.create(name="Another secretariat")
    outsider = make_user("other-ethics@example.org")
    actions.do_add_reviewer(other, outsider, by=None)
    answer = client_for(outsider).post("/petitions/review/", {"petition": petition.pk, "decision": "grant", "reasons": "Looks important."})
    assert answer.status_code == 404
    petition.refresh_from_db()
    assert petition.state == "filed"


def test_a_public_text_with_a_hidden_direction_change_is_refused(cast: Cast) -> None:
    spoofed = "The decision harms \u202eelpoep 000,04\u202c downstream; disclose it now please."
    answer = client_for(cast.delegate).post(f"/archive/meetings/{cast.meeting.pk}/petition/", {"text": spoofed})
    assert answer.status_code == 422
    assert "U+202E" in answer.content.decode()
    assert not Petition.objects.exists()
    with pytest.raises(InvalidInputError, match=r"U\+200B"):
        actions.do_propose_readout(cast.meeting, title="Readout", text="Participants\u200b met.", by=cast.organizer)
