"""``incamera commitments``: recompute statuses, and remind owners of what falls due.

incamera commitments refresh                      recompute every status; log each change seen
incamera commitments remind [--days N] [--base-url URL]
                                                  mail the owner delegation of every unfulfilled
                                                  commitment due within N days (default 14) or
                                                  overdue, with an .ics of the due date (and log
                                                  the status changes seen, as refresh does)

Run both daily (cron or a systemd timer).  Exit codes as every command (``web/commands.py``).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Commitments: recompute statuses (refresh) and mail reminders with an .ics of the due date (remind)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("refresh", help="recompute every commitment's status and log the changes")
        remind = sub.add_parser("remind", help="mail owners of unfulfilled commitments due soon or overdue")
        remind.add_argument("--days", type=int, default=14, metavar="N", help="remind of what falls due within N days (default 14)")
        remind.add_argument("--base-url", default="http://localhost:8000", metavar="URL", help="where the links in the mail point")

    def handle(self, *args: Any, **options: Any) -> None:
        from incamera.commitments import actions

        if options["action"] == "refresh":
            changed = actions.do_refresh_statuses()
            for commitment, previous, verdict in changed:
                self.stdout.write(f"commitment {commitment.pk}: {previous} → {verdict.status} ({verdict.explanation})")
            self.stdout.write(f"{len(changed)} status change(s) logged")
            return
        if options["days"] < 0:
            from incamera.kernel.errors import InvalidInputError

            raise InvalidInputError(f"--days must be 0 or more; found {options['days']}", field="duration")
        changed = actions.do_refresh_statuses()  # the statuses the mails give are logged as seen
        due = actions.due_for_reminder(days=options["days"])
        console = Console(stderr=True)
        columns = (TextColumn("reminding"), BarColumn(), MofNCompleteColumn(), TextColumn("commitments"), TimeRemainingColumn())
        sent = 0
        with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
            task = bar.add_task("remind", total=len(due))
            for commitment, verdict in due:
                sent += actions.send_reminder(commitment, verdict, base_url=options["base_url"])
                bar.advance(task)
        self.stdout.write(f"{sent} reminder(s) sent for {len(due)} commitment(s); {len(changed)} status change(s) logged")
