"""``incamera custodian keygen``: a custodian's hybrid X25519 + ML-KEM-768 key pair (issue 5, §8).

::

    incamera custodian keygen --name NAME --out FILE [--public-out FILE] [--passphrase-stdin]

Run by the custodian on their own machine: the private key never reaches the server.  It asks
for a passphrase twice (or reads one line from standard input with ``--passphrase-stdin``), seals
the private key under it (scrypt + AES-256-GCM, ``crypto/hybrid.py``) and writes it to ``--out``
with mode 0600.  The public key is printed in its text form — a ``# custodian NAME`` comment line
and one line of standard base64 of the 1,221-byte public key — and written to ``--public-out``
when given; the custodian hands it, and the fingerprint printed with it, to the organizer.
Existing files are never overwritten.
"""

from __future__ import annotations

import getpass
import os
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from incamera.crypto.hybrid import CustodianKeyPair, public_to_text
from incamera.kernel.errors import InvalidInputError
from incamera.web.commands import DomainCommand

MIN_PASSPHRASE = 10
_MAX_NAME = 200


def read_passphrase(*, from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        passphrase = line.removesuffix("\n").removesuffix("\r")
    else:
        passphrase = getpass.getpass("Passphrase for the private key: ")
        if getpass.getpass("Repeat the passphrase: ") != passphrase:
            raise CommandError("the two passphrases differ; nothing was written")
    if len(passphrase) < MIN_PASSPHRASE:
        msg = f"passphrase is {len(passphrase)} characters; expected at least {MIN_PASSPHRASE} (nothing was written)"
        raise CommandError(msg)
    return passphrase


def write_new(path: Path, content: bytes, *, mode: int) -> None:
    """Write ``content`` to a file that must not exist yet (``O_EXCL``: no race, no overwrite)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError as exc:
        raise CommandError(f"{path} already exists; refusing to overwrite it") from exc
    except OSError as exc:
        raise CommandError(f"cannot create {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    path.chmod(mode)  # O_CREAT's mode went through the umask; the mode asked for is the one meant


class Command(DomainCommand):
    help = "Create a custodian's passphrase-protected hybrid (X25519 + ML-KEM-768) key pair."
    requires_system_checks: list[str] = []  # no database, no models: nothing to check

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=("keygen",), help="keygen: create a key pair")
        parser.add_argument("--name", required=True, help="the custodian's name, written as a comment beside the public key")
        parser.add_argument("--out", type=Path, required=True, help="private key file to create (mode 0600; must not exist)")
        parser.add_argument("--public-out", type=Path, help="public key file to create (must not exist); printed in any case")
        parser.add_argument("--passphrase-stdin", action="store_true", help="read the passphrase from one line of standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        name = " ".join(str(options["name"]).split())
        if not name or len(name) > _MAX_NAME or not name.isprintable():
            raise CommandError(f"--name: expected 1–{_MAX_NAME} printable characters; found {len(name)}")
        out: Path = options["out"]
        public_out: Path | None = options["public_out"]
        if public_out is not None and public_out.resolve() == out.resolve():
            raise CommandError("--out and --public-out name the same file; expected two files")
        for path in (out, public_out):
            if path is not None and path.exists():
                raise CommandError(f"{path} already exists; refusing to overwrite it")
        passphrase = read_passphrase(from_stdin=options["passphrase_stdin"])
        pair = CustodianKeyPair.generate()
        try:
            sealed = pair.private_to_pem_like(passphrase)
        except InvalidInputError as exc:
            raise CommandError(exc.diagnostics()) from exc
        text = public_to_text(pair.public_bytes(), name=name)
        write_new(out, sealed, mode=0o600)
        if public_out is not None:
            try:
                write_new(public_out, text.encode(), mode=0o644)
            except CommandError:
                out.unlink()  # ours, written a moment ago: leave nothing half-done
                raise
        self.stderr.write(f"private key for {name}: {out} (mode 0600, passphrase-protected; keep it and the passphrase safe)")
        if public_out is not None:
            self.stderr.write(f"public key: {public_out}")
        self.stderr.write(f"fingerprint: {pair.public.fingerprint()}")
        self.stdout.write(text, ending="")
