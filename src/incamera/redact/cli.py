"""``incamera redact``: de-attribute text with a roster, without starting Django.

    incamera redact --roster roster.json [--lang auto|ar|en|es|fr|ru|zh] [--jsonl] < in > out

Plain text in, redacted text out; with ``--jsonl``, one JSON object per input line
(``{"text": …, "lang": …}``, ``lang`` optional) and one per output line, in order:
``{"text": redacted, "spans": [[start, end, kind, participant_id or null], …]}``.  A line that is
not such an object gives ``{"error": "line N: …"}`` in its place, and the command exits 1 after
the others.  A roster that cannot be used exits 2 with what is wrong and where.

Input of a million bytes or more is shared among workers, one per CPU (at most eight): threads
over one compiled engine, which lets go of the GIL while it matches, or forked processes for the
pure-Python path; the output keeps the input's order.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from typing import TYPE_CHECKING

from incamera.redact.engine import Redactor
from incamera.redact.roster import LANGS, Roster, RosterError

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incamera redact",
        description="Remove every mention that identifies a roster's participant (Chatham House Rule), in six languages.",
    )
    parser.add_argument("--roster", required=True, help="the roster: a JSON list of people (see docs/user-guide.md)")
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


_PARALLEL_FROM = 1_000_000  # bytes: below, forking costs more than it saves
_MAX_WORKERS = 8
_SHARES_PER_WORKER = 16
_JOB: tuple[Redactor, bytes, str | None] | None = None


def _share(share: tuple[int, int, int]) -> tuple[bytes, int]:
    assert _JOB is not None
    redactor, data, default = _JOB
    return _lines(redactor, data, share, default)


def _lines(redactor: Redactor, data: bytes, share: tuple[int, int, int], default: str | None) -> tuple[bytes, int]:
    """The output lines for the input lines in ``data[start:stop]`` (the first is line
    ``number``; ``share`` is all three), in UTF-8, each ending in a newline, and how many failed.

    Lines end at a line feed only: a JSON string may hold U+2028 or U+0085 as they are."""
    start, stop, number = share
    out: list[bytes] = []
    notes: list[tuple[str, str | None]] = []
    at: list[int] = []  # where each note's line goes in ``out``
    failed = 0
    for number_, line in enumerate(data[start:stop].split(b"\n"), start=number):
        if not line.strip():
            continue
        try:
            notes.append(_item(_loads(line), default))
        except json.JSONDecodeError as exc:
            out.append(_error(f"line {number_}: not JSON ({exc.msg}, column {exc.colno})"))
            failed += 1
            continue
        except (TypeError, KeyError, AttributeError):
            out.append(_error(f'line {number_}: expected {{"text": string, "lang": one of {", ".join(LANGS)} or absent}}'))
            failed += 1
            continue
        at.append(len(out))
        out.append(b"")
    for position, line in zip(at, redactor.jsonl_lines(notes), strict=True):
        out[position] = line
    return b"".join(out), failed


def _loads(line: bytes) -> object:
    try:
        return json.loads(line)
    except UnicodeDecodeError:  # not UTF-8: what cannot be read becomes U+FFFD, as in the text mode
        return json.loads(line.decode("utf-8", errors="replace"))


def _error(message: str) -> bytes:
    return (json.dumps({"error": message}) + "\n").encode()


def _shares(data: bytes, count: int) -> list[tuple[int, int, int]]:
    """``count`` contiguous shares of whole lines, as (start, stop, number of the first line)."""
    cuts = [0]
    for k in range(1, count):
        cut = data.find(b"\n", len(data) * k // count) + 1
        if cut <= 0:
            break
        if cut > cuts[-1]:
            cuts.append(cut)
    if cuts[-1] < len(data):
        cuts.append(len(data))
    shares = []
    number = 1
    for start, stop in itertools.pairwise(cuts):
        shares.append((start, stop, number))
        number += data.count(b"\n", start, stop)
    return shares


def _pool(workers: int, *, compiled: bool) -> Executor | None:
    """Threads over the compiled engine, which lets go of the GIL while it matches (one engine,
    one phone-number library and the input shared, nothing to copy or send); forked processes
    for the pure-Python path, which holds the GIL; None where there is no fork.  Imported here:
    a small input needs neither."""
    if compiled:
        from concurrent.futures import ThreadPoolExecutor

        return ThreadPoolExecutor(workers)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with open(args.roster, "rb") as file:  # noqa: PTH123 - pathlib costs a command that starts in milliseconds
            roster = Roster.from_json(file.read())
    except OSError as exc:
        sys.stderr.write(f"incamera redact: cannot read the roster {args.roster}: {exc.strerror}\n")
        return 2
    except RosterError as exc:
        sys.stderr.write(f"incamera redact: {args.roster}: {exc}\n")
        return 2
    redactor = Redactor(roster)
    default = None if args.lang == "auto" else args.lang
    data = sys.stdin.buffer.read()
    if not args.jsonl:
        sys.stdout.write(redactor.redact(data.decode("utf-8", errors="replace"), default).text)
        return 0
    workers = min(os.cpu_count() or 1, _MAX_WORKERS)
    pool = _pool(workers, compiled=redactor.compiled) if len(data) >= _PARALLEL_FROM and workers > 1 else None
    if pool is None:
        out, failed = _lines(redactor, data, (0, len(data), 1), default)
        sys.stdout.buffer.write(out)
    else:
        # Each worker redacts contiguous shares of lines, small enough that none waits long for
        # the others at the end; the output is written in input order as it comes.  Forked
        # workers inherit the engine and the input, which stays bytes until a worker reads its
        # share: nothing the parent made is written to, so no page is copied.
        global _JOB  # noqa: PLW0603 - read by the forked workers
        _JOB = (redactor, data, default)
        failed = 0
        with pool:
            for part, part_failed in pool.map(_share, _shares(data, workers * _SHARES_PER_WORKER)):
                sys.stdout.buffer.write(part)
                failed += part_failed
    if failed:
        sys.stderr.write(f"incamera redact: {failed} line(s) could not be read; each has an error line in its place\n")
        return 1
    return 0
