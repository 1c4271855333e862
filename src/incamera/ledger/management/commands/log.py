"""``incamera log``: the transparency log's key and sequencer.

incamera log key               print the verifier keys (signed-note vkey format)
incamera log sequence [--follow] [--batch N]
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Transparency log: print the verifier key, or integrate pending entries."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        key = sub.add_parser("key", help="print the log's verifier key: <name>+<hex key id>+<base64(0x01 ‖ public key)>")
        key.add_argument("--with-pq", action="store_true", help="also print the ML-DSA-44 verifier key")
        seq = sub.add_parser("sequence", help="integrate pending entries and sign a checkpoint")
        seq.add_argument("--follow", action="store_true", help="keep running, every --interval seconds")
        seq.add_argument("--interval", type=float, default=1.0)
        seq.add_argument("--batch", type=int, default=10_000)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        from incamera.ledger.keys import log_vkeys
        from incamera.ledger.sequencer import sequence_pending
        from incamera.ledger.witnessing import gather_cosignatures

        if options["action"] == "key":
            ed, pq = log_vkeys()
            self.stdout.write(ed)
            if options["with_pq"]:
                self.stdout.write(pq)
            return
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        while True:
            latest = None
            while (checkpoint := sequence_pending(batch=options["batch"])) is not None:
                latest = checkpoint
                if not options["follow"]:
                    break
            if latest is not None:
                if settings.INCAMERA_LOG_WITNESSES:
                    gather_cosignatures(latest)
                self.stdout.write(f"checkpoint {latest.size}")
            if not options["follow"]:
                return
            time.sleep(options["interval"])
