"""Service-code benchmark (issue 4 §7), printed beside naive baselines from the same run.

    .venv/bin/python bench/service_codes.py [--participants 5000] [--repeat 30]

``issue_codes`` for N participants × 4 services (seating, catering, cloakroom, interpretation):
CSPRNG draws, Crockford symbols, unique across the meeting, checked input.  Goal ≤ 100 ms for
5,000 participants.  Baselines, each as many codes with no alphabet and no uniqueness tracking:
``secrets.token_hex(5)`` per code, and ``uuid.uuid4()`` per code.  Median of ``--repeat`` runs.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from incamera.service.codes import SERVICES, issue_codes  # noqa: E402

GOAL_MS = 100.0


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    people = [f"participant-{i}" for i in range(args.participants)]
    count = len(people) * len(SERVICES)

    def token_hex() -> dict[str, dict[str, str]]:
        return {service: {p: secrets.token_hex(5) for p in people} for service in SERVICES}

    def uuid4() -> dict[str, dict[str, str]]:
        return {service: {p: str(uuid.uuid4()) for p in people} for service in SERVICES}

    codes = issue_codes(people)
    assert sum(len(by_person) for by_person in codes.values()) == count

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"service codes: {args.participants:,} participants × {len(SERVICES)} services = {count:,} codes (load {load:.2f})")
    rows = [
        ("issue_codes (unique, Crockford, checked)", median_ms(lambda: issue_codes(people), args.repeat)),
        ("baseline: secrets.token_hex(5) per code", median_ms(token_hex, args.repeat)),
        ("baseline: uuid.uuid4() per code", median_ms(uuid4, args.repeat)),
    ]
    for label, ms in rows:
        print(f"  {label:<44} {ms:8.2f} ms  ({count / ms * 1000:>12,.0f} codes/s)")
    ours = rows[0][1]
    print(f"  ratio to token_hex baseline: {ours / rows[1][1]:.2f}×")
    verdict = "met" if ours <= GOAL_MS else "NOT met"
    print(f"goal ≤ {GOAL_MS:.0f} ms for {count:,} codes: {verdict} ({ours:.2f} ms)")


if __name__ == "__main__":
    main()
