"""``incamera witness``: a c2sp.org/tlog-witness for the logs given on the command line.

::

    incamera witness --name NAME --log VKEY [--log VKEY ...] [--state FILE] [--key FILE] [--host H] [--port P]
    incamera witness key --name NAME [--key FILE]

``serve`` (the default action) answers ``POST /add-checkpoint`` with a threaded ``wsgiref``
server speaking plain HTTP: put it behind a TLS-terminating reverse proxy in production.  Each
``--log`` is a log's note verifier key; its key name is the log's origin, and several keys with
one name are that log's keys together (a rotation).  ``key`` prints the witness's own
``cosignature/v1`` verifier key, to hand to the logs that will ask it to cosign.

The witness key is a 32-byte Ed25519 seed in a file of mode 0600, created on first use; the
state is an SQLite file.  Both default to ``DATA_DIR/witness/``.  Losing the state file makes
the witness forget what it cosigned: retire the key with it rather than start afresh.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519
from django.conf import settings
from django.core.management.base import CommandError

from incamera.crypto.keys import KeyFileError, load_or_create_key_file
from incamera.kernel.errors import InvalidInputError
from incamera.tlog.cosignature import Cosigner
from incamera.tlog.note import Verifier, check_key_name, verifier_from_vkey
from incamera.tlog.witness import ADD_CHECKPOINT_PATH, SqliteWitnessState, Witness, make_http_server
from incamera.web.commands import DomainCommand

_SEED_BYTES = 32
_DEFAULT_PORT = 7380


def witness_dir() -> Path:
    return Path(settings.DATA_DIR) / "witness"


def load_cosigner(name: str, key_path: Path) -> Cosigner:
    """The witness's cosignature/v1 key named ``name``, from (or new in) the seed file ``key_path``."""
    try:
        check_key_name(name)
        seed = load_or_create_key_file(key_path, nbytes=_SEED_BYTES)
    except KeyFileError as exc:
        raise CommandError(str(exc)) from exc
    except InvalidInputError as exc:
        raise CommandError(f"--name: {exc.message}") from exc
    return Cosigner(name, ed25519.Ed25519PrivateKey.from_private_bytes(seed))


def parse_logs(vkeys: list[str]) -> dict[str, list[Verifier]]:
    """Origin → verifiers, from ``--log`` verifier keys (the key name is the origin)."""
    logs: dict[str, list[Verifier]] = {}
    for vkey in vkeys:
        try:
            verifier = verifier_from_vkey(vkey)
        except InvalidInputError as exc:
            msg = f"--log {vkey[:40]!r}: {exc.message}"
            raise CommandError(msg) from exc
        logs.setdefault(verifier.name, []).append(verifier)
    return logs


class Command(DomainCommand):
    help = "Run a c2sp.org/tlog-witness (serve, the default) or print its verifier key (key)."
    requires_system_checks: list[str] = []  # no database, no models: nothing to check

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            choices=("serve", "key"),
            default="serve",
            help="serve: answer POST /add-checkpoint (default); key: print the witness's vkey and exit",
        )
        parser.add_argument("--name", required=True, help="the witness's key name, e.g. witness.example.org/w1")
        parser.add_argument(
            "--log",
            action="append",
            default=[],
            metavar="VKEY",
            help="a log's verifier key <origin>+<key ID>+<key>; repeat for more logs or keys (serve)",
        )
        parser.add_argument("--state", type=Path, help="SQLite state file (default: DATA_DIR/witness/state.sqlite3)")
        parser.add_argument(
            "--key", type=Path, help="Ed25519 seed file, mode 0600, created if absent (default: DATA_DIR/witness/witness.key)"
        )
        parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=_DEFAULT_PORT, help=f"port (default {_DEFAULT_PORT})")

    def handle(self, *args: Any, **options: Any) -> None:
        cosigner = load_cosigner(options["name"], options["key"] or witness_dir() / "witness.key")
        vkey = cosigner.verifier().to_vkey()
        if options["action"] == "key":
            self.stdout.write(vkey)
            return
        logs = parse_logs(options["log"])
        if not logs:
            raise CommandError("expected at least one --log VKEY to witness; found none")
        state_path: Path = options["state"] or witness_dir() / "state.sqlite3"
        state_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        witness = Witness(logs=logs, cosigners=[cosigner], state=SqliteWitnessState(state_path))
        try:
            server = make_http_server(witness, host=options["host"], port=options["port"])
        except OSError as exc:
            msg = f"cannot listen on {options['host']}:{options['port']}: {exc.strerror or exc} (another program may be using that port; choose another with --port)"
            raise CommandError(msg) from exc
        with server:
            self.stdout.write(f"witness {vkey}")
            self.stdout.write(f"witnessing {', '.join(sorted(logs))}")
            self.stdout.write(
                f"serving http://{options['host']}:{server.server_port}{ADD_CHECKPOINT_PATH} (plain HTTP: put a TLS proxy in front; Ctrl-C stops)"
            )
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                self.stdout.write("stopped")
