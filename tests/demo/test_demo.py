"""``incamera demo``: realistic and idempotent."""

import io

import pytest
from django.core.management import call_command

from incamera.accounts.models import User
from incamera.ledger.models import Event
from incamera.meetings.models import Meeting, Membership

pytestmark = pytest.mark.django_db


def test_demo_is_realistic_and_idempotent() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "secretariat@demo.incamera.example" in out.getvalue()
    from incamera.demo.management.commands.demo import DOMAIN, PEOPLE

    for local, _name, _delegation, _role in PEOPLE:  # every sign-in, none left to guess
        assert f"{local}@{DOMAIN}" in out.getvalue()
    assert "more @" not in out.getvalue()
    assert not Membership.objects.filter(delegation="Service staff").exists()
    counts = (User.objects.count(), Meeting.objects.count(), Membership.objects.count(), Event.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (User.objects.count(), Meeting.objects.count(), Membership.objects.count(), Event.objects.count()) == counts
    roundtable = Meeting.objects.get(profile="chatham_house", state="in_session")
    assert "Critical minerals" in roundtable.title
    assert roundtable.memberships.count() >= 12
    assert {"delegate", "observer", "focal_point", "service", "organizer"} <= set(roundtable.memberships.values_list("role", flat=True))
    assert Meeting.objects.filter(profile="three_nos").exists()
    # A past meeting holds the outcomes (issue 13): an adopted resolution, a reservation, and
    # commitments whose statuses differ.
    from incamera.commitments.actions import verdict_of
    from incamera.commitments.models import Commitment
    from incamera.resolutions.models import Resolution

    past = Meeting.objects.get(state="closed")
    resolution = Resolution.objects.get(meeting=past)
    assert resolution.state == "adopted"
    assert resolution.adoptions.get().votes.count() == 5
    assert resolution.reservations.count() == 1
    assert resolution.signatures.count() == 4  # signed in both tracks by the demo's software keys
    assert sorted(verdict_of(c).status for c in Commitment.objects.filter(resolution=resolution)) == ["at_risk", "fulfilled", "overdue"]
    # ... and a finished secret election whose record Belenios' own tool verifies (issue 14).
    import subprocess
    import tempfile
    from pathlib import Path

    from incamera.ballots.actions import archive_of
    from incamera.ballots.models import SecretBallot

    election = SecretBallot.objects.get(meeting=past)
    assert (election.state, election.result) == ("finished", [[0, 1, 3, 1]])  # blank, Rojas, Rahmawati, Brandt
    with tempfile.TemporaryDirectory() as directory:
        Path(directory, f"{election.uuid}.bel").write_bytes(archive_of(election))
        verified = subprocess.run(["belenios-tool", "election", "verify", "--dir", directory], capture_output=True, text=True, check=False)
        assert verified.returncode == 0, verified.stderr
    # ... and a disclosure under way (issue 15): the outline public, the outcomes pending.
    from incamera.disclosure.models import Item

    assert sorted(Item.objects.filter(meeting=past).values_list("kind", "tier", "state")) == [
        ("ballot_result", "sealed", "approved"),  # the score suggested it: the result names the candidates
        ("material", "non_sensitive", "approved"),  # the terms of reference, marked public
        ("note", "sealed", "approved"),  # sealed to the record: only two of its three custodians open it
        ("outline", "outline", "released"),
        ("readout", "outline", "released"),  # agreed by a majority, Germany objecting, and released early
        ("resolution", "non_sensitive", "approved"),
    ]
    from incamera.disclosure.models import Petition, SealedRecord

    record = SealedRecord.objects.get(meeting=past)
    assert (record.k, record.n, record.opened_at) == (2, 3, None)
    assert Petition.objects.get(meeting=past).state == "filed"  # before the ethics review panel
    from incamera.materials.models import Document

    assert sorted(roundtable.documents.values_list("kind", flat=True)) == ["md", "pdf"]
    assert Document.objects.count() == 3  # the roundtable's two, and the dialogue's terms of reference
