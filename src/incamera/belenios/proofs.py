"""ElGamal encryption and the zero-knowledge proofs of the Belenios specification (§4.5, §4.11–4.14,
§4.18), each beside its verification.  Numbers enter every hash in base 10; every hash is SHA-256
read as a big-endian number and reduced modulo q.

Pure: imports gmpy2 and the standard library only.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import gmpy2
from gmpy2 import mpz

from incamera.belenios.group import FixedBase, Group, hash_to_zq

__all__ = [
    "Ciphertext",
    "Proof",
    "PublicKey",
    "decryption_factor",
    "prove_pok",
    "sign",
    "verify_decryption",
    "verify_pok",
    "verify_signature",
]


@dataclass(frozen=True, slots=True)
class Proof:
    challenge: mpz
    response: mpz

    def to_json(self) -> dict[str, str]:
        return {"challenge": str(self.challenge), "response": str(self.response)}


@dataclass(frozen=True, slots=True)
class Ciphertext:
    alpha: mpz
    beta: mpz

    def to_json(self) -> dict[str, str]:
        return {"alpha": str(self.alpha), "beta": str(self.beta)}

    def times(self, other: Ciphertext, p: int) -> Ciphertext:
        return Ciphertext(self.alpha * other.alpha % p, self.beta * other.beta % p)

    def power(self, exponent: int, p: int) -> Ciphertext:
        return Ciphertext(gmpy2.powmod(self.alpha, exponent, p), gmpy2.powmod(self.beta, exponent, p))


def random_zq(group: Group) -> mpz:
    return mpz(secrets.randbelow(int(group.q)))


def _numbers(values: Sequence[int]) -> str:
    return ",".join(str(v) for v in values)


class PublicKey:
    """The election public key y, with fast powers of g and y: what encrypts and what proves."""

    def __init__(self, group: Group, y: int) -> None:
        self.group, self.y = group, mpz(y)
        self._y_table: FixedBase | None = None

    def y_pow(self, exponent: int) -> mpz:
        if self._y_table is None:
            self._y_table = FixedBase(self.group, self.y)
        return self._y_table.pow(exponent)

    def encrypt(self, m: int, r: int) -> Ciphertext:
        """(g^r, y^r·g^m)."""
        group = self.group
        return Ciphertext(group.g_pow(r), self.y_pow(r) * group.g_pow(m) % group.p)

    # --- §4.12 proofs of interval membership ---

    def _simulated(self, alpha: int, beta_over: int) -> tuple[Proof, mpz, mpz]:
        """A proof with a random challenge and response, and its commitments (A, B)."""
        group = self.group
        proof = Proof(random_zq(group), random_zq(group))
        a = group.g_pow(proof.response) * group.pow(alpha, proof.challenge) % group.p
        b = self.y_pow(proof.response) * group.pow(beta_over, proof.challenge) % group.p
        return proof, a, b

    def _commitments(self, proof: Proof, alpha: int, beta_over: int) -> tuple[mpz, mpz]:
        group = self.group
        a = group.g_pow(proof.response) * group.pow(alpha, proof.challenge) % group.p
        b = self.y_pow(proof.response) * group.pow(beta_over, proof.challenge) % group.p
        return a, b

    def _beta_over_g(self, beta: int, m: int) -> mpz:
        """β / g^m."""
        group = self.group
        return beta * group.g_pow((-m) % group.q) % group.p

    def iprove(self, s: str, ciphertext: Ciphertext, r: int, index: int, values: Sequence[int]) -> list[Proof]:
        """The proof that ``ciphertext`` encrypts ``values[index]`` with randomness ``r``."""
        group = self.group
        proofs: list[Proof | None] = [None] * len(values)
        commitments: list[mpz] = [mpz(0)] * (2 * len(values))
        for j, m in enumerate(values):
            if j == index:
                continue
            proof, a, b = self._simulated(ciphertext.alpha, self._beta_over_g(ciphertext.beta, m))
            proofs[j], commitments[2 * j], commitments[2 * j + 1] = proof, a, b
        w = random_zq(group)
        commitments[2 * index], commitments[2 * index + 1] = group.g_pow(w), self.y_pow(w)
        total = hash_to_zq(f"prove|{s}|{ciphertext.alpha},{ciphertext.beta}|{_numbers(commitments)}", group.q)
        challenge = (total - sum(p.challenge for p in proofs if p is not None)) % group.q
        proofs[index] = Proof(challenge, (w - r * challenge) % group.q)
        return [p for p in proofs if p is not None]

    def iverify(self, s: str, ciphertext: Ciphertext, proofs: Sequence[Proof], values: Sequence[int]) -> bool:
        group = self.group
        if len(proofs) != len(values):
            return False
        commitments: list[mpz] = []
        for proof, m in zip(proofs, values, strict=True):
            commitments.extend(self._commitments(proof, ciphertext.alpha, self._beta_over_g(ciphertext.beta, m)))
        total = hash_to_zq(f"prove|{s}|{ciphertext.alpha},{ciphertext.beta}|{_numbers(commitments)}", group.q)
        return bool(total == sum(p.challenge for p in proofs) % group.q)

    # --- §4.13 proofs of possibly-blank votes ---

    def blank_prove(self, s: str, blank: tuple[Ciphertext, int], total: tuple[Ciphertext, int], *, is_blank: bool) -> list[Proof]:
        """blank_proof: m0 = 0 ∨ mΣ = 0; ``blank`` is (ct0, r0) and ``total`` (ctΣ, rΣ).  The true
        case is the one whose plaintext is 0: m0 = 0 for a vote, mΣ = 0 for a blank vote."""
        group = self.group
        (_zero_ct, zero_r), (other_ct, _) = (total, blank) if is_blank else (blank, total)
        simulated, a_other, b_other = self._simulated(other_ct.alpha, other_ct.beta)
        w = random_zq(group)
        a_zero, b_zero = group.g_pow(w), self.y_pow(w)
        # The hash always lists (A0, B0, AΣ, BΣ): those of m0 first.
        ordered = [a_zero, b_zero, a_other, b_other] if not is_blank else [a_other, b_other, a_zero, b_zero]
        challenge = (hash_to_zq(f"bproof0|{s}|{_numbers(ordered)}", group.q) - simulated.challenge) % group.q
        real = Proof(challenge, (w - zero_r * challenge) % group.q)
        return [real, simulated] if not is_blank else [simulated, real]

    def blank_verify(self, s: str, blank: Ciphertext, total: Ciphertext, proofs: Sequence[Proof]) -> bool:
        group = self.group
        if len(proofs) != 2:
            return False
        a0, b0 = self._commitments(proofs[0], blank.alpha, blank.beta)
        a1, b1 = self._commitments(proofs[1], total.alpha, total.beta)
        found = hash_to_zq(f"bproof0|{s}|{_numbers([a0, b0, a1, b1])}", group.q)
        return bool(found == (proofs[0].challenge + proofs[1].challenge) % group.q)

    def overall_prove(
        self, s: str, blank: tuple[Ciphertext, int], total: tuple[Ciphertext, int], values: Sequence[int], *, index: int | None
    ) -> list[Proof]:
        """overall_proof: m0 = 1 ∨ mΣ ∈ values; ``index`` is mΣ's place in ``values``, None for a
        blank vote (m0 = 1)."""
        group = self.group
        (blank_ct, blank_r), (total_ct, total_r) = blank, total
        proofs: list[Proof | None] = [None] * (len(values) + 1)
        commitments: list[mpz] = [mpz(0)] * (2 * (len(values) + 1))
        if index is not None:  # π0 simulated
            proof, a, b = self._simulated(blank_ct.alpha, self._beta_over_g(blank_ct.beta, 1))
            proofs[0], commitments[0], commitments[1] = proof, a, b
        for j, m in enumerate(values, start=1):
            if index is not None and j == index + 1:
                continue
            proof, a, b = self._simulated(total_ct.alpha, self._beta_over_g(total_ct.beta, m))
            proofs[j], commitments[2 * j], commitments[2 * j + 1] = proof, a, b
        real = 0 if index is None else index + 1
        w = random_zq(group)
        commitments[2 * real], commitments[2 * real + 1] = group.g_pow(w), self.y_pow(w)
        found = hash_to_zq(f"bproof1|{s}|{_numbers(commitments)}", group.q)
        challenge = (found - sum(p.challenge for p in proofs if p is not None)) % group.q
        r = blank_r if index is None else total_r
        proofs[real] = Proof(challenge, (w - r * challenge) % group.q)
        return [p for p in proofs if p is not None]

    def overall_verify(self, s: str, blank: Ciphertext, total: Ciphertext, proofs: Sequence[Proof], values: Sequence[int]) -> bool:
        group = self.group
        if len(proofs) != len(values) + 1:
            return False
        commitments = list(self._commitments(proofs[0], blank.alpha, self._beta_over_g(blank.beta, 1)))
        for proof, m in zip(proofs[1:], values, strict=True):
            commitments.extend(self._commitments(proof, total.alpha, self._beta_over_g(total.beta, m)))
        found = hash_to_zq(f"bproof1|{s}|{_numbers(commitments)}", group.q)
        return bool(found == sum(p.challenge for p in proofs) % group.q)


# --- §4.5 proof of knowledge of a private key ---


def prove_pok(group: Group, x: int) -> Proof:
    big_x, w = group.g_pow(x), random_zq(group)
    challenge = hash_to_zq(f"pok|{group.name}|{big_x}|{group.g_pow(w)}", group.q)
    return Proof(challenge, (w - x * challenge) % group.q)


def verify_pok(group: Group, public_key: int, proof: Proof) -> bool:
    a = group.g_pow(proof.response) * group.pow(public_key, proof.challenge) % group.p
    return bool(proof.challenge == hash_to_zq(f"pok|{group.name}|{public_key}|{a}", group.q))


# --- §4.14 the ballot's signature ---


def sign(group: Group, secret: int, message_hash: str) -> Proof:
    w = random_zq(group)
    challenge = hash_to_zq(f"sig|{message_hash}|{group.g_pow(w)}", group.q)
    return Proof(challenge, (w - secret * challenge) % group.q)


def verify_signature(group: Group, credential: int, message_hash: str, proof: Proof) -> bool:
    a = group.g_pow(proof.response) * group.pow(credential, proof.challenge) % group.p
    return bool(proof.challenge == hash_to_zq(f"sig|{message_hash}|{a}", group.q))


# --- §4.18 decryption factors ---


def decryption_factor(group: Group, fingerprint: str, x: int, alpha: int) -> tuple[mpz, Proof]:
    """alpha^x and the proof that it uses the same x as the trustee's public key g^x."""
    factor, w = group.pow(alpha, x), random_zq(group)
    challenge = hash_to_zq(f"decrypt|{fingerprint}|{group.g_pow(x)}|{group.g_pow(w)},{group.pow(alpha, w)}", group.q)
    return factor, Proof(challenge, (w - x * challenge) % group.q)


def verify_decryption(group: Group, fingerprint: str, public_key: int, alpha: int, *, factor: int, proof: Proof) -> bool:
    a = group.g_pow(proof.response) * group.pow(public_key, proof.challenge) % group.p
    b = group.pow(alpha, proof.response) * group.pow(factor, proof.challenge) % group.p
    return bool(proof.challenge == hash_to_zq(f"decrypt|{fingerprint}|{public_key}|{a},{b}", group.q))
