"""The Resolutions pages: drafting through the form, a resolution's page with its texts side by
side and their digests, the acts from its forms, and what each role sees."""

from __future__ import annotations

import re

import pytest

from incamera.meetings.models import Meeting
from incamera.resolutions import actions
from incamera.resolutions.digests import text_digest
from incamera.resolutions.models import Resolution, ResolutionState, Vote
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

EN = "The participants agree to publish a shared registry of smelters by 2028."
AR = "يتفق المشاركون على نشر سجل مشترك للمصاهر بحلول عام 2028."


def _roll_call(cast: Cast) -> Resolution:
    return actions.do_create_resolution(
        cast.meeting, title="On traceability", texts={"en": EN}, legal_character="decision", adoption_method="roll_call", by=cast.organizer
    )


def test_the_list_says_when_there_is_none_and_only_organizers_may_draft(cast: Cast) -> None:
    url = f"/meetings/{cast.meeting.pk}/resolutions/"
    organizer = client_for(cast.organizer).get(url).content.decode()
    assert "No resolution yet." in organizer
    assert "Draft a resolution" in organizer
    delegate = client_for(cast.delegate).get(url).content.decode()
    assert "No resolution yet." in delegate
    assert "Draft a resolution" not in delegate


def test_an_organizer_drafts_in_two_languages_and_the_page_shows_each_text_with_its_digest(cast: Cast) -> None:
    Meeting.objects.filter(pk=cast.meeting.pk).update(languages=["en", "ar"])
    client = client_for(cast.organizer)
    form = client.get(f"/meetings/{cast.meeting.pk}/resolutions/new/").content.decode()
    assert 'name="text_en"' in form
    assert 'name="text_ar"' in form
    assert 'dir="rtl"' in form
    response = client.post(
        f"/meetings/{cast.meeting.pk}/resolutions/new/",
        {
            "title": "On traceability",
            "legal_character": "political_commitment",
            "adoption_method": "consensus",
            "text_en": EN,
            "text_ar": AR,
        },
    )
    resolution = Resolution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert text_digest(EN) in page
    assert text_digest(AR) in page
    assert actions.digests_of(resolution).whole in page
    assert "Political commitment" in page
    listing = client.get(f"/meetings/{cast.meeting.pk}/resolutions/").content.decode()
    assert "On traceability" in listing


def test_a_bad_draft_is_shown_again_with_the_error_and_nothing_is_stored(cast: Cast) -> None:
    response = client_for(cast.organizer).post(
        f"/meetings/{cast.meeting.pk}/resolutions/new/",
        {"title": "On traceability", "legal_character": "treaty", "adoption_method": "secret_ballot", "text_en": EN},
    )
    assert response.status_code == 422
    assert "choose the legal character" in response.content.decode()
    assert "On traceability" in response.content.decode()  # the form keeps what was typed
    assert not Resolution.objects.exists()


def test_a_roll_call_from_the_page_with_a_confirmation_before_closing(cast: Cast) -> None:
    resolution = _roll_call(cast)
    base = f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/"
    organizer = client_for(cast.organizer)
    organizer.post(base + "act", {"action": "open"})
    assert Resolution.objects.get().state == ResolutionState.ADOPTING
    delegate = client_for(cast.delegate)
    assert "Vote of Delegate Delegation" in delegate.get(base).content.decode()
    delegate.post(base + "act", {"action": "vote", "choice": "yes"})
    page = delegate.get(base).content.decode()
    assert "Vote of Delegate Delegation" not in page  # voted: the form is gone
    again = delegate.post(base + "act", {"action": "vote", "choice": "no"}, follow=True)
    assert "Delegate Delegation has already voted" in again.content.decode()
    observer = client_for(cast.observer).post(base + "act", {"action": "vote", "choice": "no"}, follow=True)
    assert "observers do not vote" in observer.content.decode()
    assert list(Vote.objects.values_list("delegation", "choice")) == [("Delegate Delegation", "yes")]
    # closing asks first
    unconfirmed = organizer.post(base + "act", {"action": "close"})
    assert unconfirmed["Location"] == base + "close/"
    assert Resolution.objects.get().state == ResolutionState.ADOPTING
    confirm = organizer.get(base + "close/").content.decode()
    assert "If you close the vote now, the resolution is adopted." in confirm
    organizer.post(base + "act", {"action": "close", "confirm": "1"})
    assert Resolution.objects.get().state == ResolutionState.ADOPTED
    late = client_for(cast.focal_point).post(base + "act", {"action": "vote", "choice": "no"}, follow=True)
    assert "no vote is open" in late.content.decode()
    assert Vote.objects.count() == 1


def test_a_participant_may_not_chair(cast: Cast) -> None:
    resolution = _roll_call(cast)
    base = f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/"
    assert client_for(cast.delegate).post(base + "act", {"action": "open"}).status_code == 404
    assert client_for(cast.delegate).get(base + "close/").status_code == 404
    assert Resolution.objects.get().state == ResolutionState.DRAFT


def test_under_three_nos_a_participant_sees_the_other_delegations_unnamed(cast: Cast) -> None:
    Meeting.objects.filter(pk=cast.meeting.pk).update(profile="three_nos")
    resolution = _roll_call(cast)
    actions.do_open_adoption(resolution, by=cast.organizer)
    actions.do_cast_vote(resolution, choice="yes", by=cast.focal_point)
    actions.do_cast_vote(resolution, choice="no", by=cast.delegate)
    base = f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/"
    page = client_for(cast.delegate).get(base).content.decode()
    votes = re.search(r'<table id="votes">.*?</table>', page, flags=re.DOTALL)
    assert votes is not None
    assert "Focal_Point Delegation" not in page
    assert "another delegation" in votes.group(0)
    assert "Delegate Delegation" in votes.group(0)  # its own
    assert "Focal_Point Delegation" in client_for(cast.organizer).get(base).content.decode()


def test_amendments_and_reservations_from_the_page(cast: Cast) -> None:
    resolution = actions.do_create_resolution(cast.meeting, title="T", texts={"en": EN}, legal_character="decision", by=cast.organizer)
    base = f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/"
    delegate = client_for(cast.delegate)
    delegate.post(base + "act", {"action": "amend", "version": "1", "language": "en", "text": "By 2027.", "reason": "Sooner."})
    amendment = resolution.amendments.get()
    page = client_for(cast.organizer).get(base).content.decode()
    assert "By 2027." in page
    assert "Sooner." in page
    client_for(cast.organizer).post(base + "act", {"action": "accept", "amendment": str(amendment.pk)})
    assert resolution.versions.count() == 2
    organizer = client_for(cast.organizer)
    organizer.post(base + "act", {"action": "open", "minutes": "1"})
    from django.utils import timezone

    from incamera.resolutions.models import Adoption

    Adoption.objects.update(ends_at=timezone.now())  # the silence period is over
    organizer.post(base + "act", {"action": "close", "confirm": "1"})
    assert Resolution.objects.get().state == ResolutionState.ADOPTED
    delegate.post(base + "act", {"action": "reserve", "kind": "reservation", "text": "Subject to domestic ratification."})
    assert "Subject to domestic ratification." in delegate.get(base).content.decode()


def test_after_the_shred_every_sealed_text_is_gone_and_the_page_says_so(cast: Cast) -> None:
    from incamera.materials.actions import do_shred_materials
    from incamera.resolutions.models import Amendment, ResolutionText

    resolution = actions.do_create_resolution(cast.meeting, title="T", texts={"en": EN}, legal_character="decision", by=cast.organizer)
    actions.do_propose_amendment(resolution, version=1, language="en", text="By 2027.", reason="Sooner.", by=cast.delegate)
    do_shred_materials(cast.meeting, by=cast.organizer)
    assert all(bytes(row.ciphertext) == b"" for row in ResolutionText.objects.all())
    assert all(bytes(row.ciphertext) == b"" for row in Amendment.objects.all())
    page = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/")
    assert page.status_code == 200
    assert "shredded" in page.content.decode()
    assert actions.digests_of(resolution).latest.texts == {"en": text_digest(EN)}  # the digests stay, as the log's


def test_a_delegation_withdraws_its_objection_from_the_page(cast: Cast) -> None:
    resolution = actions.do_create_resolution(cast.meeting, title="T", texts={"en": EN}, legal_character="decision", by=cast.organizer)
    actions.do_open_adoption(resolution, minutes=30, by=cast.organizer)
    base = f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/"
    delegate = client_for(cast.delegate)
    delegate.post(base + "act", {"action": "object", "text": "Not yet."})
    assert "Withdraw the objection of Delegate Delegation" in delegate.get(base).content.decode()
    delegate.post(base + "act", {"action": "withdraw"})
    page = delegate.get(base).content.decode()
    assert "(withdrawn)" in page
    assert "Objection of Delegate Delegation" in page  # it may object again
