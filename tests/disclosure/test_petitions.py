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


def test_someone_without_an_account_petitions_by_confirming_a_mailed_link(cast: Cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    from incamera.disclosure.models import PetitionState
    from incamera.kernel.errors import NotFoundError
    from incamera.ledger.models import Event

    meeting = _released_meeting(cast)
    url = f"/archive/meetings/{meeting.pk}/petition/"
    anonymous = client_for(None)
    assert 'name="email"' in anonymous.get(url).content.decode()
    bad = anonymous.post(url, {"text": WHY, "email": "not an address"})
    assert bad.status_code == 422
    assert not Petition.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert anonymous.post(url, {"text": WHY, "email": "Citizen@Example.org"}).status_code == 302
    petition = Petition.objects.get()
    assert petition.state == PetitionState.UNCONFIRMED
    assert "citizen@example.org" not in str(Petition.objects.values().get())  # the address only as a digest
    assert not Event.objects.filter(type="disclosure.petition_filed").exists()
    assert "40,000 people" not in anonymous.get("/archive/petitions/").content.decode()  # not public until confirmed
    reviewer = make_user("ethics@example.org")
    actions.do_add_reviewer(meeting.secretariat, reviewer, by=None)
    assert "40,000 people" not in client_for(reviewer).get("/petitions/review/").content.decode()
    with pytest.raises(NotFoundError):
        actions.do_decide_petition(petition, grant=True, reasons="Humanitarian risk, decided early.", by=reviewer)
    (message,) = mail.outbox
    assert message.to == ["citizen@example.org"]
    link = next(line for line in message.body.splitlines() if "/archive/petitions/confirm/#" in line)
    code = link.split("#", 1)[1]
    # Review finding 8: filing again with the same address answers exactly as a new filing does
    # (no oracle of who petitioned); the address's owner is told by mail, and nothing is stored.
    with django_capture_on_commit_callbacks(execute=True):
        again = anonymous.post(url, {"text": WHY, "email": "citizen@example.org"})
    assert again.status_code == 302
    assert again["Location"] == "/archive/petitions/"
    assert Petition.objects.count() == 1
    assert "already has one" in mail.outbox[-1].body
    assert anonymous.post("/archive/petitions/confirm/", {"code": "wrong"}).status_code == 404
    assert anonymous.post("/archive/petitions/confirm/", {"code": code}).status_code == 302
    petition.refresh_from_db()
    assert petition.state == PetitionState.FILED
    assert petition.token_digest == ""
    assert petition.decide_by == petition.filed_at + dt.timedelta(days=30)
    assert Event.objects.filter(type="disclosure.petition_filed").count() == 1
    assert "40,000 people" in anonymous.get("/archive/petitions/").content.decode()
    assert anonymous.post("/archive/petitions/confirm/", {"code": code}).status_code == 404  # once
    actions.do_decide_petition(petition, grant=False, reasons="Not a humanitarian matter.", by=reviewer)
    petition.refresh_from_db()
    assert petition.email_digest == ""  # kept only while it served to allow one petition at a time


def test_filing_without_an_account_is_throttled_per_client_and_unconfirmed_petitions_are_purged(cast: Cast) -> None:
    from incamera.disclosure.models import PetitionState
    from incamera.kernel.clock import FixedClock
    from incamera.kernel.errors import AuthenticationError

    meeting = _released_meeting(cast)
    for n in range(actions.PETITION_MAILS_PER_CLIENT):
        actions.do_file_petition_by_email(meeting, text=WHY, email=f"p{n}@example.org", base_url="http://testserver/", client="203.0.113.9")
    with pytest.raises(AuthenticationError, match="try again"):
        actions.do_file_petition_by_email(
            meeting, text=WHY, email="one-more@example.org", base_url="http://testserver/", client="203.0.113.9"
        )
    assert Petition.objects.count() == actions.PETITION_MAILS_PER_CLIENT
    actions.do_file_petition_by_email(
        meeting, text=WHY, email="elsewhere@example.org", base_url="http://testserver/", client="198.51.100.7"
    )
    later = FixedClock(dt.datetime.now(dt.UTC) + dt.timedelta(hours=49))
    assert actions.purge_unconfirmed(clock=later) == actions.PETITION_MAILS_PER_CLIENT + 1
    assert not Petition.objects.filter(state=PetitionState.UNCONFIRMED).exists()


def test_a_petition_on_a_meeting_not_yet_public_does_not_name_it(cast: Cast) -> None:
    # Review, minor: a participant may petition before anything is released; the public list must
    # not reveal the meeting's title until something of it is public.
    actions.do_file_petition(cast.meeting, text=WHY, by=cast.delegate)
    listing = client_for(None).get("/archive/petitions/").content.decode()
    assert cast.meeting.title not in listing
    assert "a meeting not yet made public" in listing


def test_a_mailed_link_expires_and_a_closed_meeting_asks_who_you_are(cast: Cast, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from incamera.kernel.clock import FixedClock

    meeting = _released_meeting(cast)
    then = dt.datetime.now(dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        petition = actions.do_file_petition_by_email(meeting, text=WHY, email="late@example.org", base_url="http://testserver/")
    from django.core import mail

    code = mail.outbox[-1].body.split("#", 1)[1].split()[0]
    with pytest.raises(TransitionError, match="expired"):
        actions.do_confirm_petition(code, clock=FixedClock(then + dt.timedelta(hours=49)))
    petition.refresh_from_db()
    assert petition.state == "unconfirmed"
    # A meeting the public does not know of: the sign-in page, as for one that does not exist.
    for meeting_id in (cast.other_meeting.pk, 999999):
        page = client_for(None).get(f"/archive/meetings/{meeting_id}/petition/")
        assert page.status_code == 302
        assert "/accounts/signin/" in page["Location"]


def test_the_secretariat_seats_its_panel_from_a_page_and_an_organizer_never_decides_their_own_meeting(cast: Cast) -> None:
    from incamera.disclosure.models import EthicsReviewer

    meeting = _released_meeting(cast)
    page = client_for(cast.organizer)
    url = f"/petitions/panel/?secretariat={meeting.secretariat_id}"
    assert "Nobody sits on the panel yet" in page.get(url).content.decode()
    assert page.post(url, {"act": "add", "email": "nobody@example.org"}).status_code == 422
    reviewer = make_user("ethics@example.org", name="Erin Ethics")
    assert page.post(url, {"act": "add", "email": "ETHICS@example.org"}).status_code == 302
    assert page.post(url, {"act": "add", "email": "ethics@example.org"}).status_code == 422  # already seated
    assert "Erin Ethics" in page.get(url).content.decode()
    assert client_for(cast.delegate).get(url).status_code == 404
    # The organizer seats themselves: they still may not decide on their own meeting.
    assert page.post(url, {"act": "add", "email": cast.organizer.email}).status_code == 302
    petition = actions.do_file_petition(meeting, text=WHY, by=cast.delegate)
    with pytest.raises(TransitionError, match="you organize this meeting"):
        actions.do_decide_petition(petition, grant=True, reasons="We grant our own meeting.", by=cast.organizer)
    seat = EthicsReviewer.objects.get(user=reviewer)
    assert page.post(url, {"act": "remove", "reviewer": seat.pk}).status_code == 302
    assert not EthicsReviewer.objects.filter(user=reviewer).exists()
    assert page.post(url, {"act": "remove", "reviewer": seat.pk}).status_code == 404  # no longer a seat
