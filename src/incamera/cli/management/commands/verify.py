"""``incamera verify``: check a receipt or a resolution's signature bundle offline, or a
transparency log online, without trusting it.

incamera verify receipt FILE --vkey VKEY [--witness-vkey V ...] [--witnesses K]
incamera verify log --url SITE_OR_LOG_URL --vkey VKEY [--audit] [--since CHECKPOINT_FILE]
incamera verify signature BUNDLE [--text LANG=FILE ...] [--vkey VKEY]

Exit status: 0 verified (one summary line on stdout), 1 verification failed, 2 bad input (one
diagnosis line on stderr either way).  ``log`` reads c2sp.org/tlog-tiles over HTTP(S) from URL
(for example ``http://localhost:8000/log``); it needs neither the database nor the network beyond
that URL.
"""

from __future__ import annotations

import base64
import http.client
import sys
import urllib.error
import urllib.parse
import urllib.request
import zlib
from argparse import ArgumentParser
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.signatures.bundle import Bundle, verify_bundle
from incamera.tlog.checkpoint import Checkpoint
from incamera.tlog.note import Note
from incamera.tlog.verify import Receipt, VerifiedLog, verify_log, verify_receipt, verify_witness_policy
from incamera.web.commands import DomainCommand

# The largest resource a tiled log serves is a full entry bundle: 256 entries of up to 64 KiB.
MAX_RESPONSE_BYTES = 256 * (2 + 0xFFFF)
VERIFICATION_FAILED = 1
BAD_INPUT = 2


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _read_text(path: str, *, what: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read {what} {path}: {exc}"
        raise InvalidInputError(msg, field=what) from exc


def _gunzip(body: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        data = inflater.decompress(body, MAX_RESPONSE_BYTES + 1)
    except zlib.error as exc:
        msg = f"a gzip response that does not decompress ({exc})"
        raise OSError(msg) from exc
    if len(data) > MAX_RESPONSE_BYTES or inflater.unconsumed_tail:
        msg = f"a response larger than {MAX_RESPONSE_BYTES} bytes once decompressed"
        raise OSError(msg)
    return data


def http_fetch(base_url: str, *, timeout: float) -> Callable[[str], bytes]:
    """A ``fetch`` for verify_log that GETs ``<base_url>/<path>``; failures are OSErrors."""
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        msg = f"expected an http:// or https:// URL of the log; found {base_url!r}"
        raise InvalidInputError(msg, field="url")
    # The log's own URL (…/log), or the site's: an incamera site serves its log under /log, which
    # is tried when the URL given serves nothing at the first path asked for.
    given = base_url.rstrip("/")
    bases = [given] if given.endswith("/log") else [given, f"{given}/log"]

    def fetch(path: str) -> bytes:
        try:
            body = _get(f"{bases[0]}/{path}", timeout=timeout)
        except urllib.error.HTTPError as exc:
            if exc.code != HTTPStatus.NOT_FOUND or len(bases) == 1:
                raise
            body = _get(f"{bases[1]}/{path}", timeout=timeout)
            bases.pop(0)  # the site's URL: its log is under /log
        del bases[1:]  # the first answer settles where the log is
        return body

    return fetch


def _get(url: str, *, timeout: float) -> bytes:
    request = urllib.request.Request(  # noqa: S310  (the scheme is checked by http_fetch)
        url, headers={"Accept-Encoding": "gzip, identity", "User-Agent": "incamera-verify"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE_BYTES + 1)
            encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    except http.client.HTTPException as exc:  # a broken response, not an OSError
        msg = f"a broken HTTP response ({type(exc).__name__})"
        raise OSError(msg) from exc
    if len(body) > MAX_RESPONSE_BYTES:
        msg = f"a response larger than {MAX_RESPONSE_BYTES} bytes"
        raise OSError(msg)
    return _gunzip(body) if encoding == "gzip" else body


class Command(DomainCommand):
    help = "Verify a receipt offline, or a transparency log's checkpoint, tiles and entries online."
    requires_system_checks: list[str] = []  # an offline verifier needs no database or settings checks

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True, metavar="{receipt,log,signature}")
        receipt = commands.add_parser("receipt", help="check an incamera-receipt/v1 file offline")
        receipt.add_argument("file", help="the receipt (JSON); '-' reads standard input")
        receipt.add_argument("--vkey", required=True, help="the log's verifier key (signed-note vkey)")
        receipt.add_argument(
            "--witness-vkey", action="append", default=[], dest="witness_vkeys", metavar="VKEY", help="a witness's cosignature key (repeat)"
        )
        receipt.add_argument("--witnesses", type=int, default=0, metavar="K", help="require cosignatures from K of the witnesses")
        log = commands.add_parser("log", help="check a tiled log's checkpoint against its tiles, over HTTP")
        log.add_argument("--url", required=True, help="the site's URL, e.g. http://localhost:8000, or the log's own (…/log)")
        log.add_argument("--vkey", required=True, help="the log's verifier key (signed-note vkey)")
        log.add_argument("--audit", action="store_true", help="also fetch every tile and entry and check them all")
        log.add_argument("--since", metavar="CHECKPOINT_FILE", help="an earlier checkpoint the log must still extend")
        log.add_argument("--witness-vkey", action="append", default=[], metavar="VKEY", help="a witness's verifier key (repeat for each)")
        log.add_argument(
            "--witnesses", type=int, default=0, metavar="K", help="require the checkpoint to carry cosignatures from K of the witnesses"
        )
        log.add_argument("--timeout", type=float, default=30.0, help="seconds per HTTP request (default 30)")
        signature = commands.add_parser("signature", help="check a resolution's signature bundle offline")
        signature.add_argument("bundle", help="the signature bundle (JSON); '-' reads standard input")
        signature.add_argument(
            "--text",
            action="append",
            default=[],
            metavar="LANG=FILE",
            help="a text of the latest version to check against its digest (repeat)",
        )
        signature.add_argument("--vkey", help="the log's verifier key; without it, the key the bundle names")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = {"receipt": self._receipt, "log": self._log, "signature": self._signature}[options["what"]](options)
        except VerificationError as exc:
            raise CommandError(_one_line(f"verification failed: {exc.diagnostics()}"), returncode=VERIFICATION_FAILED) from exc
        except InvalidInputError as exc:
            raise CommandError(_one_line(f"bad input: {exc.diagnostics()}"), returncode=BAD_INPUT) from exc
        self.stdout.write(summary)

    def _receipt(self, options: dict[str, Any]) -> str:
        receipt = Receipt.from_json(_read_text(options["file"], what="receipt"))
        verify_receipt(receipt, log_vkey=options["vkey"], witness_vkeys=options["witness_vkeys"], witnesses_required=options["witnesses"])
        checkpoint = Checkpoint.from_text(Note.from_text(receipt.checkpoint).text)
        cosigned = f"; cosigned by at least {options['witnesses']} of the given witnesses" if options["witnesses"] else ""
        return (
            f"OK: entry {receipt.index} is in {checkpoint.origin} at tree size {checkpoint.size}"
            f" (root {base64.b64encode(checkpoint.root_hash).decode()}){cosigned}"
        )

    def _signature(self, options: dict[str, Any]) -> str:
        texts = {}
        for given in options["text"]:
            language, _sep, path = given.partition("=")
            if not language or not path:
                raise InvalidInputError(f"expected --text LANG=FILE; found {given!r}", field="text")
            texts[language] = _read_text(path, what="text")
        bundle = Bundle.from_json(_read_text(options["bundle"], what="bundle"))
        verify_bundle(bundle, texts=texts, log_vkey=options["vkey"])
        key = "the given log key" if options["vkey"] else "the log key the bundle names (pin it with --vkey)"
        checked = f"; the {', '.join(sorted(texts))} text(s) match the latest version" if texts else ""
        return (
            f"OK: {len(bundle.signers)} signer(s) of resolution {bundle.uuid} signed its whole digest {bundle.digest}"
            f" with their signing key and their passkey (user verified); every signature is in {bundle.log_origin},"
            f" proven against a checkpoint signed with {key}{checked}"
        )

    def _log(self, options: dict[str, Any]) -> str:
        fetch = http_fetch(options["url"], timeout=options["timeout"])
        since = _read_text(options["since"], what="checkpoint") if options["since"] else None
        if options["audit"]:
            verified = self._audit(fetch, options["vkey"], since)
        else:
            verified = verify_log(fetch, log_vkey=options["vkey"], since=since)
        verify_witness_policy(verified.checkpoint, witness_vkeys=options["witness_vkey"], witnesses_required=options["witnesses"])
        summary = f"OK: {verified.origin} has {verified.size} entries (root {base64.b64encode(verified.root).decode()})"
        if options["witnesses"]:
            summary += f"; cosigned by at least {options['witnesses']} of {len(options['witness_vkey'])} witnesses"
        if options["audit"]:
            summary += f"; all {verified.entries_checked} entries and their tiles checked"
        if since is not None:
            earlier = Checkpoint.from_text(Note.from_text(since).text)
            summary += f"; consistent with the earlier checkpoint of size {earlier.size}"
        return summary

    def _audit(self, fetch: Callable[[str], bytes], vkey: str, since: str | None) -> VerifiedLog:
        console = Console(stderr=True)
        columns = (TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TextColumn("entries"), TimeRemainingColumn())
        with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
            task = bar.add_task("audit", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return verify_log(fetch, log_vkey=vkey, audit=True, since=since, progress=progress)
