"""``incamera ballots``: the secret ballots' public records, for scripts and auditors.

incamera ballots list [--json]                 id, meeting, uuid, title, state
incamera ballots export --id N --dir D          write the election's Belenios archive D/<uuid>.bel, at
                                                any stage once open: belenios-tool election verify --dir D
incamera ballots verify FILE.bel [--workers K]  audit an archive with incamera's own implementation:
                                                the chain, every ballot's proofs, the tally, every
                                                partial decryption, the result (exit 0 valid, 1 a check
                                                fails, 2 unreadable)
"""

from __future__ import annotations

import json
import os
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from incamera.ballots import actions
from incamera.ballots.models import SecretBallot
from incamera.belenios.audit import audit_archive
from incamera.kernel.errors import InvalidInputError, NotFoundError
from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Secret ballots: list them, export their Belenios archive, audit an archive."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True, metavar="{list,export,verify}")
        listing = commands.add_parser("list", help="every secret ballot: id, meeting, uuid, title, state")
        listing.add_argument("--json", action="store_true")
        export = commands.add_parser("export", help="write a ballot's Belenios archive (<uuid>.bel) into a directory")
        export.add_argument("--id", type=int, required=True, help="the secret ballot's id")
        export.add_argument("--dir", required=True, help="the directory to write <uuid>.bel into (made if missing)")
        verify = commands.add_parser("verify", help="audit a Belenios archive with incamera's implementation")
        verify.add_argument("file", help="the <uuid>.bel archive")
        verify.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes checking ballots (default: one per core)")

    def handle(self, *args: Any, **options: Any) -> None:
        {"list": self._list, "export": self._export, "verify": self._verify}[options["what"]](options)

    def _list(self, options: dict[str, Any]) -> None:
        rows = [
            {"id": b.pk, "meeting": b.meeting_id, "uuid": b.uuid, "title": b.title, "state": b.state}
            for b in SecretBallot.objects.order_by("pk")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("no secret ballots yet")
        for row in rows:
            self.stdout.write(f"{row['id']:>4}  meeting {row['meeting']}  {row['uuid']}  {row['state']:<8}  {row['title']}")

    def _export(self, options: dict[str, Any]) -> None:
        ballot = SecretBallot.objects.filter(pk=options["id"]).first()
        if ballot is None:
            raise NotFoundError(f"no secret ballot {options['id']}")
        blob = actions.archive_of(ballot)
        directory = Path(options["dir"])
        try:
            directory.mkdir(parents=True, exist_ok=True)
            (directory / f"{ballot.uuid}.bel").write_bytes(blob)
        except OSError as exc:
            raise InvalidInputError(f"cannot write into {directory}: {exc}", field="dir") from exc
        self.stdout.write(
            f"{directory / f'{ballot.uuid}.bel'} ({len(blob)} bytes, {ballot.state}); check it with: belenios-tool election verify --dir {directory}"
        )

    def _verify(self, options: dict[str, Any]) -> None:
        try:
            blob = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise InvalidInputError(f"cannot read {options['file']}: {exc}", field="file") from exc

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty() or done == total:
                print(f"\r{done}/{total} ballots checked", end="\n" if done == total else "", file=sys.stderr, flush=True)

        audit = audit_archive(blob, workers=max(1, options["workers"]), progress=progress)
        summary = f"OK: election {audit.election.uuid} ({audit.state}): {audit.ballots} ballot(s) verified"
        if audit.result is not None:
            summary += f"; {audit.tallied} tallied, total weight {audit.total_weight}; the result {json.dumps(audit.result)} is the tally's decryption"
        self.stdout.write(summary)
