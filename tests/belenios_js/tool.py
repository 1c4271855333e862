"""Drives Debian's ``belenios-tool`` 2.0 through a whole election in a directory, for the tests of
belenios.js: setup (credentials with weights, trustee keys from the tool or given, the election),
ballots, the encrypted tally, partial decryptions, the result and ``election verify``.

Every command runs with ``BELENIOS_USE_URANDOM=1`` in the election's directory; a failing command
raises :class:`ToolError` with its standard error.  The public data live in ``UUID.bel``, the
archive of §4.4 of the Belenios specification.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Election", "Question", "ToolError", "make_election", "run_tool"]

TOOL = "belenios-tool"
GROUP = "BELENIOS-2048"


class ToolError(Exception):
    """belenios-tool exited with an error; the message carries its standard error."""

    def __init__(self, args: Sequence[str], returncode: int, stderr: str) -> None:
        super().__init__(f"belenios-tool {' '.join(args)} exited with {returncode}: {stderr.strip()}")
        self.returncode = returncode
        self.stderr = stderr


def run_tool(directory: Path, *args: str, stdin: str = "") -> str:
    """Runs ``belenios-tool ARGS`` in ``directory`` and returns its standard output."""
    env = {**os.environ, "BELENIOS_USE_URANDOM": "1"}
    if shutil.which(TOOL) is None:
        raise ToolError(args, 127, "belenios-tool is not installed: sudo apt-get install -y belenios-tool")
    done = subprocess.run([TOOL, *args], cwd=directory, input=stdin, capture_output=True, text=True, env=env, check=False, timeout=60)
    if done.returncode != 0:
        raise ToolError(args, done.returncode, done.stderr)
    return done.stdout


@dataclass(frozen=True)
class Question:
    """A homomorphic question (§4.9.1) with ``answers`` answers."""

    answers: int
    min: int
    max: int
    blank: bool = False

    def to_json(self, number: int) -> dict[str, object]:
        question: dict[str, object] = {"answers": [f"Answer {i + 1}" for i in range(self.answers)]}
        if self.blank:
            question["blank"] = True
        question |= {"min": self.min, "max": self.max, "question": f"Question {number}"}
        return question


@dataclass
class Election:
    """An election set up by belenios-tool in ``directory``."""

    directory: Path
    uuid: str
    questions: list[Question]
    weights: dict[str, int]  # login → weight
    credentials: dict[str, str]  # login → private credential, XXX-XXX-XXX-XXX-XXX
    public_credentials: list[str]  # "credential,weight,login", as published
    tool_keys: dict[int, Path] = field(default_factory=dict)  # trustee number (from 1) → private key file

    @property
    def archive(self) -> Path:
        return self.directory / f"{self.uuid}.bel"

    def files(self) -> dict[str, str]:
        """The archive's members by name (the last copy wins, as a tar reader reads them)."""
        with tarfile.open(self.archive) as archive:
            members: dict[str, str] = {}
            for member in archive.getmembers():
                data = archive.extractfile(member)
                if data is not None:
                    members[member.name] = data.read().decode()
            return members

    def events(self) -> list[dict[str, object]]:
        """The events in archive order."""
        with tarfile.open(self.archive) as archive:
            names = [m.name for m in archive.getmembers() if m.name.endswith(".event.json")]
        files = self.files()
        return [json.loads(files[name]) for name in names]

    def data(self, digest: str) -> str:
        """The payload whose SHA-256 (hex) is ``digest``, as stored."""
        return self.files()[f"{digest}.data.json"]

    def election_json(self) -> str:
        """The election's exact JSON text: its fingerprint is the SHA-256 of this text."""
        setup = next(e for e in self.events() if e["type"] == "Setup")
        setup_data = json.loads(self.data(str(setup["payload"])))
        return self.data(setup_data["election"])

    # -- Voting ----------------------------------------------------------------------------------

    def add_ballot(self, ballot: str) -> None:
        """Appends a Ballot event.  belenios-tool checks nothing here: ``verify`` does."""
        run_tool(self.directory, "archive", "add-event", "--type=Ballot", stdin=ballot)

    def generate_ballot(self, login: str, choices: Sequence[Sequence[int]]) -> str:
        """A ballot made by belenios-tool.  ``choices`` are as belenios.js takes them: one 0/1
        per answer, all zeros for a blank vote where allowed; the tool's leading blank flag is
        added here."""
        plain = [[1 if q.blank and not any(c) else 0, *c] if q.blank else list(c) for q, c in zip(self.questions, choices, strict=True)]
        (self.directory / "credential.txt").write_text(self.credentials[login] + "\n")
        (self.directory / "choices.json").write_text(json.dumps(plain))
        try:
            return run_tool(
                self.directory, "election", "generate-ballot", "--privcred", "credential.txt", "--ballot", "choices.json"
            ).strip()
        finally:
            (self.directory / "credential.txt").unlink()

    def end_ballots(self) -> None:
        run_tool(self.directory, "archive", "add-event", "--type=EndBallots")

    # -- Tally -----------------------------------------------------------------------------------

    def encrypted_tally(self) -> str:
        """Computes the encrypted tally, appends it, and returns its JSON text (§4.16)."""
        output = run_tool(self.directory, "election", "compute-encrypted-tally")
        run_tool(self.directory, "archive", "add-event", "--type=EncryptedTally", stdin=output)
        return output.splitlines()[0]

    def decrypt_with_tool(self, trustee: int) -> str:
        """The partial decryption of the tool-made trustee ``trustee`` (its JSON text)."""
        key = self.tool_keys[trustee]
        output = run_tool(self.directory, "election", "decrypt", "--privkey", str(key), "--trustee-id", str(trustee))
        return output.splitlines()[0]

    def add_partial_decryption(self, trustee: int, partial_decryption: str) -> None:
        """Appends a partial decryption with its owned_partial_decryption (§4.18), as the two
        lines ``belenios-tool election decrypt`` writes."""
        owned = json.dumps({"owner": trustee, "payload": hashlib.sha256(partial_decryption.encode()).hexdigest()}, separators=(",", ":"))
        run_tool(self.directory, "archive", "add-event", "--type=PartialDecryption", stdin=f"{partial_decryption}\n{owned}\n")

    def compute_result(self) -> list[list[int]]:
        """Combines the partial decryptions, appends the Result event, and returns the counts
        per question; a question with a blank vote starts with the number of blank votes."""
        output = run_tool(self.directory, "election", "compute-result")
        run_tool(self.directory, "archive", "add-event", "--type=Result", stdin=output)
        return [[int(n) for n in counts] for counts in json.loads(output)["result"]]

    def verify(self) -> None:
        """``belenios-tool election verify``: every ballot, proof, decryption and the result."""
        run_tool(self.directory, "election", "verify")


def make_election(
    directory: Path,
    questions: Sequence[Question],
    weights: Sequence[int],
    *,
    trustee_keys: Sequence[str] = (),
    tool_trustees: int = 1,
) -> Election:
    """Sets up an election in ``directory`` with one voter per weight (logins ``voter1``, …).

    The trustees are first the given ``trustee_keys`` (JSON texts of trustee_public_key), then
    ``tool_trustees`` keys made by belenios-tool; trustee numbers count from 1 in that order.
    """
    directory.mkdir(parents=True, exist_ok=True)
    uuid = run_tool(directory, "setup", "generate-token").strip()
    logins = [f"voter{i + 1}" for i in range(len(weights))]
    (directory / "voters.txt").write_text("".join(f"{login}@example.org,{login},{w}\n" for login, w in zip(logins, weights, strict=True)))
    run_tool(directory, "setup", "generate-credentials", "--uuid", uuid, "--group", GROUP, "--file", "voters.txt")
    (private,) = directory.glob("*.privcreds")
    (public,) = directory.glob("*.pubcreds")
    credentials = {}
    for line in private.read_text().splitlines():
        voter, credential = line.rsplit(" ", 1)
        credentials[voter.split(",")[1]] = credential
    public.rename(directory / "public_creds.json")

    keys = [key.strip() for key in trustee_keys]
    tool_keys = {}
    for i in range(tool_trustees):
        before = set(directory.glob("*.pubkey"))
        run_tool(directory, "setup", "generate-trustee-key", "--group", GROUP)
        (made,) = set(directory.glob("*.pubkey")) - before
        keys.append(made.read_text().strip())
        tool_keys[len(trustee_keys) + i + 1] = made.with_suffix(".privkey")
    (directory / "public_keys.jsons").write_text("".join(f"{key}\n" for key in keys))
    run_tool(directory, "setup", "make-trustees")

    template = {"description": "A test election", "name": "Test", "questions": [q.to_json(i + 1) for i, q in enumerate(questions)]}
    (directory / "template.json").write_text(json.dumps(template))
    run_tool(directory, "setup", "make-election", "--uuid", uuid, "--group", GROUP, "--template", "template.json")
    run_tool(directory, "archive", "init")
    public_credentials = json.loads((directory / "public_creds.json").read_text())
    # As in belenios-tool's own demo: from here on the archive is the only public data.
    for name in ("election.json", "trustees.json", "public_creds.json", "public_keys.jsons"):
        (directory / name).unlink()
    return Election(
        directory=directory,
        uuid=uuid,
        questions=list(questions),
        weights=dict(zip(logins, weights, strict=True)),
        credentials=credentials,
        public_credentials=public_credentials,
        tool_keys=tool_keys,
    )
