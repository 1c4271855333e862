"""The auditor's check of a whole archive (§3.5), as ``belenios-tool election verify`` does it:
the chain of events, the setup, every ballot, the encrypted tally, every partial decryption and
the result.  ``incamera ballots verify`` and the benchmark run it.

Pure: imports gmpy2 and the standard library only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

from gmpy2 import mpz

from incamera.belenios.archive import read_archive
from incamera.belenios.ballot import Ballot, verify_ballot
from incamera.belenios.election import Election, parse_element
from incamera.belenios.errors import BallotRejectedError, MalformedElectionDataError, ProofCheckError
from incamera.belenios.tally import (
    PartialDecryption,
    TrusteeKey,
    combine,
    election_key,
    encrypted_tally,
    last_ballots,
    tally_from_json,
    verify_partial_decryption,
)

__all__ = ["Audit", "audit_archive"]


@dataclass(frozen=True)
class Audit:
    """What the archive holds, every part of it checked."""

    election: Election
    ballots: int
    tallied: int
    total_weight: int
    trackers: tuple[str, ...]
    result: list[list[int]] | None
    state: str  # "open", "closed", "tallied", "decrypting", "finished"


_EVENT_CODES = {
    "Setup": "S",
    "Ballot": "B",
    "EndBallots": "E",
    "EncryptedTally": "T",
    "Shuffle": "H",
    "EndShuffles": "F",
    "PartialDecryption": "D",
    "Result": "R",
}
_worker_state: dict[str, object] = {}


def _start_worker(election_text: str, weights: dict[mpz, int]) -> None:
    election = Election.from_json(election_text)
    election.key()  # its table of powers, once per process
    _worker_state.update(election=election, weights=weights)


def _check_one(item: tuple[int, str]) -> tuple[int, type[Exception], str] | None:
    position, text = item
    election, weights = _worker_state["election"], _worker_state["weights"]
    assert isinstance(election, Election)
    assert isinstance(weights, dict)
    try:
        verify_ballot(Ballot.from_json(text, election), election, weights)
    except (ProofCheckError, BallotRejectedError) as exc:
        return position, type(exc), exc.message
    return None


def _check_ballots(
    election: Election, weights: dict[mpz, int], texts: list[str], *, workers: int, progress: Callable[[int, int], None] | None
) -> list[tuple[int, type[Exception], str]]:
    """The ballots that fail, in order: (position, error class, message)."""
    items = list(enumerate(texts))
    if workers > 1 and len(items) > workers:
        with ProcessPoolExecutor(
            workers, mp_context=get_context("fork"), initializer=_start_worker, initargs=(election.text, weights)
        ) as pool:
            outcomes = []
            for done, outcome in enumerate(pool.map(_check_one, items, chunksize=8), start=1):
                outcomes.append(outcome)
                if progress:
                    progress(done, len(items))
    else:
        _start_worker(election.text, weights)
        outcomes = []
        for done, item in enumerate(items, start=1):
            outcomes.append(_check_one(item))
            if progress:
                progress(done, len(items))
    return [o for o in outcomes if o is not None]


def _weights(data: object, election: Election) -> dict[mpz, int]:
    if not isinstance(data, list) or not all(isinstance(c, str) for c in data):
        raise MalformedElectionDataError("expected the public credentials as a list of strings", field="credentials")
    weights: dict[mpz, int] = {}
    for position, entry in enumerate(data):
        credential, _, weight = entry.partition(",")
        if weight and not (weight.isascii() and weight.isdigit() and 0 < int(weight) < 2**31):
            raise MalformedElectionDataError(f"credentials[{position}]: expected a positive weight", field="credentials")
        key = parse_element(credential, election.group, f"credentials[{position}]")
        if key in weights:
            raise MalformedElectionDataError(f"credentials[{position}]: the public credential appears twice", field="credentials")
        weights[key] = int(weight) if weight else 1
    return weights


def audit_archive(blob: bytes, *, workers: int = 1, progress: Callable[[int, int], None] | None = None) -> Audit:
    """Return what the archive holds if every check passes; raise MalformedElectionDataError or a
    VerificationError (ProofCheckError, BallotRejectedError) naming the first that fails.

    ``workers`` > 1 checks the ballots in that many processes (the command line's choice; a web
    request checks one ballot at a time and never forks)."""
    archive = read_archive(blob)
    events = archive.events
    if not events or events[0].type != "Setup":
        raise MalformedElectionDataError("expected the archive's first event to be its Setup", field="archive")
    setup = archive.json_payload(events[0])
    if not isinstance(setup, dict) or not all(isinstance(setup.get(k), str) for k in ("election", "trustees", "credentials")):
        raise MalformedElectionDataError("expected the setup to name the election, its trustees and its credentials", field="archive")
    order = "".join(_EVENT_CODES[e.type] for e in events)
    if not re.fullmatch(r"SB*(E(T(H*F)?D*R?)?)?", order):
        raise MalformedElectionDataError("the events are out of order (setup, ballots, end, tally, decryptions, result)", field="archive")
    election = Election.from_json(archive.data.get(setup["election"], ""))
    trustees_data = json.loads(archive.data.get(setup["trustees"], "null"))
    if (
        not isinstance(trustees_data, list)
        or not trustees_data
        or any(not (isinstance(t, list) and len(t) == 2 and t[0] == "Single") for t in trustees_data)
    ):
        raise MalformedElectionDataError("expected a list of Single trustees (threshold trustees are not supported)", field="trustees")
    keys = [TrusteeKey.from_json(t[1], election.group, f"trustees[{i}]") for i, t in enumerate(trustees_data)]
    if election_key(election.group, keys) != election.public_key:
        raise ProofCheckError("the election's public key is not the product of its trustees' keys")
    weights = _weights(json.loads(archive.data.get(setup["credentials"], "null")), election)
    ballot_events = [e for e in events if e.type == "Ballot"]
    texts = [archive.payload(e) for e in ballot_events]
    ballots = [Ballot.from_json(text, election) for text in texts]
    failures = _check_ballots(election, weights, texts, workers=workers, progress=progress)
    if failures:
        position, error, message = failures[0]
        raise error(f"ballot {position + 1} (event {ballot_events[position].height}): {message}")
    types = [e.type for e in events]
    last = last_ballots(ballots)
    audit = {
        "election": election,
        "ballots": len(ballots),
        "tallied": 0,
        "total_weight": 0,
        "trackers": tuple(b.tracker for b in last),
        "result": None,
    }
    if "EndBallots" not in types:
        return Audit(**audit, state="open")  # type: ignore[arg-type]
    tally_events = [e for e in events if e.type == "EncryptedTally"]
    if not tally_events:
        return Audit(**audit, state="closed")  # type: ignore[arg-type]
    sized = archive.json_payload(tally_events[0])
    if not isinstance(sized, dict) or not isinstance(sized.get("encrypted_tally"), str):
        raise MalformedElectionDataError("expected a sized encrypted tally", field="archive")
    tally = tally_from_json(archive.data.get(sized["encrypted_tally"], ""), election)
    expected, total = encrypted_tally(election, last, weights)
    if tally != expected or sized.get("num_tallied") != len(last) or sized.get("total_weight") != total:
        raise ProofCheckError("the encrypted tally is not the product of the last ballot of each credential, weighted")
    audit.update(tallied=len(last), total_weight=total)
    decryptions: dict[int, PartialDecryption] = {}
    for event in (e for e in events if e.type == "PartialDecryption"):
        owned = archive.json_payload(event)
        if not isinstance(owned, dict) or type(owned.get("owner")) is not int or not 1 <= owned["owner"] <= len(keys):
            raise MalformedElectionDataError("expected a partial decryption owned by one of the trustees", field="archive")
        owner = owned["owner"]
        if owner in decryptions:
            raise MalformedElectionDataError(f"trustee {owner} decrypted twice", field="archive")
        decryption = PartialDecryption.from_json(archive.data.get(str(owned.get("payload")), ""), election, tally)
        try:
            verify_partial_decryption(election, tally, keys[owner - 1], decryption)
        except ProofCheckError as exc:
            raise ProofCheckError(f"trustee {owner}: {exc.message}") from exc
        decryptions[owner] = decryption
    result_events = [e for e in events if e.type == "Result"]
    if not result_events:
        return Audit(**audit, state="decrypting" if decryptions else "tallied")  # type: ignore[arg-type]
    if len(decryptions) != len(keys):
        raise ProofCheckError(f"the result needs every trustee's partial decryption; found {len(decryptions)} of {len(keys)}")
    published = archive.json_payload(result_events[0])
    result = combine(election, tally, [decryptions[i] for i in range(1, len(keys) + 1)], total)
    if not isinstance(published, dict) or published.get("result") != result:
        raise ProofCheckError("the published result is not the decryption of the encrypted tally")
    audit["result"] = result
    return Audit(**audit, state="finished")  # type: ignore[arg-type]
