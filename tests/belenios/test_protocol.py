"""Our Belenios code against Belenios' own tool, in both directions, and every refusal."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import pytest
from gmpy2 import mpz

from incamera.belenios.archive import Archive, read_archive
from incamera.belenios.audit import audit_archive
from incamera.belenios.ballot import Ballot, make_ballot, verify_ballot
from incamera.belenios.election import Election, Question, credential_secret, make_credential, public_credential
from incamera.belenios.errors import BallotRejectedError, MalformedElectionDataError, ProofCheckError
from incamera.belenios.group import BELENIOS_2048
from incamera.belenios.proofs import Proof
from incamera.belenios.tally import PartialDecryption, TrusteeKey, encrypted_tally, partial_decryption, verify_partial_decryption
from tests.belenios.helpers import Made, belenios_tool, make_election

VOTES = [
    [[1, 0, 0], [1, 1, 0]],  # yes; Amina and Bao
    [[0, 0, 0], [0, 0, 1]],  # blank; Chloé
    [[0, 1, 0], []],  # no; nobody (filled below)
    [[0, 0, 1], [0, 1, 0]],  # abstain; Bao
]
VOTES[2][1] = [0, 0, 0]


def _run(weights: tuple[int, ...] = (1, 3, 1, 2)) -> tuple[Made, list[list[int]]]:
    made = make_election(weights)
    for voter, choices in enumerate(VOTES):
        made.vote(voter, choices)
    made.vote(0, [[0, 1, 0], [0, 0, 1]])  # voter 1 changes their mind: only this one counts
    return made, made.finish()


def _expected(weights: tuple[int, ...]) -> list[list[int]]:
    final = [[[0, 1, 0], [0, 0, 1]], *VOTES[1:]]
    rows = [[0, 0, 0, 0], [0, 0, 0]]
    for w, (q1, q2) in zip(weights, final, strict=True):
        blank = 1 if sum(q1) == 0 else 0
        rows[0] = [a + w * b for a, b in zip(rows[0], [blank, *q1], strict=True)]
        rows[1] = [a + w * b for a, b in zip(rows[1], q2, strict=True)]
    return rows


def test_belenios_tool_verifies_our_weighted_election_and_finds_our_result(tmp_path: Path) -> None:
    made, result = _run()
    assert result == _expected((1, 3, 1, 2))
    made.write(tmp_path)
    verified = belenios_tool("election", "verify", directory=tmp_path)
    assert verified.returncode == 0, verified.stderr
    assert "all checks passed" in verified.stderr
    computed = belenios_tool("election", "compute-result", directory=tmp_path)
    assert computed.returncode == 0, computed.stderr
    assert json.loads(computed.stdout)["result"] == result


def test_our_audit_follows_the_election_through_its_states() -> None:
    made = make_election((1, 1))
    assert audit_archive(made.archive.to_bytes()).state == "open"
    first = made.vote(0, VOTES[0])
    made.vote(1, VOTES[1])
    audit = audit_archive(made.archive.to_bytes())
    assert (audit.state, audit.ballots) == ("open", 2)
    assert first.tracker in audit.trackers
    result = made.finish()
    audit = audit_archive(made.archive.to_bytes())
    assert (audit.state, audit.result, audit.tallied, audit.total_weight) == ("finished", result, 2, 2)


def test_we_verify_an_election_run_by_belenios_tool(tmp_path: Path) -> None:
    env = {**os.environ, "BELENIOS_USE_URANDOM": "1"}

    def tool(*args: str, stdin: str | None = None) -> str:
        import subprocess

        done = subprocess.run(["belenios-tool", *args], cwd=tmp_path, env=env, input=stdin, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    uuid = tool("setup", "generate-token").strip()
    (tmp_path / "voters.txt").write_text("a@x,a,1\nb@x,b,2\n")
    tool("setup", "generate-credentials", "--uuid", uuid, "--group", "BELENIOS-2048", "--file", "voters.txt")
    next(tmp_path.glob("*.pubcreds")).rename(tmp_path / "public_creds.json")
    private = next(tmp_path.glob("*.privcreds")).read_text().split("\n")
    tool("setup", "generate-trustee-key", "--group", "BELENIOS-2048")
    (tmp_path / "public_keys.jsons").write_text(next(tmp_path.glob("*.pubkey")).read_text())
    tool("setup", "make-trustees")
    template = {"description": "d", "name": "n", "questions": [q.to_json() for q in make_election().election.questions]}
    (tmp_path / "template.json").write_text(json.dumps(template))
    tool("setup", "make-election", "--uuid", uuid, "--group", "BELENIOS-2048", "--template", "template.json")
    tool("archive", "init")
    for line, vote in zip(private, ("[[0,1,0,0],[1,0,1]]", "[[1,0,0,0],[0,0,0]]"), strict=False):
        (tmp_path / "cred").write_text(line.split()[1])
        (tmp_path / "vote").write_text(vote)
        tool("archive", "add-event", "--type=Ballot", stdin=tool("election", "generate-ballot", "--privcred", "cred", "--ballot", "vote"))
    tool("archive", "add-event", "--type=EndBallots", stdin="")
    tool("archive", "add-event", "--type=EncryptedTally", stdin=tool("election", "compute-encrypted-tally"))
    privkey = next(tmp_path.glob("*.privkey")).name
    tool("archive", "add-event", "--type=PartialDecryption", stdin=tool("election", "decrypt", "--privkey", privkey, "--trustee-id", "1"))
    tool("archive", "add-event", "--type=Result", stdin=tool("election", "compute-result"))
    audit = audit_archive((tmp_path / f"{uuid}.bel").read_bytes())
    assert audit.state == "finished"
    assert audit.result == [[2, 1, 0, 0], [1, 0, 1]]  # a (weight 1) yes and A, C; b (weight 2) blank and nobody


def _flip_digit(text: str, rng: random.Random) -> str:
    positions = [m.start() for m in re.finditer(r"\d", text)]
    at = rng.choice(positions)
    return text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1 :]


def test_a_changed_byte_in_any_file_of_the_archive_fails_both_verifiers(tmp_path: Path) -> None:
    made, _result = _run((1, 1, 1, 1))
    blob = made.archive.to_bytes()
    rng = random.Random(14)
    for name, data in made.archive.records[1:]:
        # One changed digit inside this file's content, at a random place.
        positions = [i for i, byte in enumerate(data) if chr(byte).isdigit()]
        at = blob.index(data) + rng.choice(positions)
        changed = blob[:at] + bytes([ord("0") + (blob[at] - ord("0") + 1) % 10]) + blob[at + 1 :]
        (tmp_path / f"{made.election.uuid}.bel").write_bytes(changed)
        assert belenios_tool("election", "verify", directory=tmp_path).returncode != 0, name
        with pytest.raises((MalformedElectionDataError, ProofCheckError)):
            audit_archive(changed)


@pytest.mark.parametrize("part", ["individual", "overall", "blank", "signature"])
def test_a_ballot_with_a_wrong_proof_is_refused_by_us_and_by_belenios_tool(tmp_path: Path, part: str) -> None:
    made = make_election((1,))
    ballot = make_ballot(made.election, made.credentials[0][0], VOTES[0])
    data = json.loads(ballot.text)
    proof = {
        "individual": data["answers"][0]["individual_proofs"][1][0],
        "overall": data["answers"][0]["overall_proof"][1],
        "blank": data["answers"][0]["blank_proof"][0],
        "signature": data["signature"]["proof"],
    }[part]
    proof["response"] = str((int(proof["response"]) + 1) % BELENIOS_2048.q)
    forged = Ballot.from_json(json.dumps(data, separators=(",", ":")), made.election)
    with pytest.raises(ProofCheckError):
        verify_ballot(forged, made.election, made.weights)
    made.archive.ballot(forged.text)
    made.write(tmp_path)
    assert belenios_tool("election", "verify", directory=tmp_path).returncode != 0


def test_ballots_for_another_election_or_from_an_unknown_credential_are_refused() -> None:
    made, other = make_election((1,)), make_election((1,))
    with pytest.raises(BallotRejectedError, match="another election"):
        verify_ballot(make_ballot(other.election, other.credentials[0][0], VOTES[0]), made.election, made.weights)
    stranger = make_credential()
    with pytest.raises(BallotRejectedError, match="not on this election's list"):
        verify_ballot(make_ballot(made.election, stranger, VOTES[0]), made.election, made.weights)
    # Another voter's credential put on a ballot signed with mine: the signature fails.
    mine = json.loads(make_ballot(made.election, made.credentials[0][0], VOTES[0]).text)
    mine["credential"] = str(BELENIOS_2048.g_pow(credential_secret(stranger, made.election.uuid)))
    with pytest.raises(ProofCheckError):
        verify_ballot(Ballot.from_json(json.dumps(mine), made.election), made.election, None)


def test_choices_and_credentials_are_checked_with_precise_messages() -> None:
    election = make_election((1,)).election
    credential = make_credential()
    with pytest.raises(MalformedElectionDataError, match="between 0 and 2 answers chosen; found 3"):
        make_ballot(election, credential, [[1, 0, 0], [1, 1, 1]])
    with pytest.raises(MalformedElectionDataError, match=r"between 1 and 1 answers chosen; found 2 \(or none, a blank vote\)"):
        make_ballot(election, credential, [[1, 1, 0], [0, 0, 0]])
    with pytest.raises(MalformedElectionDataError, match="expected 3 choices of 0 or 1"):
        make_ballot(election, credential, [[2, 0, 0], [0, 0, 0]])
    typo = credential[:-1] + ("2" if credential[-1] != "2" else "3")
    with pytest.raises(MalformedElectionDataError, match="mistyped"):
        credential_secret(typo, election.uuid)
    with pytest.raises(MalformedElectionDataError, match="15 characters"):
        credential_secret("not-a-credential", election.uuid)


def test_a_trustee_key_or_partial_decryption_with_a_wrong_proof_is_refused() -> None:
    made = make_election((1,))
    made.vote(0, VOTES[0])
    good = made.keys[0].to_json()
    forged_key = {**good, "pok": {**good["pok"], "response": str((int(good["pok"]["response"]) + 1) % BELENIOS_2048.q)}}
    with pytest.raises(ProofCheckError, match="proof of knowledge"):
        TrusteeKey.from_json(forged_key, BELENIOS_2048)
    tally, _total = encrypted_tally(made.election, made.ballots, made.weights)
    decryption = partial_decryption(made.election, tally, made.private_keys[0])
    data = json.loads(decryption.to_json())
    data["decryption_factors"][1][2] = str(BELENIOS_2048.g_pow(5))  # a factor that is not alpha^x
    forged = PartialDecryption.from_json(json.dumps(data), made.election, tally)
    with pytest.raises(ProofCheckError, match="question 2, answer 3"):
        verify_partial_decryption(made.election, tally, made.keys[0], forged)
    with pytest.raises(ProofCheckError):  # the right factors checked against another trustee's key
        verify_partial_decryption(made.election, tally, made.keys[1], decryption)


def test_a_published_result_that_is_not_the_tally_fails_the_audit(tmp_path: Path) -> None:
    made = make_election((1, 1))
    made.vote(0, VOTES[0])
    made.vote(1, VOTES[1])
    made.finish()
    records = made.archive.records
    # Rebuild the same archive with a different result: every hash consistent, the claim false.
    lying = Archive(timestamp=made.archive.timestamp)
    read = read_archive(made.archive.to_bytes())
    for event in read.events:
        if event.type == "Result":
            lying.result([[9, 9, 9, 9], [9, 9, 9]])
        elif event.type == "Setup":
            setup = json.loads(read.payload(event))
            lying.setup(read.data[setup["election"]], read.data[setup["trustees"]], read.data[setup["credentials"]])
        elif event.type == "Ballot":
            lying.ballot(read.payload(event))
        elif event.type == "EndBallots":
            lying.end_ballots()
        elif event.type == "EncryptedTally":
            sized = json.loads(read.payload(event))
            lying.encrypted_tally(read.data[sized["encrypted_tally"]], num_tallied=sized["num_tallied"], total_weight=sized["total_weight"])
        else:
            owned = json.loads(read.payload(event))
            lying.partial_decryption(owned["owner"], read.data[owned["payload"]])
    assert len(lying.records) == len(records)
    with pytest.raises(ProofCheckError, match="published result"):
        audit_archive(lying.to_bytes())
    (tmp_path / f"{made.election.uuid}.bel").write_bytes(lying.to_bytes())
    assert belenios_tool("election", "verify", directory=tmp_path).returncode != 0


def test_an_election_text_is_refused_when_it_is_not_one() -> None:
    for text, message in [
        ("{", "as JSON"),
        ('{"version": 2}', "version 1"),
        (json.dumps({"version": 1, "group": "RFC-3526-2048"}), "BELENIOS-2048"),
        (json.dumps({"version": 1, "group": "BELENIOS-2048", "uuid": "short"}), "uuid"),
    ]:
        with pytest.raises(MalformedElectionDataError, match=message):
            Election.from_json(text)
    questions = [Question("Q", ("A",), 1, 1).to_json()]
    text = json.dumps(
        {
            "version": 1,
            "group": "BELENIOS-2048",
            "uuid": "A" * 14,
            "public_key": str(BELENIOS_2048.g),
            "questions": [questions[0] | {"max": 5}],
        }
    )
    with pytest.raises(MalformedElectionDataError, match="max"):
        Election.from_json(text)
    not_in_group = json.dumps(
        {"version": 1, "group": "BELENIOS-2048", "uuid": "A" * 14, "public_key": str(BELENIOS_2048.p - 1), "questions": questions[:1]}
    )
    with pytest.raises(MalformedElectionDataError, match="not an element of the group"):
        Election.from_json(not_in_group)
    assert mpz(1) < BELENIOS_2048.q  # the group is loaded
    assert Proof(mpz(1), mpz(2)).to_json() == {"challenge": "1", "response": "2"}


def test_the_audit_in_several_processes_finds_the_same_and_names_the_bad_ballot() -> None:
    made, result = _run((1, 1, 1, 1))
    assert audit_archive(made.archive.to_bytes(), workers=2).result == result
    made = make_election((1, 1, 1, 1))
    for voter, choices in enumerate(VOTES):
        made.vote(voter, choices)
    forged = json.loads(made.ballots[2].text)
    forged["signature"]["proof"]["challenge"] = "1"
    made.archive.ballot(json.dumps(forged, separators=(",", ":")))
    made.vote(3, VOTES[0])
    with pytest.raises(ProofCheckError, match=r"ballot 5 \(event 5\): the ballot's signature does not verify"):
        audit_archive(made.archive.to_bytes(), workers=2)


def test_events_out_of_order_fail_the_audit() -> None:
    made, _result = _run((1, 1, 1, 1))
    made.archive.ballot(made.ballots[0].text)  # a ballot after the result
    with pytest.raises(MalformedElectionDataError, match="out of order"):
        audit_archive(made.archive.to_bytes())


def test_every_credential_belenios_tool_issues_gives_its_public_credential(tmp_path: Path) -> None:
    # 160 credentials: about three have the checksum "v" (53 divides the number), the edge case.
    import subprocess

    (tmp_path / "voters.txt").write_text("".join(f"v{n}@example.org,v{n},1\n" for n in range(160)))
    done = subprocess.run(
        ["belenios-tool", "setup", "generate-credentials", "--uuid", "7m5fLhKdE7GfkS", "--group", "BELENIOS-2048", "--file", "voters.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    public = {line.split(",")[2]: line.split(",")[0] for line in json.loads(next(tmp_path.glob("*.pubcreds")).read_text())}
    for line in next(tmp_path.glob("*.privcreds")).read_text().splitlines():
        voter, credential = line.rsplit(" ", 1)
        login = voter.split(",")[1]
        assert str(public_credential(credential, "7m5fLhKdE7GfkS")) == public[login], credential
        assert str(public_credential(credential.replace("-", ""), "7m5fLhKdE7GfkS")) == public[login]  # typed without dashes
