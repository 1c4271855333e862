"""The election structure (§4.10), its questions (§4.9, homomorphic only), its fingerprint, and
credentials (§4.8).

Pure: imports gmpy2 and the standard library only.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gmpy2 import mpz

from incamera.belenios.errors import MalformedElectionDataError
from incamera.belenios.group import BELENIOS_2048, Group
from incamera.belenios.proofs import PublicKey

__all__ = [
    "BASE58",
    "Election",
    "Question",
    "b64_sha256",
    "credential_secret",
    "make_credential",
    "make_uuid",
    "public_credential",
]

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
GROUPS = {BELENIOS_2048.name: BELENIOS_2048}
PBKDF2_ITERATIONS = 1000


def b64_sha256(text: str | bytes) -> str:
    """H_JSON (§4.15): base64 of SHA-256, without padding."""
    data = text.encode() if isinstance(text, str) else text
    return base64.b64encode(hashlib.sha256(data).digest()).decode().rstrip("=")


def make_uuid(length: int = 14) -> str:
    return "".join(secrets.choice(BASE58) for _ in range(length))


def _checksum(digits: str) -> str:
    """53 − (n mod 53): from 1 to 53, so "v" (53) when 53 divides n, as belenios-tool issues them."""
    value = 0
    for character in digits:
        value = value * 58 + BASE58.index(character)
    return BASE58[53 - value % 53]


def make_credential() -> str:
    """A secret credential XXX-XXX-XXX-XXX-XXX: 14 random base-58 characters and a checksum."""
    digits = "".join(secrets.choice(BASE58) for _ in range(14))
    text = digits + _checksum(digits)
    return "-".join(text[i : i + 3] for i in range(0, 15, 3))


def credential_secret(credential: str, uuid: str, group: Group = BELENIOS_2048) -> mpz:
    """secret(c): PBKDF2-HMAC-SHA256 with the uuid as salt, 1000 iterations, one block, mod q.

    Raises MalformedElectionDataError for a credential that is not 15 base-58 characters (with or
    without its dashes) or whose checksum is wrong: a typing error."""
    digits = credential.strip().replace("-", "")
    if len(digits) != 15 or any(c not in BASE58 for c in digits):
        raise MalformedElectionDataError("expected a credential of 15 characters such as XXX-XXX-XXX-XXX-XXX", field="credential")
    if _checksum(digits[:14]) != digits[14]:
        raise MalformedElectionDataError("the credential's last character does not match: it was mistyped", field="credential")
    # The password is the credential as issued, XXX-XXX-XXX-XXX-XXX, however it was typed.
    dashed = "-".join(digits[i : i + 3] for i in range(0, 15, 3))
    derived = hashlib.pbkdf2_hmac("sha256", dashed.encode(), uuid.encode(), PBKDF2_ITERATIONS, 32)
    return mpz(int.from_bytes(derived, "big")) % group.q


def public_credential(credential: str, uuid: str, group: Group = BELENIOS_2048) -> mpz:
    return group.g_pow(credential_secret(credential, uuid, group))


@dataclass(frozen=True)
class Question:
    """A homomorphic question: choose between ``min`` and ``max`` of ``answers``, or blank."""

    question: str
    answers: tuple[str, ...]
    min: int
    max: int
    blank: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"answers": list(self.answers)}
        if self.blank:
            data["blank"] = True
        data.update(min=self.min, max=self.max, question=self.question)
        return data

    @classmethod
    def from_json(cls, data: Any, position: int) -> Question:
        where = f"questions[{position}]"
        if not isinstance(data, dict) or "answers" not in data:
            raise MalformedElectionDataError(f"{where}: expected a homomorphic question (answers, min, max)", field=where)
        answers, low, high, blank = data.get("answers"), data.get("min"), data.get("max"), data.get("blank", False)
        if not (isinstance(answers, list) and answers and all(isinstance(a, str) for a in answers)):
            raise MalformedElectionDataError(f"{where}: expected a list of answers", field=where)
        if not (type(low) is int and type(high) is int and 0 <= low <= high <= len(answers)):
            raise MalformedElectionDataError(f"{where}: expected 0 ≤ min ≤ max ≤ {len(answers)}", field=where)
        if not isinstance(blank, bool) or not isinstance(data.get("question"), str):
            raise MalformedElectionDataError(f"{where}: expected a question text and a boolean blank", field=where)
        return cls(question=data["question"], answers=tuple(answers), min=low, max=high, blank=blank)

    def check_choices(self, choices: Sequence[int]) -> None:
        """Raise MalformedElectionDataError unless ``choices`` (0/1 per answer) answers this question."""
        if len(choices) != len(self.answers) or any(c not in (0, 1) for c in choices):
            raise MalformedElectionDataError(f"expected {len(self.answers)} choices of 0 or 1", field="choices")
        chosen = sum(choices)
        if chosen == 0 and self.blank:
            return
        if not self.min <= chosen <= self.max:
            raise MalformedElectionDataError(
                f"expected between {self.min} and {self.max} answers chosen; found {chosen}"
                + (" (or none, a blank vote)" if self.blank else ""),
                field="choices",
            )


@dataclass(frozen=True)
class Election:
    """An election and the exact text it was published as: its fingerprint is of that text."""

    uuid: str
    name: str
    description: str
    public_key: mpz
    questions: tuple[Question, ...]
    group: Group
    text: str
    administrator: str | None = None
    credential_authority: str | None = None

    @property
    def fingerprint(self) -> str:
        return b64_sha256(self.text)

    @functools.cached_property
    def _key(self) -> PublicKey:
        return PublicKey(self.group, self.public_key)

    def key(self) -> PublicKey:
        """The public key, its table of powers built once per election (16 ms) and kept."""
        return self._key

    @classmethod
    def build(
        cls,
        *,
        uuid: str,
        name: str,
        description: str,
        public_key: int,
        questions: Sequence[Question],
        administrator: str | None = None,
        credential_authority: str | None = None,
        group: Group = BELENIOS_2048,
    ) -> Election:
        data: dict[str, Any] = {
            "version": 1,
            "description": description,
            "name": name,
            "group": group.name,
            "public_key": str(public_key),
            "questions": [q.to_json() for q in questions],
            "uuid": uuid,
        }
        if administrator is not None:
            data["administrator"] = administrator
        if credential_authority is not None:
            data["credential_authority"] = credential_authority
        return cls.from_json(json.dumps(data, separators=(",", ":"), ensure_ascii=False))

    @classmethod
    def from_json(cls, text: str) -> Election:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise MalformedElectionDataError("expected the election as JSON", field="election") from exc
        if not isinstance(data, dict) or data.get("version") != 1:
            raise MalformedElectionDataError("expected an election of version 1", field="election")
        group = GROUPS.get(data.get("group"))  # type: ignore[arg-type]
        if group is None:
            raise MalformedElectionDataError(f"expected the group {BELENIOS_2048.name}", field="group")
        uuid = data.get("uuid")
        if not (isinstance(uuid, str) and len(uuid) >= 14 and all(c in BASE58 for c in uuid)):
            raise MalformedElectionDataError("expected a uuid of at least 14 base-58 characters", field="uuid")
        questions = data.get("questions")
        if not isinstance(questions, list) or not questions:
            raise MalformedElectionDataError("expected at least one question", field="questions")
        return cls(
            uuid=uuid,
            name=str(data.get("name", "")),
            description=str(data.get("description", "")),
            public_key=parse_element(data.get("public_key"), group, "public_key"),
            questions=tuple(Question.from_json(q, i) for i, q in enumerate(questions)),
            group=group,
            text=text,
            administrator=data.get("administrator"),
            credential_authority=data.get("credential_authority"),
        )


def parse_number(value: object, bound: int, where: str) -> mpz:
    """A base-10 string below ``bound``, as the specification writes numbers."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 700):
        raise MalformedElectionDataError(f"{where}: expected a number in base 10, as a string", field=where)
    number = mpz(value)
    if number >= bound:
        raise MalformedElectionDataError(f"{where}: expected a number below the group's bound", field=where)
    return number


def parse_element(value: object, group: Group, where: str) -> mpz:
    """A group element: a number that is in the subgroup of order q."""
    number = parse_number(value, group.p, where)
    if not group.contains(number):
        raise MalformedElectionDataError(f"{where}: the number is not an element of the group", field=where)
    return number


def public_credentials_json(credentials: Mapping[int, int] | Sequence[int], *, weighted: bool) -> str:
    """The list L (§4.8): each public credential, with ",weight" when weights are used; sorted, so
    that the order says nothing about who holds which."""
    items = credentials.items() if isinstance(credentials, Mapping) else ((c, 1) for c in credentials)
    entries = sorted(f"{c},{w}" if weighted else str(c) for c, w in items)
    return json.dumps(entries, separators=(",", ":"))
