"""Making a Belenios ballot in the browser (issue 14), beside belenios-tool and the raw BigInt
exponentiation, measured in the same run.

    .venv/bin/python bench/ballot_encrypt.py [--rounds 7]

The election (made by belenios-tool, group BELENIOS-2048): 5 questions of 3 answers with a blank
vote allowed, min 1 and max 1.  One voter's ballot, medians over the rounds:

- **belenios.js, fresh page**: ``makeBallot`` timed inside Chromium (``performance.now``), in a
  page that has never made a ballot: PBKDF2, the fixed-base tables for g and for the election
  key, 20 encryptions and all their proofs, the signature.  What a voter waits for.
- **belenios.js, next ballot**: a second ballot in the same page (the tables are kept).
- **belenios-tool**: ``belenios-tool election generate-ballot`` for the same election and
  credential (OCaml and GMP; the process is timed whole, start-up included).
- **raw modexp × N**: one 2048-bit BigInt exponentiation with a random 256-bit exponent
  (belenios.js's sliding-window ``modPow``) in the same page, times N, the number of
  exponentiations the specification's formulas call for in this ballot (§4.11–4.14: 222).

Every ballot belenios.js makes here is added to the tool's archive and checked by
``belenios-tool election verify``.  Goal: a ballot in ≤ 1 s.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from tests.belenios_js.browser import CHROMIUM, CHROMIUM_ARGS, open_page  # noqa: E402
from tests.belenios_js.tool import Election, Question, make_election  # noqa: E402

GOAL_SECONDS = 1.0
QUESTIONS = [Question(3, 1, 1, blank=True)] * 5
CHOICES = [[0, 1, 0], [1, 0, 0], [0, 0, 0], [0, 0, 1], [0, 1, 0]]  # the third one blank

TIME_BALLOT = """async ([election, credential, choices]) => {
  const start = performance.now();
  const made = await InCameraBelenios.makeBallot(election, credential, choices);
  return { ms: performance.now() - start, ballot: made.ballot };
}"""
TIME_MODPOW = """([base, exponents]) => {
  const times = exponents.map((e) => {
    const start = performance.now();
    InCameraBelenios.modPow(base, e);
    return performance.now() - start;
  });
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}"""


def exponentiations(questions: list[Question]) -> int:
    """Exponentiations of the specification's formulas, computed as written (§4.11–4.14)."""
    total = 2  # the public credential g^s and the signature's commitment g^w
    for q in questions:
        choices = q.answers + (1 if q.blank else 0)
        total += 2 * choices  # alpha = g^r, beta = y^r g^m
        total += choices * (4 + 2)  # iprove on {0, 1}: one simulated branch (g^z a^c, y^z b^c), one real (g^w, y^w)
        k = q.max - q.min + 1
        total += (4 + 2) + (4 * k + 2) if q.blank else 4 * (k - 1) + 2  # blank_proof and overall_proof
    return total


def time_tool(election: Election, rounds: int) -> float:
    plain = [[1 if not any(c) else 0, *c] for c in CHOICES]
    (election.directory / "credential.txt").write_text(election.credentials["voter1"] + "\n")
    (election.directory / "choices.json").write_text(json.dumps(plain))
    command = ["belenios-tool", "election", "generate-ballot", "--privcred", "credential.txt", "--ballot", "choices.json"]
    env = {**os.environ, "BELENIOS_USE_URANDOM": "1"}
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, cwd=election.directory, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_browser(page: Page, election: Election) -> tuple[float, str]:
    made = page.evaluate(TIME_BALLOT, [election.election_json(), election.credentials["voter1"], CHOICES])
    return made["ms"] / 1000, made["ballot"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        election = make_election(Path(tmp) / "election", QUESTIONS, [1])
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        fresh, warm, raw = [], [], []
        y = json.loads(election.election_json())["public_key"]
        for _ in range(args.rounds):
            page = open_page(browser)
            seconds, ballot = time_browser(page, election)
            fresh.append(seconds)
            election.add_ballot(ballot)
            seconds, ballot = time_browser(page, election)
            warm.append(seconds)
            election.add_ballot(ballot)
            exponents = [str(int.from_bytes(os.urandom(32), "big")) for _ in range(21)]
            raw.append(page.evaluate(TIME_MODPOW, [y, exponents]) / 1000)
            page.context.close()
        browser.close()
        election.verify()  # every ballot measured is one belenios-tool accepts
        tool = time_tool(election, args.rounds)

    count = exponentiations(QUESTIONS)
    modexp = statistics.median(raw)
    rows = [
        ("belenios.js, fresh page", statistics.median(fresh)),
        ("belenios.js, next ballot", statistics.median(warm)),
        ("belenios-tool generate-ballot", tool),
        (f"raw modexp {modexp * 1000:.2f} ms × {count}", modexp * count),
    ]
    print(
        f"a 5-question ballot (3 answers + blank, 1 of 3 each; BELENIOS-2048), median of {args.rounds} rounds; all verified by belenios-tool"
    )
    for name, seconds in rows:
        print(f"  {name:34}{seconds * 1000:9.1f} ms")
    slowest = max(fresh)
    verdict = "meets" if statistics.median(fresh) <= GOAL_SECONDS else "misses"
    print(
        f"belenios.js in Chromium, fresh page: {statistics.median(fresh):.3f} s (slowest {slowest:.3f} s): {verdict} the goal of ≤ {GOAL_SECONDS:g} s"
    )


if __name__ == "__main__":
    main()
