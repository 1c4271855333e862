"""Elections made with our protocol code, and Belenios' own tool run over their archives."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gmpy2 import mpz

from incamera.belenios.archive import Archive
from incamera.belenios.ballot import Ballot, make_ballot, verify_ballot
from incamera.belenios.election import Election, Question, make_credential, make_uuid, public_credential, public_credentials_json
from incamera.belenios.group import BELENIOS_2048
from incamera.belenios.tally import (
    PartialDecryption,
    TrusteeKey,
    combine,
    election_key,
    encrypted_tally,
    last_ballots,
    make_trustee_key,
    partial_decryption,
    tally_json,
    trustees_json,
)

QUESTIONS = (
    Question("Adopt the text?", ("Yes", "No", "Abstain"), 1, 1, blank=True),
    Question("Elect two to the bureau", ("Amina", "Bao", "Chloé"), 0, 2),
)


@dataclass
class Made:
    """An election run end to end by our code; ``archive`` grows as it goes."""

    election: Election
    private_keys: list[mpz]
    keys: list[TrusteeKey]
    credentials: list[tuple[str, int]]
    weights: dict[mpz, int]
    archive: Archive
    ballots: list[Ballot] = field(default_factory=list)

    def vote(self, voter: int, choices: Sequence[Sequence[int]]) -> Ballot:
        ballot = make_ballot(self.election, self.credentials[voter][0], choices)
        verify_ballot(ballot, self.election, self.weights)
        self.ballots.append(ballot)
        self.archive.ballot(ballot.text)
        return ballot

    def finish(self) -> list[list[int]]:
        self.archive.end_ballots()
        last = last_ballots(self.ballots)
        tally, total = encrypted_tally(self.election, last, self.weights)
        self.archive.encrypted_tally(tally_json(tally), num_tallied=len(last), total_weight=total)
        decryptions: list[PartialDecryption] = []
        for owner, x in enumerate(self.private_keys, start=1):
            decryption = partial_decryption(self.election, tally, x)
            decryptions.append(decryption)
            self.archive.partial_decryption(owner, decryption.to_json())
        result = combine(self.election, tally, decryptions, total)
        self.archive.result(result)
        return result

    def write(self, directory: Path) -> Path:
        path = directory / f"{self.election.uuid}.bel"
        path.write_bytes(self.archive.to_bytes())
        return path


def make_election(weights: Sequence[int] = (1, 1, 1), *, trustees: int = 2, questions: Sequence[Question] = QUESTIONS) -> Made:
    uuid = make_uuid()
    pairs = [make_trustee_key(BELENIOS_2048) for _ in range(trustees)]
    keys = [k for _, k in pairs]
    election = Election.build(
        uuid=uuid,
        name="Bureau election",
        description="A test election",
        public_key=election_key(BELENIOS_2048, keys),
        questions=questions,
        administrator="Secretariat",
        credential_authority="Secretariat",
    )
    credentials = [(make_credential(), w) for w in weights]
    public = {public_credential(c, uuid): w for c, w in credentials}
    archive = Archive(timestamp=int(time.time()))
    weighted = any(w != 1 for w in weights)
    archive.setup(election.text, trustees_json(keys), public_credentials_json(public, weighted=weighted))
    return Made(election, [x for x, _ in pairs], keys, credentials, public, archive)


def belenios_tool(*args: str, directory: Path) -> subprocess.CompletedProcess[str]:
    """Run Debian's belenios-tool (an implementation that shares no code with ours)."""
    return subprocess.run(["belenios-tool", *args, "--dir", str(directory)], capture_output=True, text=True, timeout=300, check=False)
