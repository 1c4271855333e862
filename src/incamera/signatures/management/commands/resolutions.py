"""``incamera resolutions``: the meetings' resolutions, for scripts and for the record.

incamera resolutions list [--json]                      id, meeting, title, state, versions, digest
incamera resolutions bundle --id N --output F           the signature bundle (docs/formats/signature-bundle.md),
                                                        to check with ``incamera verify signature F``
incamera resolutions record --id N --output F           the adopted resolution's record, a PDF sealed by its
                                                        secretariat with the bundle attached

It lives in ``signatures`` because the bundle and the record need the signatures, which build on
the resolutions."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from incamera.kernel.errors import InvalidInputError, NotFoundError
from incamera.resolutions.models import Resolution
from incamera.signatures import actions
from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Resolutions: write a signature bundle."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True, metavar="{list,bundle,record}")
        listing = commands.add_parser("list", help="every resolution: id, meeting, title, state, legal character, versions, digest")
        listing.add_argument("--json", action="store_true")
        record = commands.add_parser("record", help="write an adopted resolution's sealed PDF record")
        record.add_argument("--id", type=int, required=True, help="the resolution's id")
        record.add_argument("--output", required=True, help="the PDF file to write")
        bundle = commands.add_parser("bundle", help="write a resolution's signature bundle (JSON)")
        bundle.add_argument("--id", type=int, required=True, help="the resolution's id")
        bundle.add_argument("--output", required=True, help="the file to write; '-' writes standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "list":
            self._list(json_output=options["json"])
            return
        resolution = Resolution.objects.filter(pk=options["id"]).first()
        if resolution is None:
            raise NotFoundError(f"no resolution {options['id']}")
        if options["what"] == "record":
            pdf = actions.record_of(resolution)
            try:
                Path(options["output"]).write_bytes(pdf)
            except OSError as exc:
                raise InvalidInputError(f"cannot write {options['output']}: {exc}", field="file") from exc
            self.stdout.write(f"the sealed record of resolution {resolution.uuid} written to {options['output']} ({len(pdf)} bytes)")
            return
        bundle = actions.bundle_of(resolution)
        text = bundle.to_json() + "\n"
        if options["output"] == "-":
            sys.stdout.write(text)
            return
        try:
            Path(options["output"]).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InvalidInputError(f"cannot write {options['output']}: {exc}", field="file") from exc
        self.stdout.write(f"{len(bundle.signers)} signature(s) of resolution {resolution.uuid} written to {options['output']}")

    def _list(self, *, json_output: bool) -> None:
        from incamera.resolutions.actions import digests_of

        rows: list[dict[str, Any]] = []
        for resolution in Resolution.objects.select_related("meeting").order_by("pk"):
            digests = digests_of(resolution)
            rows.append(
                {
                    "id": resolution.pk,
                    "uuid": str(resolution.uuid),
                    "meeting": resolution.meeting_id,
                    "title": resolution.title,
                    "state": resolution.state,
                    "legal_character": resolution.legal_character,
                    "adoption_method": resolution.adoption_method,
                    "versions": len(digests.versions),
                    "languages": sorted(digests.latest.texts) if digests.versions else [],
                    "digest": digests.whole,
                }
            )
        if json_output:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("no resolutions yet")
        for row in rows:
            self.stdout.write(
                f"{row['id']:>4}  meeting {row['meeting']}  {row['state']:<9} v{row['versions']}  {row['title']}  {row['digest'][:16]}…"
            )
