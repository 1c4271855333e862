"""``incamera custodian``: a custodian's hybrid X25519 + ML-KEM-768 key pair (issue 5, §8), and
the opening of their share of a sealed record (issue 15, ADR 0032).

::

    incamera custodian keygen --name NAME --out FILE [--public-out FILE] [--passphrase-stdin]
    incamera custodian open-share --key FILE --share FILE [--passphrase-stdin]

Run by the custodian on their own machine: the private key never reaches the server.  It asks
for a passphrase twice (or reads one line from standard input with ``--passphrase-stdin``), seals
the private key under it (scrypt + AES-256-GCM, ``crypto/hybrid.py``) and writes it to ``--out``
with mode 0600.  The public key is printed in its text form — a ``# custodian NAME`` comment line
and one line of standard base64 of the 1,221-byte public key — and written to ``--public-out``
when given; the custodian hands it, and the fingerprint printed with it, to the organizer.
Existing files are never overwritten.

``open-share`` is also run on the custodian's machine: it reads the wrapped share downloaded from
the meeting's custodian quorum page (``incamera-wrapped-share/1`` JSON), opens it with the private
key, and prints the share as one line of base64, which the custodian pastes into that page and
confirms with their passkey.  It reads no database.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import json
import os
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from incamera.crypto import quorum
from incamera.crypto.hybrid import CustodianKeyPair, WrongPassphraseError, private_from_bytes, public_to_text
from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.web.commands import DomainCommand

MIN_PASSPHRASE = 10
_MAX_NAME = 200
_MAX_FILE = 1 << 20


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
        parser.add_argument("action", choices=("keygen", "open-share"), help="keygen: create a key pair; open-share: open your share")
        parser.add_argument("--name", help="keygen: the custodian's name, written as a comment beside the public key")
        parser.add_argument("--out", type=Path, help="keygen: private key file to create (mode 0600; must not exist)")
        parser.add_argument("--public-out", type=Path, help="keygen: public key file to create (must not exist); printed in any case")
        parser.add_argument("--key", type=Path, help="open-share: your private key file")
        parser.add_argument("--share", type=Path, help="open-share: the wrapped share downloaded from the quorum page")
        parser.add_argument("--meeting", type=int, help="open-share: the meeting whose record you mean to open (checked against the share)")
        parser.add_argument("--passphrase-stdin", action="store_true", help="read the passphrase from one line of standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "open-share":
            self._open_share(options)
            return
        for required in ("name", "out"):
            if options[required] is None:
                raise CommandError(f"keygen needs --{required}")
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

    def _open_share(self, options: dict[str, Any]) -> None:
        for required in ("key", "share"):
            if options[required] is None:
                raise CommandError(f"open-share needs --{required}")
        key_bytes = _read(options["key"])
        context, wrapped = _wrapped_share(_read(options["share"]), options["share"])
        meeting = quorum.record_meeting(context)
        if meeting is None:
            raise CommandError(f"{options['share']}: the share guards {context!r}, not a meeting's sealed record; refusing to open it")
        if options["meeting"] is not None and options["meeting"] != meeting:
            msg = f"this share opens meeting {meeting}'s sealed record, not meeting {options['meeting']}'s: refusing to open it"
            raise CommandError(msg)
        if options["passphrase_stdin"]:
            passphrase = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
        else:
            passphrase = getpass.getpass("Passphrase for the private key: ")
        try:
            private = private_from_bytes(key_bytes, passphrase)
        except InvalidInputError as exc:
            raise CommandError(f"{options['key']}: {exc.message}") from exc
        except WrongPassphraseError as exc:
            raise CommandError(f"{options['key']}: {exc.message}") from exc
        try:
            share = quorum.open_share(wrapped, private, context=context.encode())
        except InvalidInputError as exc:
            raise CommandError(f"{options['share']}: {exc.message}") from exc
        except VerificationError as exc:
            msg = f"the share does not open with this key: it was wrapped to another custodian, or the file was altered ({exc.message})"
            raise CommandError(msg) from exc
        # What the share's own authenticated bytes say, for the custodian to compare with the quorum
        # page and the transparency log's disclosure.quorum_created entry (its quorum id is public).
        self.stderr.write(
            f"share {share.index} of meeting {meeting}'s sealed record, quorum {share.quorum_id.hex()}: "
            "check both against the quorum page and the log, then paste the line below into the page"
        )
        self.stdout.write(share.to_text())


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_FILE + 1)
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > _MAX_FILE:
        raise CommandError(f"{path} is over {_MAX_FILE} bytes; expected a key or a wrapped share")
    return data


def _wrapped_share(data: bytes, path: Path) -> tuple[str, bytes]:
    """(context, wrapped share) from a downloaded wrapped share, or a precise CommandError.  The
    context is bound into the wrap: a share served under another meeting's context does not open."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CommandError(f"{path} is not JSON ({exc}); expected the wrapped share downloaded from the quorum page") from exc
    if not isinstance(document, dict) or document.get("format") != quorum.SHARE_FILE_FORMAT:
        raise CommandError(f"{path} is not a wrapped share: expected format {quorum.SHARE_FILE_FORMAT!r}")
    context, wrapped = document.get("context"), document.get("wrapped_share")
    if not isinstance(context, str) or not context or not isinstance(wrapped, str):
        raise CommandError(f"{path}: expected a context and a wrapped_share")
    try:
        return context, base64.b64decode(wrapped, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CommandError(f"{path}: wrapped_share is not base64 ({exc})") from exc
