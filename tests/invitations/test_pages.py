"""What the invitation pages and mail tell people: times in the meeting's zone, whom a button acts
on, what holds a delegation's places, and why a delegation is (not) on the quota list."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from incamera.invitations import actions
from incamera.meetings.actions import do_add_member
from tests.conftest import Cast, client_for, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the mail goes out on commit, as in production
BASE = "http://testserver/"


def test_the_mail_gives_the_times_in_the_meetings_zone(cast: Cast) -> None:
    actions.do_invite(cast.meeting, actions.InvitationRow(email="new@example.org"), by=cast.organizer, base_url=BASE)
    body = mail.outbox[-1].body
    # The meeting runs 09:00–15:00 UTC, in Geneva (UTC+1 in March).
    assert "2030-03-01 10:00 – 2030-03-01 16:00 (Europe/Zurich)" in body
    assert "UTC" not in body


def test_the_acceptance_form_offers_the_name_the_organizer_entered(cast: Cast) -> None:
    row = actions.InvitationRow(email="nora@example.org", full_name="Nora Nakamura")
    actions.do_invite(cast.meeting, row, by=cast.organizer, base_url=BASE)
    token = re.search(r"/invitations/#([A-Za-z0-9_-]+)", mail.outbox[-1].body)
    assert token
    client = client_for(None)
    assert client.post("/invitations/", {"link": token.group(1)}).status_code == 302
    page = client.get("/invitations/accept/").content.decode()
    assert re.search(r'<input[^>]*name="full_name"[^>]*value="Nora Nakamura"', page)


def test_resend_and_revoke_say_whom_they_act_on(cast: Cast) -> None:
    for email in ("ana@example.org", "bo@example.org"):
        actions.do_invite(cast.meeting, actions.InvitationRow(email=email), by=cast.organizer, base_url=BASE)
    page = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/invitations/").content.decode()
    for verb in ("Resend", "Revoke"):
        names = re.findall(rf'<button[^>]*>{verb}<span class="visually-hidden"> the invitation to ([^<]+)</span></button>', page)
        assert sorted(names) == ["ana@example.org", "bo@example.org"]


def test_the_focal_point_sees_what_holds_each_place_it_counts(cast: Cast) -> None:
    seat = cast.meeting.memberships.get(user=cast.focal_point)
    # A representative the organizers added directly, and one the focal point approved.
    do_add_member(cast.meeting, make_user("direct@example.org"), role="delegate", delegation=seat.delegation, by=cast.organizer)
    client = client_for(cast.focal_point)
    upload = SimpleUploadedFile("nv.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    client.post(f"/meetings/{cast.meeting.pk}/delegation/", {"full_name": "Ana", "email": "ana@example.org", "credential": upload})
    page = client.get(f"/meetings/{cast.meeting.pk}/delegation/").content.decode()
    assert "2 of 3 places are taken" in page
    taken = page[page.index('id="places-taken"') :].split("</table>")[0]
    assert taken.count("<tr>") - 1 == actions.used_places(seat) == 2  # the header row, then one row per place
    assert "direct@example.org" in taken
    assert "ana@example.org" in taken
    assert "No representative approved yet" not in page


def test_the_credentials_page_says_why_only_focal_point_delegations_are_listed(cast: Cast) -> None:
    page = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/credentials/").content.decode()
    assert 'id="quota-scope"' in page
    assert 'id="requests-scope"' in page
    assert "No focal point has approved a representative yet." in page
