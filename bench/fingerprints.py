"""Text fingerprint benchmark (issue 5, "Benchmarks"), printed beside baselines from the same run.

    .venv/bin/python bench/fingerprints.py [--megabytes 1] [--recipients 1000] [--repeat 9]

Fingerprinting: ``fingerprint_text`` on a 1 MB Markdown briefing (seeded prose with headings,
lists, links, code and variant slots), goal ≤ 50 ms.  Baselines: one ``str.replace`` pass over
the same text (the least any rewrite of a megabyte costs), and ``re.sub`` calling an identity
function on every word (the least a naive word-by-word fingerprinter in Python costs).

Tracing over ``--recipients`` candidates, with the source, goal ≤ 1 s for each leaked copy:
a few-page briefing as downloaded; the same after a plain-text paste (NFKC, zero-width characters
dropped, whitespace collapsed) and cut to a 30 % excerpt; and the whole megabyte.  Baseline: the
naive tracer, which fingerprints the source again for every candidate and compares copies.  It
can only find unaltered copies; on the megabyte it runs over a few candidates and is scaled up.

Medians of ``--repeat`` runs after a warm-up.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from incamera.materials.marks.text import fingerprint_text, recipient_mark, trace  # noqa: E402

FINGERPRINT_GOAL_MS = 50.0
TRACE_GOAL_MS = 1000.0
WORD = re.compile(r"\w+")
NAIVE_SAMPLE = 5  # candidates the naive tracer runs over on the megabyte, then scaled up

SENTENCES = [
    "Demand for lithium, cobalt, nickel and graphite has grown quickly over the past decade.",
    "Production of several of these materials is {{concentrated|clustered}} in a small number of countries.",
    "Processing is often even more concentrated than mining, and a single refinery can move markets.",
    "Prices have been volatile, which left several new projects without financing.",
    "Governments have responded with export restrictions, subsidies, stockpiles and recycling.",
    "Each of these choices has costs, and some of them {{work against|undermine}} one another.",
    "Participants speak for themselves, not for their institutions.",
    "Nothing said in the room will be attributed to anyone afterwards.",
    "The chair will keep a speakers list and may ask participants to respond to one another.",
    "Reliable data on stocks and flows are scarce, and much of the trade is under private contracts.",
    "Better market information could reduce the panic that accompanies each disruption.",
    "Critics reply that restrictions raise prices for everyone and invite retaliation.",
    "Supporters say local processing lets producing countries move up the value chain.",
    "Candid accounts of failures are {{particularly|especially}} welcome in this session.",
    "Options range from information sharing to joint stockpiles and common standards.",
    "Producing countries often feel that consumer clubs are designed without them.",
    "Long term offtake contracts with price floors could make new mines bankable.",
    "Environmental and social standards should rise without moving production elsewhere.",
    "See the [previous summary](https://example.org/minerals/summary) for the figures used here.",
    "The data behind this paper are in `minerals.csv`, in the shared folder.",
]


def briefing(size: int, *, seed: int = 5) -> str:
    """Seeded Markdown prose of about ``size`` characters."""
    rng = random.Random(seed)
    parts: list[str] = []
    length, section = 0, 0
    while length < size:
        section += 1
        block = [f"## {section}. Session {section}", ""]
        for _ in range(rng.randint(2, 4)):
            block += [" ".join(rng.sample(SENTENCES, rng.randint(4, 7))), ""]
        if section % 3 == 0:
            block += [f"1. First question for session {section}", f"2. Second question for session {section}", ""]
        if section % 5 == 0:
            block += ["```text", f"table {section}: figures as published", "```", ""]
        text = "\n".join(block)
        parts.append(text)
        length += len(text) + 1
    return "\n".join(parts)[:size]


def plain_text_paste(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", unicodedata.normalize("NFKC", text)))


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def naive_trace(leaked: str, source: str, marks: dict[str, bytes]) -> str | None:
    for recipient, mark in marks.items():
        if fingerprint_text(source, mark) == leaked:
            return recipient
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    size = int(args.megabytes * 1_000_000)
    big = briefing(size)
    small = briefing(8_000)
    key = bytes(range(32))
    marks = {
        f"delegate-{i:04d}@example.org": recipient_mark(key, "briefing", f"delegate-{i:04d}@example.org") for i in range(args.recipients)
    }
    who = sorted(marks)[len(marks) // 3]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    print(f"fingerprinting {len(big):,} characters ({len(big.encode()):,} bytes of UTF-8) (load {load:.2f})")
    ours = median_ms(lambda: fingerprint_text(big, marks[who]), args.repeat)
    rows = [
        ("fingerprint_text (4 layers, Markdown-aware)", ours),
        ("baseline: one str.replace pass", median_ms(lambda: big.replace(" the ", " the\u00a0"), args.repeat)),
        ("baseline: re.sub, a Python call per word", median_ms(lambda: WORD.sub(lambda word: word[0], big), args.repeat)),
    ]
    for label, ms in rows:
        print(f"  {label:<48} {ms:8.2f} ms")
    verdict = "met" if ours <= FINGERPRINT_GOAL_MS else "NOT met"
    print(f"goal ≤ {FINGERPRINT_GOAL_MS:.0f} ms for 1 MB: {verdict} ({ours:.2f} ms)")

    small_copy = fingerprint_text(small, marks[who])
    big_copy = fingerprint_text(big, marks[who])
    pasted = plain_text_paste(small_copy)
    excerpt = pasted[int(len(pasted) * 0.35) : int(len(pasted) * 0.65)]
    print(f"\ntracing over {len(marks):,} recipients, with the source")
    worst = 0.0
    for label, leaked, source in (
        (f"briefing as downloaded ({len(small_copy):,} chars)", small_copy, small),
        (f"briefing, plain-text paste, 30 % excerpt ({len(excerpt):,} chars)", excerpt, small),
        (f"the whole copy of {len(big_copy):,} chars", big_copy, big),
    ):
        result = trace(leaked, marks, source=source)
        ms = median_ms(lambda leaked=leaked, source=source: trace(leaked, marks, source=source), args.repeat)
        worst = max(worst, ms)
        named = "right" if result.recipient == who else ("unknown" if result.recipient is None else "WRONG")
        bits = ", ".join(f"{layer} {count}" for layer, count in result.layers.items())
        print(f"  trace: {label:<58} {ms:8.2f} ms  {named}, confidence {result.confidence:.6f} ({bits})")

    naive_small = median_ms(lambda: naive_trace(small_copy, small, marks), max(1, args.repeat // 3))
    print(f"  baseline: naive re-fingerprint and compare, briefing as downloaded {naive_small:8.2f} ms  (exact copies only)")
    sample = dict(list(marks.items())[:NAIVE_SAMPLE])
    started = time.perf_counter()
    naive_trace(big_copy, big, sample)
    naive_big = (time.perf_counter() - started) * 1000 * len(marks) / len(sample)
    print(f"  baseline: naive re-fingerprint and compare, the whole copy      {naive_big:8.0f} ms  (scaled from {NAIVE_SAMPLE} candidates)")
    verdict = "met" if worst <= TRACE_GOAL_MS else "NOT met"
    print(f"goal ≤ {TRACE_GOAL_MS:.0f} ms over {len(marks):,} recipients: {verdict} (slowest {worst:.2f} ms)")


if __name__ == "__main__":
    main()
