"""Tally and full verification of a secret ballot (issue 14), beside Belenios' own verifier.

    .venv/bin/python bench/ballot_audit.py [--ballots 200] [--questions 5]

An election of N voters and Q questions (three answers and blank, choose one) is run by our code:
every ballot made, the ballots closed, the encrypted tally, two trustees' partial decryptions,
the result.  Measured on the same archive, in the same run:

- **incamera tally**: the encrypted tally of last(B), both partial decryptions with their proofs,
  the result (discrete logarithms);
- **incamera audit**: ``audit_archive``, everything an auditor checks: the chain, the setup, every
  ballot's signature and proofs, the tally, every decryption proof, the result; in one process,
  then with one process per core (the ballots split between them), as ``incamera ballots verify``
  runs it;
- **belenios-tool election verify**: the same checks by Belenios' own (OCaml) implementation.

Goal: tally + audit ≤ 10 s for 200 ballots.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.belenios.helpers import make_election  # noqa: E402

from incamera.belenios.audit import audit_archive  # noqa: E402
from incamera.belenios.election import Question  # noqa: E402
from incamera.belenios.tally import combine, encrypted_tally, last_ballots, partial_decryption  # noqa: E402

GOAL_SECONDS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ballots", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    args = parser.parse_args()
    questions = [Question(f"Question {i + 1}", ("Yes", "No", "Abstain"), 1, 1, blank=True) for i in range(args.questions)]
    made = make_election([1] * args.ballots, questions=questions)
    start = time.perf_counter()
    for voter in range(args.ballots):
        choice = voter % 4  # 0 blank, then yes, no, abstain in turn
        made.vote(voter, [[1 if choice == j + 1 else 0 for j in range(3)] for _ in questions])
        if voter % 20 == 19:
            print(f"\r  {voter + 1}/{args.ballots} ballots made", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    making = time.perf_counter() - start

    start = time.perf_counter()
    last = last_ballots(made.ballots)
    tally, total = encrypted_tally(made.election, last, made.weights)
    decryptions = [partial_decryption(made.election, tally, x) for x in made.private_keys]
    result = combine(made.election, tally, decryptions, total)
    tallying = time.perf_counter() - start
    finished = made.finish()  # the same again, written to the archive
    assert finished == result
    blob = made.archive.to_bytes()

    start = time.perf_counter()
    audit = audit_archive(blob)
    single = time.perf_counter() - start
    assert audit.state == "finished"
    workers = os.cpu_count() or 1
    start = time.perf_counter()
    audit_archive(blob, workers=workers)
    auditing = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as directory:
        Path(directory, f"{made.election.uuid}.bel").write_bytes(blob)
        start = time.perf_counter()
        done = subprocess.run(["belenios-tool", "election", "verify", "--dir", directory], capture_output=True, text=True, check=False)
        tool = time.perf_counter() - start
        assert done.returncode == 0, done.stderr

    print(f"{args.ballots} ballots of {args.questions} questions (3 answers + blank), 2 trustees; archive {len(blob) // 1024} KiB")
    print(f"  making the ballots (not measured by the goal): {making:6.2f} s ({making / args.ballots * 1000:.0f} ms each)")
    print(f"  incamera tally + decryptions + result:        {tallying:6.2f} s")
    print(f"  incamera audit, one process:                  {single:6.2f} s ({single / args.ballots * 1000:.0f} ms per ballot)")
    print(f"  incamera audit, {workers} processes (the CLI's default): {auditing:6.2f} s")
    print(f"  belenios-tool election verify (baseline):     {tool:6.2f} s")
    total_seconds = tallying + auditing
    verdict = "meets" if total_seconds <= GOAL_SECONDS else "misses"
    print(f"tally + audit: {total_seconds:.2f} s, {total_seconds / tool:.1f}× belenios-tool ({verdict} the goal of ≤ {GOAL_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
