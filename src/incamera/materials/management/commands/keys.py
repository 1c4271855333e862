"""``incamera keys``: the key epochs that wrap meeting keys (``materials/keyring.py``).

incamera keys status [--json]   the current epoch, live meeting keys per epoch, key files present
incamera keys rotate            move every live meeting key to a fresh epoch; destroy the old files
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Key epochs: show them, or rotate (every live meeting key re-wrapped under a fresh key; the old key files destroyed)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="the current epoch, live meeting keys per epoch, key files present")
        status.add_argument("--json", action="store_true")
        sub.add_parser("rotate", help="re-wrap every live meeting key under a fresh epoch key; destroy the older key files")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.management.base import CommandError

        from incamera.materials.actions import do_rotate_keys
        from incamera.materials.keyring import epoch_status, leftover_files

        if options["action"] == "rotate":
            number, moved = do_rotate_keys()
            self.stdout.write(f"epoch {number} is current: {moved} meeting keys re-wrapped; older epoch key files destroyed")
            return
        status = epoch_status()
        leftovers = leftover_files(status)
        if options["json"]:
            self.stdout.write(
                json.dumps({"current": status.current, "keys_by_epoch": status.keys_by_epoch, "files": status.files, "leftover": leftovers})
            )
        if leftovers:
            msg = (
                f"the key files of retired epochs {', '.join(map(str, leftovers))} are still present: a shred's destruction did not"
                " complete; run `incamera keys rotate` to destroy them"
            )
            raise CommandError(msg, returncode=3)
        if options["json"]:
            return
        self.stdout.write(f"current epoch: {status.current}")
        for epoch, count in status.keys_by_epoch.items() or [("-", 0)]:
            self.stdout.write(f"  meeting keys under epoch {epoch}: {count}")
        self.stdout.write(f"epoch key files present: {', '.join(map(str, status.files)) or 'none yet (created at first use)'}")
        if any(not label.isdigit() for label in status.keys_by_epoch):
            self.stdout.write("keys from before 0.2 are wrapped under the root secret: run `incamera keys rotate` to move them")
