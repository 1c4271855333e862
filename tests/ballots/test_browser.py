"""A secret ballot in Chromium: the trustee's key, the delegation's credential, the encrypted
ballot and the partial decryption are all made by the page's script (belenios.js) and confirmed
with Chromium's virtual authenticator; Belenios' own tool then verifies the record."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from incamera.ballots import actions
from incamera.ballots.models import BallotState, CastBallot
from incamera.meetings import actions as meetings
from tests.browser.test_flows import Tab
from tests.conftest import make_meeting, make_user, sign_nda
from tests.signatures.conftest import base_url, browser, open_tab

__all__ = ["base_url", "browser", "open_tab"]
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_secret_ballot_run_in_the_browser_verifies_with_belenios_tool(open_tab: Callable[[], Tab], tmp_path: Path) -> None:
    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    meeting = make_meeting(organizer, title="Ballot meeting")
    delegate = make_user("delegate@example.org", name="Dina Delegate")
    meetings.do_add_member(meeting, delegate, role="delegate", delegation="Morocco", by=organizer)
    sign_nda(delegate, meeting)
    question = {"answers": ["Yes", "No", "Abstain"], "blank": True, "min": 1, "max": 1, "question": "Adopt the text?"}
    ballot = actions.do_create_ballot(meeting, title="The text", questions=[question], trustees=[organizer], by=organizer)
    url = f"/meetings/{meeting.pk}/ballots/{ballot.pk}/"

    chair = open_tab()
    chair.sign_in_with_new_passkey(organizer.email)
    chair.goto(url)
    with chair.page.expect_download() as saved:
        chair.page.get_by_role("button", name="Make and register my trustee key").click()
    private_key = tmp_path / "trustee.privkey"
    saved.value.save_as(private_key)
    expect(chair.page.get_by_text("Olga Organizer (you): key registered")).to_be_visible()

    voter = open_tab()
    voter.sign_in_with_new_passkey(delegate.email)
    voter.goto(url)
    voter.page.get_by_role("button", name="Make and register our voting credential").click()
    credential = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{3}(-[1-9A-HJ-NP-Za-km-z]{3}){4}$")
    expect(voter.page.locator("#ballot-credential-shown code")).to_have_text(credential)
    ballot.refresh_from_db()
    assert ballot.voters.get(delegation="Morocco").public_credential

    chair.goto(url)
    chair.page.get_by_role("button", name="Open the ballot box").click()
    expect(chair.page.get_by_text("The ballot box is open.")).to_be_visible()

    voter.goto(url)
    voter.page.get_by_label("No").check()
    voter.page.get_by_role("button", name="Encrypt and cast my ballot").click()
    expect(voter.page.locator("#ballot-tracker")).to_be_visible()
    tracker = voter.page.locator("#ballot-tracker code").inner_text()
    assert CastBallot.objects.get().tracker == tracker

    chair.goto(url)
    chair.page.once("dialog", lambda dialog: dialog.accept())
    chair.page.get_by_role("button", name="Close the ballot box").click()
    expect(chair.page.get_by_text("the trustees now decrypt the tally")).to_be_visible()
    chair.page.locator("#ballot-private-key").set_input_files(str(private_key))
    chair.page.get_by_role("button", name="Decrypt my share of the tally").click()
    expect(chair.page.get_by_role("heading", name="Result")).to_be_visible()
    ballot.refresh_from_db()
    assert (ballot.state, ballot.result) == (BallotState.FINISHED, [[0, 0, 1, 0]])  # blank, yes, no, abstain

    (tmp_path / f"{ballot.uuid}.bel").write_bytes(actions.archive_of(ballot))
    verified = subprocess.run(["belenios-tool", "election", "verify", "--dir", str(tmp_path)], capture_output=True, text=True, check=False)
    assert verified.returncode == 0, verified.stderr
    result = subprocess.run(
        ["belenios-tool", "election", "compute-result", "--dir", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert json.loads(result.stdout)["result"] == ballot.result
