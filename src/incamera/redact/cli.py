"""``incamera redact``: de-attribute text with a roster, without starting Django.

    incamera redact --roster roster.json [--lang auto|ar|en|es|fr|ru|zh] [--jsonl] < in > out

Plain text in, redacted text out; with ``--jsonl``, one JSON object per input line
(``{"text": …, "lang": …}``, ``lang`` optional) and one per output line, in order:
``{"text": redacted, "spans": [[start, end, kind, participant_id or null], …]}``.  A line that is
not such an object gives ``{"error": "line N: …"}`` in its place, and the command exits 1 after
the others.  A roster that cannot be used exits 2 with what is wrong and where.

Input of a million characters or more is shared among forked worker processes, one per CPU (at
most eight), which inherit the automaton; the output keeps the input's order.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import sys
from pathlib import Path

from incamera.redact.engine import Redactor
from incamera.redact.roster import LANGS, Roster, RosterError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incamera redact",
        description="Remove every mention that identifies a roster's participant (Chatham House Rule), in six languages.",
    )
    parser.add_argument("--roster", required=True, type=Path, help="the roster: a JSON list of people (see docs/user-guide.md)")
    parser.add_argument("--lang", default="auto", choices=("auto", *LANGS), help="the text's language (default: guessed per text)")
    parser.add_argument("--jsonl", action="store_true", help='read {"text", "lang"?} lines, write {"text", "spans"} lines')
    return parser


def _item(item: object, default: str | None) -> tuple[str, str | None]:
    """The text and language of one input line; TypeError when it is not such an object."""
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise TypeError
    lang = item.get("lang") or default
    if lang is not None and lang not in LANGS and lang != "auto":
        raise TypeError
    return item["text"], lang


_PARALLEL_FROM = 1_000_000  # characters: below, forking costs more than it saves
_MAX_WORKERS = 8
_SHARES_PER_WORKER = 16
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_JOB: tuple[Redactor, list[str], str | None] | None = None


def _share(bounds: tuple[int, int]) -> tuple[str, int]:
    assert _JOB is not None
    redactor, lines, default = _JOB
    return _lines(redactor, lines, bounds[0], bounds[1], default)


def _lines(redactor: Redactor, lines: list[str], first: int, stop: int, default: str | None) -> tuple[str, int]:
    """The output lines for ``lines[first:stop]``, each ending in a newline, and how many failed."""
    out = []
    failed = 0
    dumps = json.dumps
    encode = _ENCODER.encode
    for number in range(first + 1, stop + 1):
        line = lines[number - 1]
        if not line.strip():
            continue
        try:
            text, lang = _item(json.loads(line), default)
        except json.JSONDecodeError as exc:
            out.append(dumps({"error": f"line {number}: not JSON ({exc.msg}, column {exc.colno})"}))
            failed += 1
            continue
        except (TypeError, KeyError, AttributeError):
            out.append(dumps({"error": f'line {number}: expected {{"text": string, "lang": one of {", ".join(LANGS)} or absent}}'}))
            failed += 1
            continue
        result = redactor.redact(text, lang)
        out.append(encode({"text": result.text, "spans": result.spans}))  # a span is a tuple: a JSON array
    out.append("")
    return "\n".join(out) if len(out) > 1 else "", failed


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        roster = Roster.from_json(args.roster.read_bytes())
    except OSError as exc:
        sys.stderr.write(f"incamera redact: cannot read the roster {args.roster}: {exc.strerror}\n")
        return 2
    except RosterError as exc:
        sys.stderr.write(f"incamera redact: {args.roster}: {exc}\n")
        return 2
    redactor = Redactor(roster)
    default = None if args.lang == "auto" else args.lang
    data = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    if not args.jsonl:
        sys.stdout.write(redactor.redact(data, default).text)
        return 0
    lines = data.splitlines()
    workers = min(os.cpu_count() or 1, _MAX_WORKERS)
    if len(data) < _PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        out, failed = _lines(redactor, lines, 0, len(lines), default)
        sys.stdout.write(out)
    else:
        # Forked workers inherit the automaton and the lines; each redacts contiguous shares,
        # small enough that neither waits long for the other at the end, and sends back their
        # output, which is written in input order as it comes.
        global _JOB  # noqa: PLW0603 - read by the forked workers
        _JOB = (redactor, lines, default)
        shares = workers * _SHARES_PER_WORKER
        bounds = [len(lines) * k // shares for k in range(shares + 1)]
        failed = 0
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part, part_failed in pool.imap(_share, itertools.pairwise(bounds)):
                sys.stdout.write(part)
                failed += part_failed
    if failed:
        sys.stderr.write(f"incamera redact: {failed} line(s) could not be read; each has an error line in its place\n")
        return 1
    return 0
