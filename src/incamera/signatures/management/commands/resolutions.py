"""``incamera resolutions bundle --id N --output F``: write a resolution's signature bundle
(``docs/formats/signature-bundle.md``), to check with ``incamera verify signature F``."""

from __future__ import annotations

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
        commands = parser.add_subparsers(dest="what", required=True, metavar="{bundle}")
        bundle = commands.add_parser("bundle", help="write a resolution's signature bundle (JSON)")
        bundle.add_argument("--id", type=int, required=True, help="the resolution's id")
        bundle.add_argument("--output", required=True, help="the file to write; '-' writes standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        resolution = Resolution.objects.filter(pk=options["id"]).first()
        if resolution is None:
            raise NotFoundError(f"no resolution {options['id']}")
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
