"""Commitment status benchmark (issue 13, "Benchmarks"): 10,000 commitments recomputed in ≤ 200 ms.

    .venv/bin/python bench/commitments.py [--commitments 10000] [--runs 15] [--seed 13]

Builds seeded commitments with realistic report histories: a start in 2025–2026, a target date
6 to 36 months later, one indicator; 85 % one clause (≥, ≤, >, < or ==), 15 % two or three
milestones (``all``); 0 to 24 reports each (about one a month, some delegations silent), values
drifting towards or away from the target with noise.  Then times, interleaved, over ``--runs``
runs after a warm-up:

- **evaluate**: ``conditions.evaluate`` for every commitment (conditions compiled once, as a
  long-running process keeps them), the verdicts with their rules' values: the goal's row;
- **parse + evaluate**: the same from the stored JSON, every condition parsed again (what a page
  that reads commitments from the database pays);
- **baseline**: a bare loop over the same data doing only the final comparison (is a report by the
  date at or past the target?), without status rules, trend or explanation: the least any
  implementation must spend.

Prints p50 and p95 of each and whether the goal is met on p50 of the evaluate row, with the
garbage collector on, as in production.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import operator
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from incamera.commitments.conditions import COMPARISONS, Condition, Status, evaluate, parse_condition  # noqa: E402

GOAL_MS = 200.0
METRICS = ("indicator",)
TODAY = dt.date(2026, 12, 6)
OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}

Item = tuple[dict[str, object], Condition, list[tuple[int, float]], int]


def build(count: int, seed: int) -> list[Item]:
    rng = random.Random(seed)
    items = []
    for _ in range(count):
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        months = rng.randrange(6, 37)
        comparison = rng.choice(COMPARISONS)
        base = rng.uniform(0, 100)
        target = base + rng.uniform(5, 50) * (1 if comparison in {">=", ">"} else -1 if comparison in {"<=", "<"} else 0)
        target = round(target) if comparison == "==" else round(target, 1)
        clauses = []
        milestones = rng.choice((2, 3)) if rng.random() < 0.15 else 1
        for k in range(1, milestones + 1):
            by = start + dt.timedelta(days=30 * months * k // milestones)
            share = k / milestones
            clauses.append(
                {"metric": "indicator", "comparison": comparison, "target": round(base + (target - base) * share, 1), "by": by.isoformat()}
            )
        data: dict[str, object] = clauses[0] if milestones == 1 else {"all": clauses}
        reports = []
        if rng.random() > 0.1:  # one delegation in ten never reports
            pace = rng.uniform(0.3, 1.3)
            value = base
            day = start
            for _month in range(rng.randrange(0, 25)):
                day += dt.timedelta(days=rng.randrange(20, 45))
                if day > TODAY:
                    break
                value += (target - base) / max(months, 1) * pace + rng.gauss(0, 2)
                reports.append((day.toordinal(), round(value, 2)))
        items.append((data, parse_condition(data, metrics=METRICS), reports, start.toordinal()))
    return items


def run_evaluate(items: list[Item]) -> object:
    today = TODAY.toordinal()
    return [evaluate(condition, reports, today=today, start=start) for _data, condition, reports, start in items]


def run_parse_evaluate(items: list[Item]) -> object:
    today = TODAY.toordinal()
    return [evaluate(parse_condition(data, metrics=METRICS), reports, today=today, start=start) for data, _c, reports, start in items]


def run_baseline(items: list[Item]) -> object:
    out = []
    for _data, condition, reports, _start in items:
        clause = condition.clauses[-1]
        met, target, by = OPS[clause.comparison], clause.target, clause.by_day
        out.append(any(day <= by and met(value, target) for day, value in reports))
    return out


def timed(fn: Callable[[list[Item]], object], items: list[Item]) -> float:
    began = time.perf_counter()
    fn(items)
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commitments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    items = build(args.commitments, args.seed)
    reports = sum(len(item[2]) for item in items)
    statuses: dict[Status, int] = {}
    for verdict in run_evaluate(items):  # type: ignore[attr-defined]
        statuses[verdict.status] = statuses.get(verdict.status, 0) + 1
    print(
        f"{args.commitments:,} commitments, {reports:,} reports; statuses on {TODAY}: "
        + ", ".join(f"{s} {n:,}" for s, n in sorted(statuses.items()))
    )
    rows = {"evaluate": run_evaluate, "parse + evaluate": run_parse_evaluate, "baseline (final comparison only)": run_baseline}
    times: dict[str, list[float]] = {name: [] for name in rows}
    for fn in rows.values():
        fn(items)  # warm-up
    for _ in range(args.runs):
        for name, fn in rows.items():
            times[name].append(timed(fn, items))
    baseline = statistics.median(times["baseline (final comparison only)"])
    print(f"{'':34} {'p50 ms':>9} {'p95 ms':>9} {'× baseline':>11}")
    for name, samples in times.items():
        ordered = sorted(samples)
        p50 = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(f"{name:34} {p50:9.1f} {p95:9.1f} {p50 / baseline:11.1f}")
    p50 = statistics.median(times["evaluate"])
    verdict = "met" if p50 <= GOAL_MS else "NOT met"
    print(f"goal: {args.commitments:,} statuses recomputed in ≤ {GOAL_MS:.0f} ms → {p50:.1f} ms at p50: {verdict}")


if __name__ == "__main__":
    main()
