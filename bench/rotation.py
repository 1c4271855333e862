"""Rotation planner benchmark (issue 4, §5), beside naive baselines measured in the same run.

    .venv/bin/python bench/rotation.py [--delegations 200] [--regions 8] [--seats 20] [--years 10] [--max-gap 10] [--repeat 50]

Times ``plan_rotation`` (validation, the region-interleaved order, the plan) against

- round-robin: seat k goes to the k-th delegation of the input, mod D (no hashing, no regions);
- greedy: each year seats the delegations with the fewest seats so far, longest-waiting first.

Goal: ≤ 1 s for 200 delegations (8 regions), 20 seats a year, 10 years, max gap 10.  Beside the
times it prints what the baselines give up: the worst year's distance from a region's
proportional share, whether every delegation sits in every window, and how many seats change
hands when one delegation leaves (mean over every delegation).  Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from incamera.vetting.rotation import Delegation, plan_rotation  # noqa: E402

GOAL_SECONDS = 1.0
Plan = dict[int, tuple[str, ...]]
Planner = Callable[[Sequence[Delegation], int, int, int, int], Plan]


def ours(delegations: Sequence[Delegation], seats: int, years: int, max_gap: int, start: int) -> Plan:
    return plan_rotation(delegations, seats=seats, years=years, max_gap=max_gap, start_year=start).plan


def round_robin(delegations: Sequence[Delegation], seats: int, years: int, max_gap: int, start: int) -> Plan:
    ids = [d.id for d in delegations]
    return {start + y: tuple(sorted(ids[(y * seats + s) % len(ids)] for s in range(seats))) for y in range(years)}


def greedy(delegations: Sequence[Delegation], seats: int, years: int, max_gap: int, start: int) -> Plan:
    held = dict.fromkeys((d.id for d in delegations), 0)
    last = dict.fromkeys(held, start - max_gap)
    plan: Plan = {}
    for year in range(start, start + years):
        chosen = sorted(held, key=lambda i: (held[i], last[i], i))[:seats]
        for i in chosen:
            held[i] += 1
            last[i] = year
        plan[year] = tuple(sorted(chosen))
    return plan


def median_seconds(planner: Planner, delegations: Sequence[Delegation], args: argparse.Namespace) -> float:
    times = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        planner(delegations, args.seats, args.years, args.max_gap, 2027)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def worst_region_gap(plan: Plan, delegations: Sequence[Delegation], seats: int) -> float:
    region_of = {d.id: d.region for d in delegations}
    sizes = Counter(region_of.values())
    worst = 0.0
    for ids in plan.values():
        seated = Counter(region_of[i] for i in ids)
        worst = max(worst, *(abs(seated[r] - seats * n / len(delegations)) for r, n in sizes.items()))
    return worst


def every_window(plan: Plan, delegations: Sequence[Delegation], window: int) -> bool:
    years = sorted(plan)
    everyone = {d.id for d in delegations}
    return all(set().union(*(plan[y] for y in years[i : i + window])) == everyone for i in range(len(years) - window + 1))


def moved_on_removal(planner: Planner, delegations: Sequence[Delegation], args: argparse.Namespace) -> float:
    before = planner(delegations, args.seats, args.years, args.max_gap, 2027)
    moved = []
    for i in range(len(delegations)):
        after = planner([*delegations[:i], *delegations[i + 1 :]], args.seats, args.years, args.max_gap, 2027)
        moved.append(sum(len(set(after[y]) - set(before[y])) for y in after))
    return statistics.mean(moved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delegations", type=int, default=200)
    parser.add_argument("--regions", type=int, default=8)
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--max-gap", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    # regions of unequal sizes, in input order by region (as a spreadsheet sorted by region would be)
    weights = [args.regions + r for r in range(args.regions)]  # sizes from 1 to about 2 units
    cuts = [round(args.delegations * sum(weights[: r + 1]) / sum(weights)) for r in range(args.regions)]
    delegations = [
        Delegation(f"del-{i:03d}", f"Delegation {i}", f"region-{next(r for r, cut in enumerate(cuts) if i < cut)}")
        for i in range(args.delegations)
    ]

    print(
        f"rotation plan: {args.delegations} delegations in {args.regions} regions, {args.seats} seats a year, "
        f"{args.years} years, max gap {args.max_gap}; median of {args.repeat} runs"
    )
    print(f"{'planner':<12} {'median':>10} {'worst region gap':>17} {'every window':>13} {'moved when one leaves':>22}")
    results = {}
    for name, planner in (("ours", ours), ("round-robin", round_robin), ("greedy", greedy)):
        seconds = median_seconds(planner, delegations, args)
        plan = planner(delegations, args.seats, args.years, args.max_gap, 2027)
        results[name] = seconds
        print(
            f"{name:<12} {seconds * 1000:>8.2f} ms {worst_region_gap(plan, delegations, args.seats):>17.2f} "
            f"{'yes' if every_window(plan, delegations, min(args.max_gap, args.years)) else 'NO':>13} "
            f"{moved_on_removal(planner, delegations, args):>15.1f} of {args.seats * args.years}"
        )
    verdict = "met" if results["ours"] <= GOAL_SECONDS else "NOT met"
    print(
        f"goal ≤ {GOAL_SECONDS:.0f} s: {verdict} ({results['ours'] * 1000:.2f} ms; "
        f"{results['ours'] / results['round-robin']:.1f}× round-robin, {results['ours'] / results['greedy']:.1f}× greedy)"
    )


if __name__ == "__main__":
    main()
