"""belenios.js in Chromium against belenios-tool 2.0: what the browser makes, the tool accepts.

Ballots made by belenios.js go into the tool's archive; ``belenios-tool election verify`` checks
every proof and signature, and the tool's result must be the weighted sums of the choices.
Trustee keys made by belenios.js go through ``make-trustees``, and its partial decryptions
through ``verify`` and ``compute-result``.  A ballot with one digit changed, or signed with
another credential, is refused by ``verify`` (``archive add-event`` takes any ballot; it checks
nothing).  Nothing is mocked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Error, Page, sync_playwright

from tests.belenios_js.browser import CHROMIUM, CHROMIUM_ARGS, SCRIPT, open_page
from tests.belenios_js.tool import Election, Question, ToolError, make_election, run_tool

pytestmark = pytest.mark.browser

Choices = list[list[int]]
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = open_page(browser)
    yield page
    page.context.close()


def make_ballot(page: Page, election: Election, login: str, choices: Choices) -> tuple[str, str]:
    result = page.evaluate(
        "([election, credential, choices, weight]) => InCameraBelenios.makeBallot(election, credential, choices, {weight})",
        [election.election_json(), election.credentials[login], choices, election.weights[login]],
    )
    return result["ballot"], result["tracker"]


def partial_decryption(page: Page, election: Election, tally: str, private_key: str) -> str:
    decryption: str = page.evaluate(
        "([election, tally, key]) => InCameraBelenios.partialDecryption(election, tally, key)",
        [election.election_json(), tally, private_key],
    )
    return decryption


def refusal(page: Page, expression: str, *args: Any) -> str:
    """The message of the Error that ``expression`` (a function of ``args``) throws."""
    with pytest.raises(Error) as caught:
        page.evaluate(expression, list(args))
    return caught.value.message


def expected_result(election: Election, votes: dict[str, Choices]) -> list[list[int]]:
    """The weighted counts per question; a question with a blank vote starts with the blanks."""
    result = []
    for i, question in enumerate(election.questions):
        counts = [0] * (question.answers + (1 if question.blank else 0))
        for login, choices in votes.items():
            weight, row = election.weights[login], choices[i]
            if question.blank:
                row = [0 if any(row) else 1, *row]
            counts = [c + weight * v for c, v in zip(counts, row, strict=True)]
        result.append(counts)
    return result


def b64_sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode().rstrip("=")


# -- A signer independent of belenios.js (§4.8, §4.14), to forge ballots -------------------------


def _group() -> tuple[int, int, int]:
    """BELENIOS-2048's p, g, q as belenios.js spells them (the control in the signature test
    checks them against the tool)."""
    source = SCRIPT.read_text()

    def constant(name: str) -> int:
        body = re.search(rf"const {name} = BigInt\(([^)]*)\)", source)
        assert body is not None
        return int("".join(re.findall(r'"(\d+)"', body.group(1))))

    return constant("P"), constant("G"), constant("Q")


def resign(ballot: str, credential: str, uuid: str) -> str:
    """The ballot with its signature made again, with the secret of ``credential``."""
    p, g, q = _group()
    parsed = json.loads(ballot)
    del parsed["signature"]
    digest = b64_sha256(json.dumps(parsed, separators=(",", ":")))
    secret = int.from_bytes(hashlib.pbkdf2_hmac("sha256", credential.encode(), uuid.encode(), 1000), "big") % q
    w = secrets.randbelow(q)
    challenge = int.from_bytes(hashlib.sha256(f"sig|{digest}|{pow(g, w, p)}".encode()).digest(), "big") % q
    parsed["signature"] = {"hash": digest, "proof": {"challenge": str(challenge), "response": str((w - secret * challenge) % q)}}
    return json.dumps(parsed, separators=(",", ":"))


def change_digit(ballot: str, path: Sequence[str | int]) -> str:
    """The ballot with the last digit of the number at ``path`` changed."""
    parsed = json.loads(ballot)
    holder = parsed
    for key in path[:-1]:
        holder = holder[key]
    number = holder[path[-1]]
    holder[path[-1]] = number[:-1] + str((int(number[-1]) + 1) % 10)
    return json.dumps(parsed, separators=(",", ":"))


def random_credential() -> str:
    """A well-formed credential (§4.8) that no election issued."""
    digits = [secrets.randbelow(58) for _ in range(14)]
    number = 0
    for d in digits:
        number = number * 58 + d
    raw = "".join(BASE58[d] for d in digits) + BASE58[53 - number % 53]
    return "-".join(raw[i : i + 3] for i in range(0, 15, 3))


# -- Whole elections -----------------------------------------------------------------------------

SHAPES = {
    # A blank vote allowed beside "one of three", then "zero to two of three"; weights 1 and 3.
    "blank-1of3+0to2of3": (
        [Question(3, 1, 1, blank=True), Question(3, 0, 2)],
        [1, 3, 1],
        {"voter1": [[0, 1, 0], [1, 1, 0]], "voter2": [[0, 0, 0], [0, 0, 0]], "voter3": [[1, 0, 0], [0, 0, 1]]},
    ),
    # "One of two" without a blank vote, then "two or three of four" with one.
    "1of2+blank-2to3of4": (
        [Question(2, 1, 1), Question(4, 2, 3, blank=True)],
        [3, 1, 1],
        {"voter1": [[1, 0], [1, 1, 0, 0]], "voter2": [[0, 1], [0, 0, 0, 0]], "voter3": [[0, 1], [1, 1, 1, 0]]},
    ),
    # Wide ranges: up to five of five (where all zeros is a blank vote), and two to four of four.
    "blank-0to5of5+2to4of4": (
        [Question(5, 0, 5, blank=True), Question(4, 2, 4)],
        [2, 1, 5],
        {"voter1": [[1, 1, 1, 1, 1], [1, 1, 0, 0]], "voter2": [[0, 0, 0, 0, 0], [1, 1, 1, 1]], "voter3": [[0, 0, 1, 0, 0], [0, 1, 1, 1]]},
    ),
    # Every answer or none, and a blank vote where min is 1.
    "all-or-none+blank-1to3of3": (
        [Question(1, 0, 1), Question(3, 1, 3, blank=True), Question(2, 2, 2)],
        [1, 1, 3],
        {"voter1": [[1], [1, 1, 1], [1, 1]], "voter2": [[0], [0, 0, 0], [1, 1]], "voter3": [[1], [0, 1, 0], [1, 1]]},
    ),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_ballots_and_decryption_from_the_browser_give_the_weighted_result(page: Page, tmp_path: Path, shape: str) -> None:
    questions, weights, votes = SHAPES[shape]
    trustee = page.evaluate("() => InCameraBelenios.trusteeKeygen()")
    election = make_election(tmp_path, questions, weights, trustee_keys=[trustee["publicKey"]], tool_trustees=1)

    # voter1 first votes otherwise: only the last ballot counts.
    first, _tracker = make_ballot(page, election, "voter1", votes["voter3"])
    election.add_ballot(first)
    for login, choices in votes.items():
        ballot, tracker = make_ballot(page, election, login, choices)
        assert tracker == b64_sha256(ballot) == run_tool(tmp_path, "sha256-b64", stdin=ballot).strip()
        election.add_ballot(ballot)
    election.verify()

    election.end_ballots()
    tally = election.encrypted_tally()
    decryption = partial_decryption(page, election, tally, trustee["privateKey"])
    election.add_partial_decryption(1, decryption)
    election.add_partial_decryption(2, election.decrypt_with_tool(2))
    assert election.compute_result() == expected_result(election, votes)
    election.verify()


def test_browser_trustees_alone_decrypt_a_tool_made_ballot(page: Page, tmp_path: Path) -> None:
    keys = [page.evaluate("() => InCameraBelenios.trusteeKeygen()") for _ in range(2)]
    questions, weights = [Question(2, 1, 1, blank=True)], [3, 1]
    election = make_election(tmp_path, questions, weights, trustee_keys=[k["publicKey"] for k in keys], tool_trustees=0)
    votes = {"voter1": [[0, 1]], "voter2": [[0, 0]]}
    for login, choices in votes.items():
        election.add_ballot(election.generate_ballot(login, choices))
    election.end_ballots()
    tally = election.encrypted_tally()
    for number, key in enumerate(keys, start=1):
        decryption = partial_decryption(page, election, tally, json.dumps(key["privateKey"]))  # the tool's file format
        election.add_partial_decryption(number, decryption)
    assert election.compute_result() == [[1, 0, 3]]
    election.verify()


def test_trustee_key_is_the_tool_layout(page: Page) -> None:
    key = page.evaluate("() => InCameraBelenios.trusteeKeygen()")
    public = json.loads(key["publicKey"])
    assert list(public) == ["pok", "public_key"]
    assert list(public["pok"]) == ["challenge", "response"]
    assert key["publicKey"] == json.dumps(public, separators=(",", ":"))
    assert re.fullmatch(r"[1-9]\d*", key["privateKey"])


def test_trustee_key_with_a_changed_digit_is_refused_by_verify(page: Page, tmp_path: Path) -> None:
    key = page.evaluate("() => InCameraBelenios.trusteeKeygen()")
    make_election(tmp_path / "genuine", [Question(2, 1, 1)], [1], trustee_keys=[key["publicKey"]], tool_trustees=0).verify()
    forged = change_digit(key["publicKey"], ["pok", "response"])
    # make-trustees and make-election take the key without checking its proof; verify checks it.
    election = make_election(tmp_path / "forged", [Question(2, 1, 1)], [1], trustee_keys=[forged], tool_trustees=0)
    with pytest.raises(ToolError, match="Assertion failed"):
        election.verify()


def test_partial_decryption_with_another_key_is_refused_by_compute_result(page: Page, tmp_path: Path) -> None:
    trustee, stranger = (page.evaluate("() => InCameraBelenios.trusteeKeygen()") for _ in range(2))
    election = make_election(tmp_path, [Question(2, 1, 1)], [1], trustee_keys=[trustee["publicKey"]], tool_trustees=0)
    ballot, _tracker = make_ballot(page, election, "voter1", [[1, 0]])
    election.add_ballot(ballot)
    election.end_ballots()
    tally = election.encrypted_tally()
    decryption = partial_decryption(page, election, tally, stranger["privateKey"])
    election.add_partial_decryption(1, decryption)  # add-event checks nothing
    with pytest.raises(ToolError, match="invalid partial decryption"):
        election.compute_result()


def test_public_credentials_are_the_tools_in_every_spelling(page: Page, tmp_path: Path) -> None:
    # 300 credentials: the checksum "v" (1 in 53) is all but certain to be among them.
    election = make_election(tmp_path, [Question(2, 1, 1)], [1, 3] * 150)
    published = {line.split(",")[2]: line.split(",")[0] for line in election.public_credentials}
    logins = list(election.credentials)
    for spell in (str, lambda c: c.replace("-", ""), lambda c: f"  {c}\n"):
        made = page.evaluate(
            "([credentials, uuid]) => Promise.all(credentials.map((c) => InCameraBelenios.publicCredential(c, uuid)))",
            [[spell(election.credentials[login]) for login in logins], election.uuid],
        )
        assert made == [published[login] for login in logins]


# -- Ballots that must be refused ----------------------------------------------------------------

NEGATIVE_QUESTIONS = [Question(3, 1, 1, blank=True), Question(2, 0, 2)]


@pytest.mark.parametrize(
    "path",
    [
        ("answers", 0, "individual_proofs", 1, 0, "response"),
        ("answers", 0, "overall_proof", 1, "challenge"),
        ("answers", 0, "blank_proof", 0, "response"),
        ("answers", 1, "overall_proof", 2, "response"),
        ("answers", 1, "choices", 0, "beta"),
    ],
)
def test_ballot_with_a_changed_digit_is_refused_by_verify(page: Page, tmp_path: Path, path: tuple[str | int, ...]) -> None:
    election = make_election(tmp_path, NEGATIVE_QUESTIONS, [1, 1])
    ballot, _tracker = make_ballot(page, election, "voter1", [[0, 1, 0], [1, 0]])
    # Signed again, so that only the changed proof can make verify fail.
    forged = resign(change_digit(ballot, path), election.credentials["voter1"], election.uuid)
    election.add_ballot(forged)  # add-event checks nothing
    with pytest.raises(ToolError, match=f"error while casting ballot {re.escape(b64_sha256(forged))}: invalid ballot"):
        election.verify()


def test_ballot_with_a_changed_signature_digit_is_refused_by_verify(page: Page, tmp_path: Path) -> None:
    election = make_election(tmp_path, NEGATIVE_QUESTIONS, [1, 1])
    ballot, _tracker = make_ballot(page, election, "voter1", [[0, 0, 0], [1, 1]])
    election.add_ballot(change_digit(ballot, ("signature", "proof", "response")))
    with pytest.raises(ToolError, match="invalid ballot"):
        election.verify()


def test_ballot_signed_with_another_credential_is_refused_by_verify(page: Page, tmp_path: Path) -> None:
    election = make_election(tmp_path, NEGATIVE_QUESTIONS, [1, 1])
    ballot, _tracker = make_ballot(page, election, "voter1", [[0, 0, 1], [0, 1]])
    # The control: signed again with its own credential, it is still accepted.
    election.add_ballot(resign(ballot, election.credentials["voter1"], election.uuid))
    election.verify()
    election.add_ballot(resign(ballot, election.credentials["voter2"], election.uuid))
    with pytest.raises(ToolError, match="invalid ballot"):
        election.verify()


def test_ballot_with_a_credential_the_election_did_not_issue_is_refused_by_verify(page: Page, tmp_path: Path) -> None:
    election = make_election(tmp_path, NEGATIVE_QUESTIONS, [1, 1])
    ballot = page.evaluate(
        "([election, credential]) => InCameraBelenios.makeBallot(election, credential, [[1, 0, 0], [0, 0]])",
        [election.election_json(), random_credential()],
    )["ballot"]
    election.add_ballot(ballot)
    with pytest.raises(ToolError, match="error while casting ballot"):
        election.verify()


# -- What belenios.js refuses, with the reason ---------------------------------------------------


@pytest.fixture(scope="module")
def refusals_election(tmp_path_factory: pytest.TempPathFactory) -> Election:
    """One election, only read: one blank-allowed "one of three", one "one or two of three"."""
    return make_election(tmp_path_factory.mktemp("refusals"), [Question(3, 1, 1, blank=True), Question(3, 1, 2)], [1])


MAKE = "([election, credential, choices, options]) => InCameraBelenios.makeBallot(election, credential, choices, options)"


@pytest.mark.parametrize(
    ("credential", "message"),
    [
        ("change", "credential: the checksum (the last character) does not match the other 14; check for a typing error"),
        ("short", "credential: expected 15 characters, as XXX-XXX-XXX-XXX-XXX or without the dashes; got 14 characters"),
        ("letter-l", "credential: character 1 is not one of the 58 allowed (digits 1–9 and letters except I, O and l)"),
        ("dashes", "credential: the dashes must split the 15 characters into groups of three, as XXX-XXX-XXX-XXX-XXX"),
    ],
)
def test_credential_mistakes_are_refused_with_the_reason(page: Page, refusals_election: Election, credential: str, message: str) -> None:
    good = refusals_election.credentials["voter1"]
    last = BASE58[(BASE58.index(good[-1]) + 1) % 58]
    raw = good.replace("-", "")
    typed = {
        "change": good[:-1] + last,
        "short": raw[:14],
        "letter-l": "l" + good[1:],
        "dashes": "-".join([raw[:4], raw[4:6], raw[6:9], raw[9:12], raw[12:]]),
    }[credential]
    assert message in refusal(page, MAKE, refusals_election.election_json(), typed, [[1, 0, 0], [1, 0, 0]], {})
    assert message in refusal(page, "([c, uuid]) => InCameraBelenios.secretFromCredential(c, uuid)", typed, refusals_election.uuid)


def test_checksum_is_53_minus_the_rest_never_0(page: Page, refusals_election: Election) -> None:
    # belenios-tool writes "v" (53), not "1" (0), when 53 divides the first 14 digits: 1 in 53
    # of the credentials it issues.
    secret = "([c, uuid]) => InCameraBelenios.secretFromCredential(c, uuid).then(String)"
    assert page.evaluate(secret, ["111-111-111-111-11v", refusals_election.uuid])
    assert "checksum" in refusal(page, secret, "111-111-111-111-111", refusals_election.uuid)


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([[1, 0, 0]], "choices: expected one list per question (2), got 1"),
        ([[1, 0], [1, 0, 0]], "question 1: expected one 0 or 1 per answer (3), got 2"),
        ([[1, 0, 0], [0, 2, 0]], "question 2, answer 2: expected 0 or 1, got 2"),
        ([[1, 0, 0], [0, True, 0]], "question 2, answer 2: expected 0 or 1, got true"),
        ([[1, 1, 0], [1, 0, 0]], "question 1: choose exactly 1 answers (or none, for a blank vote); 2 chosen"),
        ([[1, 0, 0], [0, 0, 0]], "question 2: choose between 1 and 2 answers; 0 chosen"),
        ([[1, 0, 0], [1, 1, 1]], "question 2: choose between 1 and 2 answers; 3 chosen"),
    ],
)
def test_invalid_choices_are_refused_with_the_reason(page: Page, refusals_election: Election, choices: Choices, message: str) -> None:
    credential = refusals_election.credentials["voter1"]
    assert message in refusal(page, MAKE, refusals_election.election_json(), credential, choices, {})


def test_unsupported_elections_and_weights_are_refused_with_the_reason(page: Page, refusals_election: Election) -> None:
    text, credential, choices = refusals_election.election_json(), refusals_election.credentials["voter1"], [[0, 0, 0], [0, 1, 0]]
    assert "weight: expected a positive integer, got 0" in refusal(page, MAKE, text, credential, choices, {"weight": 0})
    election = json.loads(text)
    nonhomomorphic = {**election, "questions": [*election["questions"][:1], {"type": "NonHomomorphic", "value": {}}]}
    message = refusal(page, MAKE, json.dumps(nonhomomorphic), credential, choices, {})
    assert 'question 2: only homomorphic questions are supported, this one has type "NonHomomorphic"' in message
    rfc = {**election, "group": "RFC-3526-2048"}
    assert 'election: expected the group BELENIOS-2048, got "RFC-3526-2048"' in refusal(
        page, MAKE, json.dumps(rfc), credential, choices, {}
    )
    outside = {**election, "public_key": str(int(election["public_key"]) + 1)}
    message = refusal(page, MAKE, json.dumps(outside), credential, choices, {})
    assert "election public_key: not an element of the group BELENIOS-2048" in message
