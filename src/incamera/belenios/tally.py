"""Trustees' keys (§4.5), the encrypted tally (§4.15–4.16), partial decryptions (§4.18) and the
result (§4.19), for homomorphic questions and "Single" trustees: decryption needs all of them.

Pure: imports gmpy2 and the standard library only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gmpy2 import mpz

from incamera.belenios.ballot import Ballot
from incamera.belenios.election import Election, parse_element, parse_number
from incamera.belenios.errors import MalformedElectionDataError, ProofCheckError
from incamera.belenios.group import Group
from incamera.belenios.proofs import Ciphertext, Proof, decryption_factor, prove_pok, random_zq, verify_decryption, verify_pok

__all__ = [
    "PartialDecryption",
    "TrusteeKey",
    "combine",
    "encrypted_tally",
    "last_ballots",
    "make_trustee_key",
    "partial_decryption",
    "verify_partial_decryption",
]

_COMPACT = {"separators": (",", ":"), "ensure_ascii": False}
Tally = list[list[Ciphertext]]


@dataclass(frozen=True)
class TrusteeKey:
    """A trustee_public_key: g^x with the proof that its holder knows x."""

    public_key: mpz
    pok: Proof

    def to_json(self) -> dict[str, Any]:
        return {"pok": self.pok.to_json(), "public_key": str(self.public_key)}

    @classmethod
    def from_json(cls, data: Any, group: Group, where: str = "trustee") -> TrusteeKey:
        if not isinstance(data, dict) or not isinstance(data.get("pok"), dict):
            raise MalformedElectionDataError(f"{where}: expected a trustee public key (pok, public_key)", field=where)
        key = cls(
            public_key=parse_element(data.get("public_key"), group, f"{where}.public_key"),
            pok=Proof(
                parse_number(data["pok"].get("challenge"), group.q, f"{where}.pok.challenge"),
                parse_number(data["pok"].get("response"), group.q, f"{where}.pok.response"),
            ),
        )
        if not verify_pok(group, key.public_key, key.pok):
            raise ProofCheckError(f"{where}: the proof of knowledge of the private key does not verify")
        return key


def make_trustee_key(group: Group) -> tuple[mpz, TrusteeKey]:
    """A private key x and its public key with proof, as ``incamera trustee keygen`` makes them."""
    x = random_zq(group)
    return x, TrusteeKey(group.g_pow(x), prove_pok(group, x))


def trustees_json(keys: Sequence[TrusteeKey]) -> str:
    return json.dumps([["Single", k.to_json()] for k in keys], **_COMPACT)  # type: ignore[arg-type]


def election_key(group: Group, keys: Sequence[TrusteeKey]) -> mpz:
    """y: the product of the trustees' public keys."""
    y = mpz(1)
    for k in keys:
        y = y * k.public_key % group.p
    return y


def last_ballots(ballots: Sequence[Ballot]) -> list[Ballot]:
    """B̂ = last(B): the last ballot of each credential, in the order they were last cast."""
    latest: dict[int, Ballot] = {}
    for ballot in ballots:
        latest.pop(ballot.credential, None)
        latest[ballot.credential] = ballot
    return list(latest.values())


def encrypted_tally(election: Election, ballots: Sequence[Ballot], weights: Mapping[int, int]) -> tuple[Tally, int]:
    """The pointwise product of the ballots' ciphertexts, each raised to its weight; and the total
    weight.  ``ballots`` must already be last(B)."""
    p = election.group.p
    tally: Tally = [[Ciphertext(mpz(1), mpz(1)) for _ in range(len(q.answers) + (1 if q.blank else 0))] for q in election.questions]
    total = 0
    for ballot in ballots:
        weight = weights[ballot.credential]
        total += weight
        for row, answer in zip(tally, ballot.answers, strict=True):
            for j, c in enumerate(answer.choices):
                row[j] = row[j].times(c if weight == 1 else c.power(weight, p), p)
    return tally, total


def tally_json(tally: Tally) -> str:
    return json.dumps([[c.to_json() for c in row] for row in tally], **_COMPACT)  # type: ignore[arg-type]


def tally_from_json(text: str, election: Election) -> Tally:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise MalformedElectionDataError("expected the encrypted tally as JSON", field="tally") from exc
    shape = [len(q.answers) + (1 if q.blank else 0) for q in election.questions]
    if not isinstance(data, list) or [len(r) if isinstance(r, list) else -1 for r in data] != shape:
        raise MalformedElectionDataError("expected one ciphertext per answer of every question", field="tally")
    group = election.group
    return [
        [Ciphertext(parse_element(c.get("alpha"), group, "tally.alpha"), parse_element(c.get("beta"), group, "tally.beta")) for c in row]
        for row in data
    ]


@dataclass(frozen=True)
class PartialDecryption:
    factors: tuple[tuple[mpz, ...], ...]
    proofs: tuple[tuple[Proof, ...], ...]

    def to_json(self) -> str:
        data = {
            "decryption_factors": [[str(f) for f in row] for row in self.factors],
            "decryption_proofs": [[p.to_json() for p in row] for row in self.proofs],
        }
        return json.dumps(data, **_COMPACT)  # type: ignore[arg-type]

    @classmethod
    def from_json(cls, text: str, election: Election, tally: Tally) -> PartialDecryption:
        group = election.group
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise MalformedElectionDataError("expected the partial decryption as JSON", field="partial_decryption") from exc
        shape = [len(row) for row in tally]
        if not isinstance(data, dict):
            raise MalformedElectionDataError("expected decryption_factors and decryption_proofs", field="partial_decryption")
        factors, proofs = data.get("decryption_factors"), data.get("decryption_proofs")
        for name, value in (("decryption_factors", factors), ("decryption_proofs", proofs)):
            if not isinstance(value, list) or [len(r) if isinstance(r, list) else -1 for r in value] != shape:
                raise MalformedElectionDataError(f"expected {name} shaped like the tally", field=name)
        assert isinstance(factors, list)
        assert isinstance(proofs, list)
        return cls(
            factors=tuple(tuple(parse_element(f, group, "decryption_factors") for f in row) for row in factors),
            proofs=tuple(
                tuple(
                    Proof(
                        parse_number(p.get("challenge") if isinstance(p, dict) else None, group.q, "decryption_proofs.challenge"),
                        parse_number(p.get("response") if isinstance(p, dict) else None, group.q, "decryption_proofs.response"),
                    )
                    for p in row
                )
                for row in proofs
            ),
        )


def partial_decryption(election: Election, tally: Tally, private_key: int) -> PartialDecryption:
    group, fingerprint = election.group, election.fingerprint
    made = [[decryption_factor(group, fingerprint, private_key, c.alpha) for c in row] for row in tally]
    return PartialDecryption(tuple(tuple(f for f, _ in row) for row in made), tuple(tuple(p for _, p in row) for row in made))


def verify_partial_decryption(election: Election, tally: Tally, key: TrusteeKey, decryption: PartialDecryption) -> None:
    group, fingerprint = election.group, election.fingerprint
    for i, (row, factors, proofs) in enumerate(zip(tally, decryption.factors, decryption.proofs, strict=True)):
        for j, (c, factor, proof) in enumerate(zip(row, factors, proofs, strict=True)):
            if not verify_decryption(group, fingerprint, key.public_key, c.alpha, factor=factor, proof=proof):
                raise ProofCheckError(f"question {i + 1}, answer {j + 1}: the decryption factor's proof does not verify")


def combine(election: Election, tally: Tally, decryptions: Sequence[PartialDecryption], total_weight: int) -> list[list[int]]:
    """The result: for each answer, log_g(beta / product of the factors), found among 0…total
    weight (baby steps: the total weight of a meeting is small)."""
    group = election.group
    p, g = group.p, group.g
    result: list[list[int]] = []
    for i, row in enumerate(tally):
        counts = []
        for j, c in enumerate(row):
            factor = mpz(1)
            for d in decryptions:
                factor = factor * d.factors[i][j] % p
            target = c.beta * group.inverse(factor) % p
            value, power = 0, mpz(1)
            while power != target:
                value += 1
                power = power * g % p
                if value > total_weight:
                    msg = f"question {i + 1}, answer {j + 1}: the decrypted count exceeds the total weight {total_weight}"
                    raise ProofCheckError(msg)
            counts.append(value)
        result.append(counts)
    return result
