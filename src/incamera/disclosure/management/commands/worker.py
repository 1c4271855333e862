"""``incamera worker``: release every due disclosure item, exactly once and never early.

incamera worker [--once] [--interval SECONDS] [--batch N]
incamera worker --status

Run as many as you like on PostgreSQL (they share the work through SKIP LOCKED); on SQLite one
process writes at a time.  An item is due when the database's clock and this machine's both say
so.  A failed release is kept, retried with back-off, and mailed to the meeting's organizers.
Each round is reported for the status page (``/disclosure/status/``); ``--status`` prints it."""

from __future__ import annotations

import os
import socket
import time
from argparse import ArgumentParser
from typing import Any

from incamera.disclosure.actions import do_record_round, purge_unconfirmed, release_due, release_status
from incamera.disclosure.models import Item
from incamera.kernel.clock import system_clock
from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Release the disclosure items that are due."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="release what is due now, then stop")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds (default 30)")
        parser.add_argument("--batch", type=int, default=100, help="items released per round at most (default 100)")
        parser.add_argument("--status", action="store_true", help="print the workers, the backlog and the failing items, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            self._status()
            return
        name, started = f"{socket.gethostname()}:{os.getpid()}", system_clock.now()
        while True:
            done = release_due(limit=max(1, options["batch"]))
            do_record_round(name, done, started_at=started)
            purge_unconfirmed()
            if done.released or done.failed:
                self.stdout.write(f"released {done.released}, failed {done.failed}")
            if options["once"]:
                return
            if done.released < options["batch"]:
                time.sleep(max(0.1, options["interval"]))

    def _status(self) -> None:
        status = release_status([], everything=True)
        for worker in status.workers:
            self.stdout.write(
                f"worker {worker.worker}: last round {worker.last_round_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"released {worker.released}, failed {worker.failed}"
            )
        if status.silent:
            self.stdout.write("no worker has reported in the last 5 minutes: start `incamera worker`")
        lag = f", the oldest due since {status.oldest_due:%Y-%m-%d %H:%M} UTC" if status.oldest_due else ""
        self.stdout.write(f"due and not released: {status.backlog}{lag}")
        self.stdout.write(f"due within a day: {status.due_next_day}; within a week: {status.due_next_week}")
        for item in Item.objects.filter(state="approved", attempts__gt=0).select_related("meeting").order_by("-attempts")[:100]:
            retry = f"{item.retry_at:%Y-%m-%d %H:%M} UTC" if item.retry_at else "now"
            self.stdout.write(
                f"failing: item {item.pk} ({item.meeting.title}: {item.title}), {item.attempts} attempt(s), retry {retry}: {item.last_error}"
            )
