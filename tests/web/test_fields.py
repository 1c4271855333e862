"""Issue 9, finding 5: what a role may see is decided once, for pages and API fields alike.

tests/web/test_routes.py classifies every route by status; these tests classify the fields.
"""

import pytest
from django.test import Client

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import ApiToken
from incamera.meetings.models import Meeting
from tests.conftest import Cast, client_for, make_user

pytestmark = pytest.mark.django_db

CONTENT = {"observer", "delegate", "focal_point", "organizer"}


def _api(user, path: str):  # type: ignore[no-untyped-def]
    _row, token = do_create_api_token(user, name="t", scopes=list(ApiToken.SCOPES))
    return Client().get(f"/api/v1/{path}", headers={"authorization": f"Bearer {token}"})


@pytest.mark.parametrize("role", ["service", "observer", "delegate", "focal_point", "organizer"])
def test_the_meeting_description_only_for_its_content_readers(cast: Cast, role: str) -> None:
    Meeting.objects.filter(pk=cast.meeting.pk).update(description="Confidential framing of the talks")
    one = _api(cast.user(role), f"meetings/{cast.meeting.pk}").json()
    listed = next(m for m in _api(cast.user(role), "meetings").json() if m["id"] == cast.meeting.pk)
    expected = "Confidential framing of the talks" if role in CONTENT else None
    assert one["description"] == listed["description"] == expected
    assert one["title"] == cast.meeting.title  # logistics: every member


def test_a_participant_who_has_not_signed_gets_no_description(cast: Cast) -> None:
    from incamera.meetings.actions import do_add_member

    Meeting.objects.filter(pk=cast.meeting.pk).update(description="Confidential framing of the talks")
    newcomer = make_user("unsigned@example.org")
    do_add_member(cast.meeting, newcomer, role="delegate", by=cast.organizer)
    assert _api(newcomer, f"meetings/{cast.meeting.pk}").json()["description"] is None


def test_speaking_budgets_follow_the_profile_and_hide_the_matrix(scored: Cast) -> None:
    from incamera.meetings.actions import do_add_member

    for email, delegation in (("c.rojas@example.org", "Chile"), ("g.uwase@example.org", "Kivu Refiners")):
        do_add_member(scored.meeting, make_user(email), role="delegate", delegation=delegation, by=scored.organizer)
    path = f"meetings/{scored.meeting.pk}/speaking"
    organizer = _api(scored.organizer, path).json()["budgets"]
    assert all(b["weight"] is not None for b in organizer)
    delegate = _api(scored.delegate, path).json()["budgets"]
    assert {b["delegation"] for b in delegate} == {b["delegation"] for b in organizer}
    assert all(b["weight"] is None for b in delegate)  # the matrix totals are the secretariat's
    Meeting.objects.filter(pk=scored.meeting.pk).update(profile="three_nos")  # the participant list is hidden
    assert _api(scored.delegate, path).status_code == 404
    assert _api(scored.organizer, path).status_code == 200


def test_service_staff_do_not_see_the_organizer(cast: Cast) -> None:
    assert client_for(cast.service).get(f"/meetings/{cast.meeting.pk}/nda/").status_code == 404
    calendar = client_for(cast.service).get(f"/meetings/{cast.meeting.pk}/calendar.ics").content.decode()
    assert "ORGANIZER" not in calendar
    assert cast.organizer.email not in calendar
    assert "ORGANIZER" in client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/calendar.ics").content.decode()


def test_the_meeting_page_offers_the_nda_only_to_those_who_may_open_it(cast: Cast) -> None:
    nda = f"/meetings/{cast.meeting.pk}/nda/"
    assert nda not in client_for(cast.service).get(f"/meetings/{cast.meeting.pk}/").content.decode()
    assert nda in client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/").content.decode()


def test_a_focal_point_who_has_not_signed_sees_no_invitations(cast: Cast) -> None:
    from incamera.invitations.actions import InvitationRow, do_invite
    from incamera.meetings.actions import do_add_member

    focal = make_user("focal2@example.org")
    do_add_member(cast.meeting, focal, role="focal_point", delegation="Chile", by=cast.organizer)
    do_invite(cast.meeting, InvitationRow(email="rep@example.org", delegation="Chile"), by=cast.organizer, base_url="http://testserver/")
    page = client_for(focal).get(f"/meetings/{cast.meeting.pk}/delegation/").content.decode()
    assert "rep@example.org" not in page
    assert "Sign the confidentiality agreement" in page
