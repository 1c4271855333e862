"""``incamera trustee``: a secret ballot's trustee, on their own machine, without the server.

incamera trustee keygen --output DIR     make a key pair: DIR/<id>.privkey (keep it; without it the
                                         tally cannot be decrypted) and DIR/<id>.pubkey, the public
                                         key with its proof, to register on the ballot's page
incamera trustee decrypt --election E --tally T --key K
                                         the partial decryption of the encrypted tally T (from the
                                         ballot's page) with the private key K, with its proofs, to
                                         submit on the ballot's page

Both files are in Belenios' own formats (belenios-tool setup generate-trustee-key)."""

from __future__ import annotations

import hashlib
import json
import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from incamera.belenios.election import Election
from incamera.belenios.election import parse_number as parse_belenios_number
from incamera.belenios.errors import MalformedElectionDataError
from incamera.belenios.group import BELENIOS_2048
from incamera.belenios.tally import make_trustee_key, partial_decryption, tally_from_json
from incamera.kernel.errors import InvalidInputError
from incamera.web.commands import DomainCommand


def _read(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"cannot read the {what} {path}: {exc}", field=what) from exc


class Command(DomainCommand):
    help = "A secret ballot's trustee: make a key, decrypt the tally's share."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True, metavar="{keygen,decrypt}")
        keygen = commands.add_parser("keygen", help="make a trustee key pair")
        keygen.add_argument("--output", required=True, help="the directory to write <id>.privkey and <id>.pubkey into")
        decrypt = commands.add_parser("decrypt", help="partially decrypt an encrypted tally")
        decrypt.add_argument("--election", required=True, help="the election (election.json from the ballot's page)")
        decrypt.add_argument("--tally", required=True, help="the encrypted tally (tally.json from the ballot's page)")
        decrypt.add_argument("--key", required=True, help="your private key file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "keygen":
            self._keygen(Path(options["output"]))
        else:
            self._decrypt(options)

    def _keygen(self, directory: Path) -> None:
        private, public = make_trustee_key(BELENIOS_2048)
        text = json.dumps(public.to_json(), separators=(",", ":"))
        name = hashlib.sha256(text.encode()).hexdigest()[:8].upper()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            secret = directory / f"{name}.privkey"
            descriptor = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(str(private)) + "\n")
            (directory / f"{name}.pubkey").write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise InvalidInputError(f"cannot write the key into {directory}: {exc}", field="output") from exc
        self.stdout.write(f"key pair {name}: keep {secret} secret and safe; register {directory / f'{name}.pubkey'} on the ballot's page")

    def _decrypt(self, options: dict[str, Any]) -> None:
        try:
            election = Election.from_json(_read(options["election"], "election"))
            tally = tally_from_json(_read(options["tally"], "tally"), election)
            private = parse_belenios_number(json.loads(_read(options["key"], "key")), BELENIOS_2048.q, "key")
        except (MalformedElectionDataError, ValueError) as exc:
            message = exc.message if isinstance(exc, MalformedElectionDataError) else f"expected JSON ({exc})"
            raise InvalidInputError(message, field="input") from exc
        self.stdout.write(partial_decryption(election, tally, private).to_json())
