"""``incamera worker``: release every due disclosure item, exactly once and never early.

incamera worker [--once] [--interval SECONDS] [--batch N]

Run as many as you like on PostgreSQL (they share the work through SKIP LOCKED); on SQLite one
process writes at a time.  An item is due when the database's clock and this machine's both say
so.  A failed release is kept, retried with back-off, and mailed to the meeting's organizers."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from incamera.disclosure.actions import release_due
from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Release the disclosure items that are due."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="release what is due now, then stop")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds (default 30)")
        parser.add_argument("--batch", type=int, default=100, help="items released per round at most (default 100)")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            done = release_due(limit=max(1, options["batch"]))
            if done.released or done.failed:
                self.stdout.write(f"released {done.released}, failed {done.failed}")
            if options["once"]:
                return
            if done.released < options["batch"]:
                time.sleep(max(0.1, options["interval"]))
