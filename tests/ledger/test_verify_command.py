"""``incamera verify receipt|log``: exit 0 with a summary, 1 when verification fails, 2 on bad input."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incamera.tlog.cosignature import Cosigner
from incamera.tlog.note import Ed25519Signer, Note, sign_note
from tests.tlog.test_verify import ORIGIN, TiledLog, entry, new_log


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("verify", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fails(*args: str, code: int) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == code
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.fixture
def log() -> TiledLog:
    return new_log(600)


@pytest.fixture
def receipt_file(log: TiledLog, tmp_path: Path) -> Path:
    path = tmp_path / "receipt.json"
    path.write_text(log.receipt(300, log.served["checkpoint"].decode()).to_json(), encoding="utf-8")
    return path


@pytest.fixture
def served(log: TiledLog) -> Iterator[str]:
    """The log over HTTP at http://127.0.0.1:<port>/log; paths listed in log.served as gzip come compressed."""
    files = log.served

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path.removeprefix("/log/")) if self.path.startswith("/log/") else None
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            if self.path.endswith("/001"):  # logs MAY gzip without negotiation
                body = gzip.compress(body)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the signature is http.server's)
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/log"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- receipt ------------------------------------------------------------------------------------


def test_a_good_receipt_exits_0_with_a_summary(log: TiledLog, receipt_file: Path) -> None:
    summary = run("receipt", str(receipt_file), "--vkey", log.vkey)
    assert summary.startswith(f"OK: entry 300 is in {ORIGIN} at tree size 600 (root ")
    assert summary.count("\n") == 1


def test_a_receipt_from_standard_input(log: TiledLog, receipt_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(receipt_file.read_text(encoding="utf-8")))
    assert run("receipt", "-", "--vkey", log.vkey).startswith("OK: entry 300")


def test_witnesses_are_counted(log: TiledLog, tmp_path: Path) -> None:
    w1, w2 = Cosigner.generate("witness.example.net/a"), Cosigner.generate("witness.example.net/b")
    note = sign_note(Note.from_text(log.served["checkpoint"]), [w1]).to_text()
    path = tmp_path / "cosigned.json"
    path.write_text(log.receipt(3, note).to_json(), encoding="utf-8")
    witnesses = ["--witness-vkey", w1.verifier().to_vkey(), "--witness-vkey", w2.verifier().to_vkey()]
    assert "cosigned by at least 1" in run("receipt", str(path), "--vkey", log.vkey, *witnesses, "--witnesses", "1")
    message = fails("receipt", str(path), "--vkey", log.vkey, *witnesses, "--witnesses", "2", code=1)
    assert "at least 2 of 2 witnesses; found 1" in message
    assert "bad input" in fails("receipt", str(path), "--vkey", log.vkey, *witnesses, "--witnesses", "3", code=2)


def test_a_tampered_receipt_exits_1(log: TiledLog, receipt_file: Path) -> None:
    receipt_file.write_text(receipt_file.read_text(encoding="utf-8").replace('"index": 300', '"index": 301'), encoding="utf-8")
    assert fails("receipt", str(receipt_file), "--vkey", log.vkey, code=1).startswith("verification failed: the entry is not leaf 301")


def test_another_logs_key_exits_1(receipt_file: Path) -> None:
    other = Ed25519Signer.generate(ORIGIN).verifier().to_vkey()
    assert "expected a signature from a known key" in fails("receipt", str(receipt_file), "--vkey", other, code=1)


@pytest.mark.parametrize(
    ("content", "words"),
    [("{", "expected JSON"), ('{"receipt": "incamera-receipt/v1"}', "expected the key 'origin'"), (None, "cannot read")],
)
def test_bad_receipt_files_exit_2(log: TiledLog, tmp_path: Path, content: str | None, words: str) -> None:
    path = tmp_path / "receipt.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    message = fails("receipt", str(path), "--vkey", log.vkey, code=2)
    assert message.startswith("bad input: ")
    assert words in message


def test_a_malformed_key_exits_2(receipt_file: Path) -> None:
    assert "vkey" in fails("receipt", str(receipt_file), "--vkey", "no-such-key", code=2)


# --- log ----------------------------------------------------------------------------------------


def test_a_log_verifies_over_http(log: TiledLog, served: str) -> None:
    summary = run("log", "--url", served, "--vkey", log.vkey)
    assert summary.startswith(f"OK: {ORIGIN} has 600 entries (root ")


def test_an_audit_over_http_reads_gzip_and_every_entry(log: TiledLog, served: str) -> None:
    summary = run("log", "--url", served + "/", "--vkey", log.vkey, "--audit")
    site = served.removesuffix("/log")
    assert run("log", "--url", site, "--vkey", log.vkey) == run("log", "--url", served, "--vkey", log.vkey)
    assert "all 600 entries and their tiles checked" in summary


def test_since_an_earlier_checkpoint(log: TiledLog, served: str, tmp_path: Path) -> None:
    earlier = tmp_path / "checkpoint"
    earlier.write_bytes(log.served["checkpoint"])
    log.append([entry(i) for i in range(600, 1000)])
    summary = run("log", "--url", served, "--vkey", log.vkey, "--since", str(earlier))
    assert "has 1000 entries" in summary
    assert "consistent with the earlier checkpoint of size 600" in summary


def test_a_fork_exits_1(log: TiledLog, served: str, tmp_path: Path) -> None:
    fork = TiledLog(log.signer)
    fork.append([entry(i, fork="evil") for i in range(600)])
    earlier = tmp_path / "checkpoint"
    earlier.write_text(fork.served["checkpoint"].decode(), encoding="utf-8")
    assert "two different roots" in fails("log", "--url", served, "--vkey", log.vkey, "--since", str(earlier), code=1)


def test_a_tampered_entry_exits_1_on_audit(log: TiledLog, served: str) -> None:
    log.served["tile/entries/000"] = log.served["tile/entries/000"].replace(b'"n":7,', b'"n":8,', 1)
    run("log", "--url", served, "--vkey", log.vkey)
    assert "entry 7 does not hash" in fails("log", "--url", served, "--vkey", log.vkey, "--audit", code=1)


def test_a_log_that_does_not_answer_exits_1(log: TiledLog, served: str) -> None:
    assert "did not serve checkpoint" in fails("log", "--url", served + "/nothing-here", "--vkey", log.vkey, code=1)


@pytest.mark.parametrize("url", ["ftp://example.org/log", "file:///etc", "localhost:8000/log", "http:///log"])
def test_a_url_that_is_not_http_exits_2(log: TiledLog, url: str) -> None:
    assert "http:// or https://" in fails("log", "--url", url, "--vkey", log.vkey, code=2)


def test_an_unreadable_since_file_exits_2(log: TiledLog, served: str, tmp_path: Path) -> None:
    assert "cannot read checkpoint" in fails("log", "--url", served, "--vkey", log.vkey, "--since", str(tmp_path / "none"), code=2)


# --- the real command line ----------------------------------------------------------------------


def test_the_exit_status_and_one_line_diagnosis_of_the_real_command(log: TiledLog, receipt_file: Path, tmp_path: Path) -> None:
    env = os.environ | {"INCAMERA_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = (
        "import sys; from incamera.cli import main\n"
        "for argv in sys.argv[1:]:\n"
        "    try:\n"
        "        main(['incamera', 'verify', *argv.split('\\t')])\n"
        "    except SystemExit as exc:\n"
        "        print('exit', exc.code, file=sys.stderr, flush=True)\n"
        "    else:\n"
        "        print('exit', 0, file=sys.stderr, flush=True)\n"
    )
    other = Ed25519Signer.generate(ORIGIN).verifier().to_vkey()
    runs = [["receipt", str(receipt_file), "--vkey", key] for key in (log.vkey, other, "bad")]
    result = subprocess.run(
        [sys.executable, "-c", script, *("\t".join(argv) for argv in runs)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.startswith("OK: entry 300")
    lines = result.stderr.splitlines()
    assert lines[0] == "exit 0"
    assert lines[1].startswith("CommandError: verification failed: ")
    assert lines[2] == "exit 1"
    assert lines[3].startswith("CommandError: bad input: ")
    assert lines[4] == "exit 2"
