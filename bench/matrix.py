"""Qualification matrix benchmark (issue 4, "Benchmarks"): 10,000 candidates × 3 criteria ≤ 200 ms.

    .venv/bin/python bench/matrix.py [--candidates 10000] [--runs 7] [--seed 4]

Times ``vetting.matrix.assess`` on seeded random candidates (scores uniform in 0–100 with
full float precision, the slowest case to format), including the explanations, beside two
baselines measured in the same run, interleaved with it:

- **numeric floor**: totals and tiers only, in a bare loop over the same dicts (no validation,
  no objects, no explanations): the least any implementation must spend.
- **naive**: a straightforward per-candidate implementation, as one would first write it:
  dicts of weights, a dict per contribution, the English explanation built with f-strings,
  no validation and no translatable parts.

A fourth row, a diagnostic only, times ``assess`` with the garbage collector paused: the
difference is what collecting the ~9 container objects ``assess`` keeps per candidate costs
(assessments, contributions, translatable parts), which the naive version does not build.

Prints the median and best of ``--runs`` runs of each (after one warm-up) and whether the goal is
met on the median, with the collector on, as in production.  Machines shared with other jobs are noisy: the ratios are what to read.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from incamera.vetting.matrix import DEFAULT_CRITERIA, Candidate, Thresholds, assess  # noqa: E402

GOAL_MS = 200.0


def build(count: int, seed: int) -> list[Candidate]:
    rng = random.Random(seed)
    keys = [c.key for c in DEFAULT_CRITERIA]
    return [Candidate(f"c{i:05d}", f"Candidate {i}", {key: rng.uniform(0, 100) for key in keys}) for i in range(count)]


def numeric_floor(candidates: list[Candidate]) -> object:
    weights = [(c.key, c.weight) for c in DEFAULT_CRITERIA]
    member, observer = Thresholds().member, Thresholds().observer
    out = []
    for candidate in candidates:
        scores = candidate.scores
        total = sum(scores[key] * weight for key, weight in weights)
        out.append((total, "member" if total >= member else "observer" if total >= observer else "not_invited"))
    return out


def naive(candidates: list[Candidate]) -> object:
    weights = {c.key: c.weight for c in DEFAULT_CRITERIA}
    weight_sum = sum(weights.values())
    weights = {key: weight / weight_sum for key, weight in weights.items()}
    member, observer = Thresholds().member, Thresholds().observer
    rows: list[dict[str, Any]] = []
    for candidate in candidates:
        contributions: list[dict[str, Any]] = [
            {"key": key, "score": candidate.scores[key], "weight": weight, "points": candidate.scores[key] * weight}
            for key, weight in weights.items()
        ]
        total = sum(c["points"] for c in contributions)
        tier = "member" if total >= member else "observer" if total >= observer else "not invited"
        terms = " + ".join(
            f"{c['key']} {c['score']:g} × {c['weight']:.2f} = {c['points']:.1f}"
            for c in sorted(contributions, key=lambda c: c["points"], reverse=True)
        )
        if total >= member:
            verdict = f"{total - member:.1f} above the member threshold {member:g}"
        elif total >= observer:
            verdict = f"{member - total:.1f} below the member threshold {member:g}; {total - observer:.1f} above the observer threshold {observer:g}"
        else:
            verdict = f"{observer - total:.1f} below the observer threshold {observer:g}"
        rows.append(
            {
                "candidate": candidate,
                "total": total,
                "tier": tier,
                "contributions": contributions,
                "explanation": f"{terms} → total {total:.1f}, {verdict}: {tier}",
            }
        )
    rows.sort(key=lambda row: (-row["total"], row["candidate"].id))
    return rows


def timed(function: Callable[[list[Candidate]], object], candidates: list[Candidate], *, collector: bool = True) -> float:
    gc.collect()  # each run starts from the same heap
    if not collector:
        gc.disable()
    try:
        started = time.perf_counter()
        function(candidates)
        return (time.perf_counter() - started) * 1000
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    candidates = build(args.candidates, args.seed)
    contenders: dict[str, Callable[[list[Candidate]], object]] = {
        "numeric floor": numeric_floor,
        "naive": naive,
        "assess": assess,
    }
    for function in contenders.values():
        function(candidates)  # warm-up
    times: dict[str, list[float]] = {name: [] for name in [*contenders, "paused"]}
    for _ in range(args.runs):
        for name, function in contenders.items():
            times[name].append(timed(function, candidates))
        times["paused"].append(timed(assess, candidates, collector=False))

    print(f"qualification matrix: {args.candidates:,} candidates × {len(DEFAULT_CRITERIA)} criteria, {args.runs} runs, seed {args.seed}")
    print(f"{'':34} {'median ms':>10} {'best ms':>10} {'× naive':>9}")
    naive_median = statistics.median(times["naive"])
    labels = {
        "numeric floor": "numeric floor (totals, tiers)",
        "naive": "naive (dicts + f-string text)",
        "assess": "assess (validated, explained, i18n)",
        "paused": "  diagnostic: assess, GC paused",
    }
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"{labels[name]:34} {median:10.1f} {min(runs):10.1f} {median / naive_median:9.2f}")
    median = statistics.median(times["assess"])
    verdict = "met" if median <= GOAL_MS * args.candidates / 10_000 else "NOT met"
    print(f"goal: assess ≤ {GOAL_MS:.0f} ms per 10,000 candidates (median): {verdict}")


if __name__ == "__main__":
    main()
