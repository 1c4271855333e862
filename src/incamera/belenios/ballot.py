"""Ballots (§4.11, §4.15): made (by the demo, the CLI and the tests; voters make theirs in the
browser with ``static/incamera/belenios.js``) and checked (by the ballot box and the auditor).

Pure: imports gmpy2 and the standard library only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gmpy2 import mpz

from incamera.belenios.election import Election, Question, b64_sha256, credential_secret, parse_element, parse_number
from incamera.belenios.errors import BallotRejectedError, MalformedElectionDataError, ProofCheckError
from incamera.belenios.proofs import Ciphertext, Proof, PublicKey, random_zq, sign, verify_signature

__all__ = ["Answer", "Ballot", "make_ballot", "verify_ballot"]

_COMPACT = {"separators": (",", ":"), "ensure_ascii": False}


@dataclass(frozen=True)
class Answer:
    choices: tuple[Ciphertext, ...]
    individual_proofs: tuple[tuple[Proof, ...], ...]
    overall_proof: tuple[Proof, ...]
    blank_proof: tuple[Proof, ...] | None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "choices": [c.to_json() for c in self.choices],
            "individual_proofs": [[p.to_json() for p in proofs] for proofs in self.individual_proofs],
            "overall_proof": [p.to_json() for p in self.overall_proof],
        }
        if self.blank_proof is not None:
            data["blank_proof"] = [p.to_json() for p in self.blank_proof]
        return data


@dataclass(frozen=True)
class Ballot:
    """A ballot as cast, and the exact text it arrived as (its tracker is the hash of that text)."""

    election_uuid: str
    election_hash: str
    credential: mpz
    answers: tuple[Answer, ...]
    signature_hash: str
    signature: Proof
    text: str

    @property
    def tracker(self) -> str:
        """The smart ballot tracker: H_JSON of the whole ballot as cast."""
        return b64_sha256(self.text)

    def unsigned_json(self) -> dict[str, Any]:
        return {
            "election_uuid": self.election_uuid,
            "election_hash": self.election_hash,
            "credential": str(self.credential),
            "answers": [a.to_json() for a in self.answers],
        }

    @classmethod
    def from_json(cls, text: str, election: Election) -> Ballot:
        """Parse and check the structure (every number in range, every element in the group);
        the proofs are checked by ``verify_ballot``."""
        group = election.group
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise MalformedElectionDataError("expected the ballot as JSON", field="ballot") from exc
        if not isinstance(data, dict):
            raise MalformedElectionDataError("expected the ballot as a JSON object", field="ballot")
        answers = data.get("answers")
        signature = data.get("signature")
        if not isinstance(answers, list) or len(answers) != len(election.questions):
            raise MalformedElectionDataError(f"expected {len(election.questions)} answers, one per question", field="answers")
        if not isinstance(signature, dict) or not isinstance(signature.get("hash"), str):
            raise MalformedElectionDataError("expected a signature with its hash and proof", field="signature")
        return cls(
            election_uuid=str(data.get("election_uuid")),
            election_hash=str(data.get("election_hash")),
            credential=parse_element(data.get("credential"), group, "credential"),
            answers=tuple(_answer(a, q, election, i) for i, (a, q) in enumerate(zip(answers, election.questions, strict=True))),
            signature_hash=signature["hash"],
            signature=_proof(signature.get("proof"), group.q, "signature.proof"),
            text=text,
        )


def _proof(data: Any, q: int, where: str) -> Proof:
    if not isinstance(data, dict):
        raise MalformedElectionDataError(f"{where}: expected a proof (challenge, response)", field=where)
    return Proof(parse_number(data.get("challenge"), q, f"{where}.challenge"), parse_number(data.get("response"), q, f"{where}.response"))


def _proofs(data: Any, q: int, where: str, count: int) -> tuple[Proof, ...]:
    if not isinstance(data, list) or len(data) != count:
        raise MalformedElectionDataError(f"{where}: expected {count} proofs", field=where)
    return tuple(_proof(p, q, f"{where}[{i}]") for i, p in enumerate(data))


def _answer(data: Any, question: Question, election: Election, position: int) -> Answer:
    group, where = election.group, f"answers[{position}]"
    if not isinstance(data, dict):
        raise MalformedElectionDataError(f"{where}: expected an answer", field=where)
    width = len(question.answers) + (1 if question.blank else 0)
    choices = data.get("choices")
    if not isinstance(choices, list) or len(choices) != width:
        raise MalformedElectionDataError(f"{where}: expected {width} encrypted choices", field=where)
    parsed = []
    for i, c in enumerate(choices):
        if not isinstance(c, dict):
            raise MalformedElectionDataError(f"{where}.choices[{i}]: expected a ciphertext", field=where)
        parsed.append(
            Ciphertext(
                parse_element(c.get("alpha"), group, f"{where}.choices[{i}].alpha"),
                parse_element(c.get("beta"), group, f"{where}.choices[{i}].beta"),
            )
        )
    individual = data.get("individual_proofs")
    if not isinstance(individual, list) or len(individual) != width:
        raise MalformedElectionDataError(f"{where}: expected {width} individual proofs", field=where)
    overall_count = (question.max - question.min + 1) + (1 if question.blank else 0)
    return Answer(
        choices=tuple(parsed),
        individual_proofs=tuple(_proofs(p, group.q, f"{where}.individual_proofs[{i}]", 2) for i, p in enumerate(individual)),
        overall_proof=_proofs(data.get("overall_proof"), group.q, f"{where}.overall_proof", overall_count),
        blank_proof=_proofs(data.get("blank_proof"), group.q, f"{where}.blank_proof", 2) if question.blank else None,
    )


def _product(ciphertexts: Sequence[Ciphertext], p: int) -> Ciphertext:
    total = Ciphertext(mpz(1), mpz(1))
    for c in ciphertexts:
        total = total.times(c, p)
    return total


def _s_strings(election: Election, credential: int, choices: Sequence[Ciphertext]) -> tuple[str, str]:
    s0 = f"{election.fingerprint}|{credential}"
    return s0, s0 + "|" + ",".join(f"{c.alpha},{c.beta}" for c in choices)


def _encrypt_answer(key: PublicKey, election: Election, credential: int, question: Question, choices: Sequence[int]) -> Answer:
    group = key.group
    question.check_choices(choices)
    is_blank = question.blank and sum(choices) == 0
    plain = ([1 if is_blank else 0] if question.blank else []) + list(choices)
    randomness = [random_zq(group) for _ in plain]
    ciphertexts = [key.encrypt(m, r) for m, r in zip(plain, randomness, strict=True)]
    s0, s = _s_strings(election, credential, ciphertexts)
    individual = tuple(tuple(key.iprove(s0, c, r, m, (0, 1))) for c, r, m in zip(ciphertexts, randomness, plain, strict=True))
    values = list(range(question.min, question.max + 1))
    if not question.blank:
        total = _product(ciphertexts, group.p)
        overall = key.iprove(s, total, sum(randomness) % group.q, sum(plain) - question.min, values)
        return Answer(tuple(ciphertexts), individual, tuple(overall), None)
    blank = (ciphertexts[0], randomness[0])
    total_pair = (_product(ciphertexts[1:], group.p), sum(randomness[1:]) % group.q)
    blank_proof = key.blank_prove(s, blank, total_pair, is_blank=is_blank)
    index = None if is_blank else values.index(sum(choices))
    overall = key.overall_prove(s, blank, total_pair, values, index=index)
    return Answer(tuple(ciphertexts), individual, tuple(overall), tuple(blank_proof))


def make_ballot(election: Election, credential: str, choices: Sequence[Sequence[int]]) -> Ballot:
    """Encrypt ``choices`` (per question, 0/1 per answer; all zeros is a blank vote where allowed)
    and sign with the secret ``credential``."""
    if len(choices) != len(election.questions):
        raise MalformedElectionDataError(f"expected choices for {len(election.questions)} questions", field="choices")
    group, key = election.group, election.key()
    secret = credential_secret(credential, election.uuid, group)
    public = group.g_pow(secret)
    answers = tuple(_encrypt_answer(key, election, public, q, c) for q, c in zip(election.questions, choices, strict=True))
    unsigned = {
        "election_uuid": election.uuid,
        "election_hash": election.fingerprint,
        "credential": str(public),
        "answers": [a.to_json() for a in answers],
    }
    message_hash = b64_sha256(json.dumps(unsigned, **_COMPACT))  # type: ignore[arg-type]
    signature = sign(group, secret, message_hash)
    text = json.dumps({**unsigned, "signature": {"hash": message_hash, "proof": signature.to_json()}}, **_COMPACT)  # type: ignore[arg-type]
    return Ballot.from_json(text, election)


def verify_ballot(ballot: Ballot, election: Election, credentials: Mapping[int, int] | None = None) -> None:
    """Return if the ballot is for this election, signed by a known credential (when
    ``credentials``, public credential → weight, is given) and every proof verifies; raise
    BallotRejectedError or ProofCheckError naming the first check that fails."""
    group, key = election.group, election.key()
    if ballot.election_uuid != election.uuid or ballot.election_hash != election.fingerprint:
        raise BallotRejectedError("the ballot is for another election (its uuid or fingerprint differs)")
    if credentials is not None and ballot.credential not in credentials:
        raise BallotRejectedError("the ballot is signed with a credential that is not on this election's list")
    expected = b64_sha256(json.dumps(ballot.unsigned_json(), **_COMPACT))  # type: ignore[arg-type]
    if ballot.signature_hash != expected:
        raise ProofCheckError("the signature's hash is not the hash of the ballot without its signature")
    if not verify_signature(group, ballot.credential, expected, ballot.signature):
        raise ProofCheckError("the ballot's signature does not verify with its credential")
    for position, (answer, question) in enumerate(zip(ballot.answers, election.questions, strict=True)):
        _verify_answer(key, election, ballot.credential, question, answer, position=position)


def _verify_answer(key: PublicKey, election: Election, credential: int, question: Question, answer: Answer, *, position: int) -> None:
    group = key.group
    s0, s = _s_strings(election, credential, answer.choices)
    for i, (c, proofs) in enumerate(zip(answer.choices, answer.individual_proofs, strict=True)):
        if not key.iverify(s0, c, proofs, (0, 1)):
            raise ProofCheckError(f"question {position + 1}: the proof that choice {i + 1} is 0 or 1 does not verify")
    values = list(range(question.min, question.max + 1))
    if answer.blank_proof is None:
        if not key.iverify(s, _product(answer.choices, group.p), answer.overall_proof, values):
            raise ProofCheckError(f"question {position + 1}: the proof that the number of answers chosen is allowed does not verify")
        return
    blank, total = answer.choices[0], _product(answer.choices[1:], group.p)
    if not key.blank_verify(s, blank, total, answer.blank_proof):
        raise ProofCheckError(f"question {position + 1}: the proof that the vote is either blank or not does not verify")
    if not key.overall_verify(s, blank, total, answer.overall_proof, values):
        raise ProofCheckError(f"question {position + 1}: the proof that the number of answers chosen is allowed does not verify")
