"""A secret ballot through the pages' JSON endpoints with real passkeys (a software
authenticator), ballots made by our protocol code, and the record checked by belenios-tool."""

from __future__ import annotations

import io
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from incamera.ballots import actions
from incamera.ballots.models import BallotState, CastBallot, PartialDecryptionRow, SecretBallot
from incamera.belenios.ballot import make_ballot
from incamera.belenios.election import make_credential, public_credential
from incamera.belenios.group import BELENIOS_2048
from incamera.belenios.tally import make_trustee_key, partial_decryption, tally_from_json
from incamera.demo.softkey import SoftAuthenticator
from incamera.ledger.models import Event
from incamera.meetings import actions as meetings
from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution, ResolutionState
from tests.conftest import Cast, client_for, make_user, sign_nda
from tests.signatures.helpers import confirmed, registered

pytestmark = pytest.mark.django_db
QUESTION = {"answers": ["Yes", "No", "Abstain"], "blank": True, "min": 1, "max": 1, "question": "Adopt the text?"}


@dataclass
class Person:
    user: Any
    client: Client
    passkey: SoftAuthenticator


def _person(user: Any) -> Person:
    return Person(user, client_for(user), registered(user))


def _post(person: Person, url: str, field: str, value: str, purpose: str, *, confirm: bool = True) -> Any:
    confirmation = confirmed(person.user, person.passkey, actions.sha256_hex(value), purpose) if confirm else 0
    return person.client.post(url, json.dumps({field: value, "confirmation": confirmation}), content_type="application/json")


@dataclass
class Run:
    ballot: SecretBallot
    base: str
    organizer: Person
    trustees: list[tuple[Person, Any]]
    voters: list[tuple[Person, str]]


def _setup(cast: Cast, *, weighted: bool = False, resolution: Resolution | None = None) -> Run:
    third = make_user("third@example.org")
    meetings.do_add_member(cast.meeting, third, role="delegate", delegation="Third Delegation", by=cast.organizer)
    sign_nda(third, cast.meeting)
    organizer = _person(cast.organizer)
    observer = _person(cast.observer)
    if resolution is None:
        ballot = actions.do_create_ballot(
            cast.meeting,
            title="The text",
            questions=[QUESTION],
            trustees=[cast.organizer, cast.observer],
            weighted=weighted,
            by=cast.organizer,
        )
    else:
        answer = organizer.client.post(
            f"/meetings/{cast.meeting.pk}/ballots/",
            {"adopt-resolution": resolution.pk, "adopt-trustees": [cast.organizer.pk, cast.observer.pk]},
        )
        assert answer.status_code == 302, answer.content.decode()[-3000:]
        ballot = SecretBallot.objects.get(adoption__resolution=resolution)
    base = f"/meetings/{cast.meeting.pk}/ballots/{ballot.pk}/"
    trustees = []
    for person in (organizer, observer):
        private, public = make_trustee_key(BELENIOS_2048)
        answer = _post(person, base + "trustee-key", "public_key", json.dumps(public.to_json()), actions.KEY_PURPOSE)
        assert answer.status_code == 200, answer.json()
        trustees.append((person, private))
    voters = []
    for user in (cast.delegate, cast.focal_point, third):
        person = _person(user)
        credential = make_credential()
        answer = _post(
            person, base + "credential", "public_credential", str(public_credential(credential, ballot.uuid)), actions.CREDENTIAL_PURPOSE
        )
        assert answer.status_code == 200, answer.json()
        voters.append((person, credential))
    assert organizer.client.post(base + "act", {"act": "open"}).status_code == 302
    ballot.refresh_from_db()
    assert ballot.state == BallotState.OPEN
    return Run(ballot, base, organizer, trustees, voters)


def _vote(run: Run, voter: int, choice: list[int]) -> Any:
    person, credential = run.voters[voter]
    election = actions.election_of(run.ballot)
    text = make_ballot(election, credential, [choice]).text
    return _post(person, run.base + "cast", "ballot", text, actions.CAST_PURPOSE)


def _finish(run: Run) -> None:
    assert run.organizer.client.post(run.base + "act", {"act": "close"}).status_code == 302
    run.ballot.refresh_from_db()
    tally_text = run.organizer.client.get(run.base + "tally.json").content.decode()
    election = actions.election_of(run.ballot)
    tally = tally_from_json(tally_text, election)
    for person, private in run.trustees:
        answer = _post(
            person,
            run.base + "decryption",
            "partial_decryption",
            partial_decryption(election, tally, private).to_json(),
            actions.DECRYPT_PURPOSE,
        )
        assert answer.status_code == 200, answer.json()
    run.ballot.refresh_from_db()


def _belenios(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["belenios-tool", "election", *args, "--dir", str(directory)], capture_output=True, text=True, check=False)


def test_a_secret_ballot_from_setup_to_result_and_belenios_tool_agrees(cast: Cast, tmp_path: Path) -> None:
    run = _setup(cast)
    assert _vote(run, 0, [1, 0, 0]).status_code == 200
    first = _vote(run, 1, [0, 1, 0])
    assert first.status_code == 200
    tracker = first.json()["tracker"]
    assert _vote(run, 1, [0, 0, 1]).status_code == 200  # a revote: only this one counts
    assert _vote(run, 2, [0, 0, 0]).status_code == 200  # blank
    page = run.voters[0][0].client.get(run.base).content.decode()
    assert tracker in page  # every voter finds their tracker in the box
    _finish(run)
    assert run.ballot.state == BallotState.FINISHED
    assert run.ballot.result == [[1, 1, 0, 1]]  # blank, yes, no, abstain
    page = run.voters[2][0].client.get(run.base).content.decode()
    assert "Result" in page
    assert "3 ballots counted, total weight 3." in page
    archive = run.organizer.client.get(run.base + "record.bel")
    assert archive.status_code == 200
    (tmp_path / f"{run.ballot.uuid}.bel").write_bytes(archive.content)
    verified = _belenios(tmp_path, "verify")
    assert verified.returncode == 0, verified.stderr
    assert json.loads(_belenios(tmp_path, "compute-result").stdout)["result"] == run.ballot.result
    # The same archive from the command line, listed and audited by our own implementation.
    out = io.StringIO()
    call_command("ballots", "list", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {"id": run.ballot.pk, "meeting": cast.meeting.pk, "uuid": run.ballot.uuid, "title": "The text", "state": "finished"}
    ]
    call_command("ballots", "export", "--id", str(run.ballot.pk), "--dir", str(tmp_path / "export"), stdout=io.StringIO())
    assert (tmp_path / "export" / f"{run.ballot.uuid}.bel").read_bytes() == archive.content
    out = io.StringIO()
    call_command("ballots", "verify", str(tmp_path / "export" / f"{run.ballot.uuid}.bel"), "--workers", "1", stdout=out)
    assert "4 ballot(s) verified; 3 tallied" in out.getvalue()
    logged = list(Event.objects.filter(type="ballot.cast").values_list("actor_id", "payload"))
    assert len(logged) == 4
    assert all(actor is None for actor, _ in logged)  # who cast a ballot is never logged


def test_the_archive_verifies_at_every_stage(cast: Cast, tmp_path: Path) -> None:
    run = _setup(cast, weighted=False)
    for stage in ("open", "voted", "closed"):
        if stage == "voted":
            assert _vote(run, 0, [0, 1, 0]).status_code == 200
        if stage == "closed":
            assert run.organizer.client.post(run.base + "act", {"act": "close"}).status_code == 302
            run.ballot.refresh_from_db()
        (tmp_path / f"{run.ballot.uuid}.bel").write_bytes(actions.archive_of(run.ballot))
        assert _belenios(tmp_path, "verify").returncode == 0, stage


def test_bad_ballots_are_refused_precisely_and_nothing_is_recorded(cast: Cast) -> None:
    run = _setup(cast)
    person, credential = run.voters[0]
    election = actions.election_of(run.ballot)
    good = make_ballot(election, credential, [[1, 0, 0]]).text
    data = json.loads(good)
    data["answers"][0]["overall_proof"][0]["response"] = "1"
    wrong_proof = _post(person, run.base + "cast", "ballot", json.dumps(data), actions.CAST_PURPOSE)
    assert wrong_proof.status_code == 422
    assert "does not verify" in wrong_proof.json()["error"]
    others = make_ballot(election, run.voters[1][1], [[1, 0, 0]]).text
    not_mine = _post(person, run.base + "cast", "ballot", others, actions.CAST_PURPOSE)
    assert not_mine.status_code == 422
    assert "another credential" in not_mine.json()["error"]
    stranger = _post(person, run.base + "cast", "ballot", make_ballot(election, make_credential(), [[1, 0, 0]]).text, actions.CAST_PURPOSE)
    assert stranger.status_code == 422
    no_passkey = _post(person, run.base + "cast", "ballot", good, actions.CAST_PURPOSE, confirm=False)
    assert no_passkey.status_code == 422
    assert "passkey" in no_passkey.json()["error"]
    confirmation = confirmed(person.user, person.passkey, actions.sha256_hex(others), actions.CAST_PURPOSE)
    other_digest = person.client.post(
        run.base + "cast", json.dumps({"ballot": good, "confirmation": confirmation}), content_type="application/json"
    )
    assert other_digest.status_code == 422
    assert not CastBallot.objects.exists()
    assert _post(person, run.base + "cast", "ballot", good, actions.CAST_PURPOSE).status_code == 200
    replay = _post(person, run.base + "cast", "ballot", good, actions.CAST_PURPOSE)
    assert replay.status_code == 409
    assert "replay" in replay.json()["error"]
    observer = _person(cast.observer)
    refused = _post(observer, run.base + "cast", "ballot", others, actions.CAST_PURPOSE)
    assert refused.status_code == 409
    assert "observers do not vote" in refused.json()["error"]
    garbage = _post(person, run.base + "cast", "ballot", "{not json", actions.CAST_PURPOSE)
    assert garbage.status_code == 422
    assert CastBallot.objects.count() == 1
    _finish(run)
    late = _post(run.voters[1][0], run.base + "cast", "ballot", others, actions.CAST_PURPOSE)
    assert late.status_code == 409
    assert "result published" in late.json()["error"]


def test_a_trustee_share_or_key_with_a_wrong_proof_is_refused(cast: Cast) -> None:
    run = _setup(cast)
    assert _vote(run, 0, [1, 0, 0]).status_code == 200
    assert run.organizer.client.post(run.base + "act", {"act": "close"}).status_code == 302
    run.ballot.refresh_from_db()
    election = actions.election_of(run.ballot)
    tally = tally_from_json(run.ballot.tally_text, election)
    (organizer, mine), (_observer, theirs) = run.trustees
    with_their_key = partial_decryption(election, tally, theirs).to_json()
    refused = _post(organizer, run.base + "decryption", "partial_decryption", with_their_key, actions.DECRYPT_PURPOSE)
    assert refused.status_code == 422
    assert "does not verify with your key" in refused.json()["error"]
    assert not PartialDecryptionRow.objects.exists()
    assert (
        _post(
            organizer,
            run.base + "decryption",
            "partial_decryption",
            partial_decryption(election, tally, mine).to_json(),
            actions.DECRYPT_PURPOSE,
        ).status_code
        == 200
    )
    twice = _post(
        organizer,
        run.base + "decryption",
        "partial_decryption",
        partial_decryption(election, tally, mine).to_json(),
        actions.DECRYPT_PURPOSE,
    )
    assert twice.status_code == 409
    run.ballot.refresh_from_db()
    assert run.ballot.state == BallotState.CLOSED  # waiting for the other trustee


def test_setup_refusals(cast: Cast) -> None:
    organizer = _person(cast.organizer)
    ballot = actions.do_create_ballot(cast.meeting, title="T", questions=[QUESTION], trustees=[cast.organizer], by=cast.organizer)
    base = f"/meetings/{cast.meeting.pk}/ballots/{ballot.pk}/"
    _private, public = make_trustee_key(BELENIOS_2048)
    forged = public.to_json() | {"pok": {"challenge": "1", "response": "2"}}
    answer = _post(organizer, base + "trustee-key", "public_key", json.dumps(forged), actions.KEY_PURPOSE)
    assert answer.status_code == 422
    assert "proof of knowledge" in answer.json()["error"]
    not_trustee = _person(cast.delegate)
    answer = _post(not_trustee, base + "trustee-key", "public_key", json.dumps(public.to_json()), actions.KEY_PURPOSE)
    assert answer.status_code == 409
    assert "not one of this ballot's trustees" in answer.json()["error"]
    opened = organizer.client.post(base + "act", {"act": "open"}, follow=True)
    assert "waiting for the keys of Olga Organizer" in opened.content.decode()
    bad_credential = _post(not_trustee, base + "credential", "public_credential", str(BELENIOS_2048.p - 1), actions.CREDENTIAL_PURPOSE)
    assert bad_credential.status_code == 422
    with pytest.raises(Exception, match="trustees must take part"):
        actions.do_create_ballot(cast.meeting, title="T", questions=[QUESTION], trustees=[cast.outsider], by=cast.organizer)
    with pytest.raises(Exception, match="expected 0 ≤ min ≤ max ≤ 3"):
        actions.do_create_ballot(cast.meeting, title="T", questions=[QUESTION | {"max": 4}], trustees=[cast.organizer], by=cast.organizer)


def test_what_you_may_not_see_does_not_exist(cast: Cast) -> None:
    ballot = actions.do_create_ballot(cast.meeting, title="T", questions=[QUESTION], trustees=[cast.organizer], by=cast.organizer)
    base = f"/meetings/{cast.meeting.pk}/ballots/{ballot.pk}/"
    outsider = client_for(cast.outsider)
    for url in ("", "election.json", "tally.json", "record.bel"):
        assert outsider.get(base + url).status_code == 404
    assert outsider.post(base + "cast", "{}", content_type="application/json").status_code == 404
    assert client_for(cast.delegate).post(base + "act", {"act": "open"}).status_code == 404
    assert client_for(cast.delegate).post(f"/meetings/{cast.meeting.pk}/ballots/", {"title": "x"}).status_code == 404


def test_the_organizer_sets_up_a_ballot_on_the_page(cast: Cast) -> None:
    client = client_for(cast.organizer)
    page = client.get(f"/meetings/{cast.meeting.pk}/ballots/")
    assert "No secret ballot yet" in page.content.decode()
    answer = client.post(
        f"/meetings/{cast.meeting.pk}/ballots/",
        {
            "title": "Bureau",
            "question": "Elect the rapporteur",
            "answers": "Amina\nBao\n",
            "minimum": 1,
            "maximum": 1,
            "blank": "on",
            "trustees": [cast.organizer.pk],
        },
    )
    assert answer.status_code == 302
    ballot = SecretBallot.objects.get()
    assert ballot.questions == [{"answers": ["Amina", "Bao"], "blank": True, "min": 1, "max": 1, "question": "Elect the rapporteur"}]
    assert sorted(ballot.voters.values_list("delegation", flat=True)) == ["Delegate Delegation", "Focal_Point Delegation"]
    wrong = client.post(
        f"/meetings/{cast.meeting.pk}/ballots/",
        {"title": "B", "question": "Q", "answers": "A", "minimum": 1, "maximum": 2, "trustees": [cast.organizer.pk]},
    )
    assert wrong.status_code == 422
    assert "Between the fewest and the number of answers (1)." in wrong.content.decode()


def test_trustee_command_line_keys_and_decryption(cast: Cast, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("trustee", "keygen", "--output", str(tmp_path), stdout=out)
    private = next(tmp_path.glob("*.privkey"))
    assert private.stat().st_mode & 0o077 == 0
    public = next(tmp_path.glob("*.pubkey")).read_text().strip()
    organizer = _person(cast.organizer)
    ballot = actions.do_create_ballot(cast.meeting, title="T", questions=[QUESTION], trustees=[cast.organizer], by=cast.organizer)
    base = f"/meetings/{cast.meeting.pk}/ballots/{ballot.pk}/"
    assert _post(organizer, base + "trustee-key", "public_key", public, actions.KEY_PURPOSE).status_code == 200
    delegate = _person(cast.delegate)
    credential = make_credential()
    assert (
        _post(
            delegate, base + "credential", "public_credential", str(public_credential(credential, ballot.uuid)), actions.CREDENTIAL_PURPOSE
        ).status_code
        == 200
    )
    actions.do_open_ballot(ballot, by=cast.organizer)
    ballot.refresh_from_db()
    text = make_ballot(actions.election_of(ballot), credential, [[0, 1, 0]]).text
    assert _post(delegate, base + "cast", "ballot", text, actions.CAST_PURPOSE).status_code == 200
    actions.do_close_ballot(ballot, by=cast.organizer)
    (tmp_path / "election.json").write_text(organizer.client.get(base + "election.json").content.decode())
    (tmp_path / "tally.json").write_text(organizer.client.get(base + "tally.json").content.decode())
    out = io.StringIO()
    call_command(
        "trustee",
        "decrypt",
        "--election",
        str(tmp_path / "election.json"),
        "--tally",
        str(tmp_path / "tally.json"),
        "--key",
        str(private),
        stdout=out,
    )
    assert _post(organizer, base + "decryption", "partial_decryption", out.getvalue().strip(), actions.DECRYPT_PURPOSE).status_code == 200
    ballot.refresh_from_db()
    assert ballot.result == [[0, 0, 1, 0]]  # blank, yes, no, abstain: "No"


@pytest.mark.parametrize(("votes", "state"), [([0, 0, 1], ResolutionState.ADOPTED), ([1, 1, 2], ResolutionState.REJECTED)])
def test_a_resolution_adopted_by_secret_ballot(cast: Cast, votes: list[int], state: str) -> None:
    resolution = resolutions.do_create_resolution(
        cast.meeting,
        title="On cobalt",
        texts={"en": "Recycle cobalt."},
        legal_character="decision",
        adoption_method="secret_ballot",
        by=cast.organizer,
    )
    page = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/").content.decode()
    assert "put it to the vote in the Secret ballots section" in page
    run = _setup(cast, resolution=resolution)
    assert run.ballot.questions[0]["answers"] == ["Yes", "No", "Abstain"]
    resolution.refresh_from_db()
    assert resolution.state == ResolutionState.ADOPTING
    page = run.voters[0][0].client.get(f"/meetings/{cast.meeting.pk}/resolutions/{resolution.pk}/").content.decode()
    assert "voting by secret ballot" in page
    assert "Cast the vote" not in page  # no roll-call form beside the secret ballot
    for voter, choice in enumerate(votes):
        assert _vote(run, voter, [1 if j == choice else 0 for j in range(3)]).status_code == 200
    _finish(run)
    resolution.refresh_from_db()
    assert resolution.state == state
    attempt = resolution.adoptions.get()
    assert attempt.method == "secret_ballot"
    assert attempt.outcome == ("adopted" if state == ResolutionState.ADOPTED else "not_adopted")


def test_the_api_sets_up_lists_and_exports(cast: Cast, tmp_path: Path) -> None:
    from incamera.accounts.actions import do_create_api_token

    _row, token = do_create_api_token(cast.organizer, name="script", scopes=["meetings:read", "meetings:write"])
    api = Client(headers={"authorization": f"Bearer {token}"})
    body = {"title": "Bureau", "questions": [QUESTION], "trustees": ["organizer@example.org"], "weighted": False}
    made = api.post(f"/api/v1/meetings/{cast.meeting.pk}/ballots", json.dumps(body), content_type="application/json")
    assert made.status_code == 201, made.json()
    ballot_id = made.json()["id"]
    assert made.json()["state"] == "setup"
    assert [v["delegation"] for v in made.json()["voters"]] == ["Delegate Delegation", "Focal_Point Delegation"]
    refused = api.post(f"/api/v1/meetings/{cast.meeting.pk}/ballots/{ballot_id}/open")
    assert refused.status_code == 409
    assert "waiting for the keys" in refused.json()["detail"]
    assert api.get(f"/api/v1/meetings/{cast.meeting.pk}/ballots/{ballot_id}/record").status_code == 409
    answers = []
    for stranger in ("nobody@example.org", cast.outsider.email):  # no account, and an account elsewhere
        bad = body | {"trustees": [stranger]}
        answer = api.post(f"/api/v1/meetings/{cast.meeting.pk}/ballots", json.dumps(bad), content_type="application/json")
        assert (answer.status_code, answer.json()["field"]) == (422, "trustees")
        answers.append(answer.json()["detail"].replace(stranger, "ADDRESS"))
    assert answers[0] == answers[1]  # the API does not tell which addresses have accounts
    assert [b["id"] for b in api.get(f"/api/v1/meetings/{cast.meeting.pk}/ballots").json()] == [ballot_id]
