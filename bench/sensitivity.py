"""Sensitivity scoring (issue 15 §6): the time to score a 50,000-character note, beside a bare
pyahocorasick pass over the same text with the same keys, in one run.

    .venv/bin/python bench/sensitivity.py [--chars 50000] [--runs 30] [--seed 15]

Notes: per language, lines of bench/redact_corpus.py's roundtable notes (a 62-person roster,
names in four scripts, e-mails, phones, hard cases) joined to CHARS characters, with a sentence
of the built-in lexicons' terms (legal forms and titles with a name) every 400 characters or so.

Rows, each the median of RUNS runs on the same note:
- bare: ``Automaton.iter`` over ``text.casefold()``, with the keys the scorer searches for in
  that language, counting matches (no normal form, no boundaries, no names): the floor;
- lexicons: ``score(text, lang=…, roster=None, …)``: normal form, matches, boundaries, names,
  e-mails and phone numbers;
- roster: ``score(…, roster=roster, …)``: the above with the de-attribution engine's pass;
- redact: ``Redactor.redact`` alone, the share of the roster row that is the engine's.

Goal (issue 15 §6): a 50,000-character note scored in well under 100 ms.  A benchmark prints, it
asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ahocorasick

sys.path.insert(0, str(Path(__file__).resolve().parent))

from incamera.redact import Redactor, Roster
from incamera.redact.normalize import normalize_pattern
from incamera.sensitivity import Lexicons, score
from incamera.sensitivity.lexicons import SCRIPTS
from redact_corpus import LANGS, generate

GOAL_MS = 100.0
NAMES = {"ar": "النمر", "en": "Acme Mining", "es": "Minera Andina", "fr": "Dupuis Industries", "ru": "«Ромашка»", "zh": "华信"}


def notes(chars: int, seed: int, lexicons: Lexicons) -> tuple[dict[str, str], Roster]:
    corpus = generate(chars=chars * len(LANGS) + 20000, seed=seed, progress=False)
    rng = random.Random(seed)
    out = {}
    for lang in LANGS:
        terms = [
            t.text.replace("{name}", NAMES[lang]).replace("*", "") for lexicon in lexicons if lexicon.lang == lang for t in lexicon.terms
        ]
        parts: list[str] = []
        size = 0
        joiner = "" if lang == "zh" else " "
        for line_lang, text in corpus.lines:
            if line_lang != lang:
                continue
            for start in range(0, len(text), 400):
                parts.append(text[start : start + 400])
                parts.append(joiner + rng.choice(terms) + ("。" if lang == "zh" else ". "))
                size += len(parts[-1]) + len(parts[-2])
            if size >= chars:
                break
        out[lang] = "".join(parts)[:chars]
    roster = Roster.from_json(json.dumps([p.to_json() for p in corpus.roster]))
    return out, roster


def bare_automaton(lexicons: Lexicons, lang: str) -> ahocorasick.Automaton:
    langs = [other for other in LANGS if other == lang or SCRIPTS[other] != SCRIPTS[lang]]
    automaton = ahocorasick.Automaton()
    for lexicon in lexicons:
        if lexicon.lang in langs:
            for term in lexicon.terms:
                key = normalize_pattern(term.marker)
                automaton.add_word(key, len(key))
    automaton.make_automaton()
    return automaton


def count_matches(automaton: ahocorasick.Automaton, text: str) -> int:
    return sum(1 for _ in automaton.iter(text.casefold()))


def median_ms(runs: int, call: Callable[[], object]) -> float:
    call()  # warm: caches, the roster's automaton, phonenumbers' import
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    lexicons = Lexicons.default()
    texts, roster = notes(args.chars, args.seed, lexicons)
    redactor = Redactor(roster)
    print(f"{args.chars:,}-character notes, {len(roster)}-person roster, median of {args.runs} runs, milliseconds per note")
    print(f"{'lang':<5}{'bare':>8}{'lexicons':>10}{'roster':>9}{'redact':>9}{'lexicons/bare':>15}{'score':>7}{'reasons':>9}  tier")
    worst = 0.0
    for lang in LANGS:
        text = texts[lang]
        automaton = bare_automaton(lexicons, lang)
        bare = median_ms(args.runs, functools.partial(count_matches, automaton, text))
        alone = median_ms(args.runs, functools.partial(score, text, lang=lang, roster=None, lexicons=lexicons))
        full = median_ms(args.runs, functools.partial(score, text, lang=lang, roster=roster, lexicons=lexicons))
        redact = median_ms(args.runs, functools.partial(redactor.redact, text, lang))
        result = score(text, lang=lang, roster=roster, lexicons=lexicons)
        worst = max(worst, full)
        print(
            f"{lang:<5}{bare:>8.2f}{alone:>10.2f}{full:>9.2f}{redact:>9.2f}{alone / bare:>14.1f}×"
            f"{result.score:>7}{len(result.reasons):>9}  {result.suggested_tier}"
        )
    rate = args.chars / worst * 1000 / 1e6
    verdict = "met" if worst < GOAL_MS else "NOT met"
    print(f"slowest with the roster: {worst:.1f} ms ({rate:.2f} M characters/s); goal < {GOAL_MS:.0f} ms per note: {verdict}")


if __name__ == "__main__":
    main()
