"""``incamera redact``: de-attribute text with a roster, without starting Django.

    incamera redact --roster roster.json [--lang auto|ar|en|es|fr|ru|zh] [--jsonl] < in > out

Plain text in, redacted text out; with ``--jsonl``, one JSON object per input line
(``{"text": …, "lang": …}``, ``lang`` optional) and one per output line, in order:
``{"text": redacted, "spans": [[start, end, kind, participant_id or null], …]}``.  A line that is
not such an object gives ``{"error": "line N: …"}`` in its place, and the command exits 1 after
the others.  A roster that cannot be used exits 2 with what is wrong and where.
"""

from __future__ import annotations

import argparse
import json
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
    out = []
    failed = 0
    dumps = json.dumps
    for number, line in enumerate(data.splitlines(), start=1):
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
        out.append(dumps({"text": result.text, "spans": [span.as_list() for span in result.spans]}, ensure_ascii=False))
    out.append("")
    sys.stdout.write("\n".join(out))
    if failed:
        sys.stderr.write(f"incamera redact: {failed} line(s) could not be read; each has an error line in its place\n")
        return 1
    return 0
