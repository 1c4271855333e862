"""``incamera custodian keygen``: a passphrase-protected private key of mode 0600, the public key
printed and written, and nothing ever overwritten."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incamera.crypto.envelope import new_meeting_key
from incamera.crypto.hybrid import private_from_bytes, public_from_text, unwrap_as_custodian, wrap_for_custodian

PASSPHRASE = "a long custodian passphrase"


def keygen(*args: str, stdin: str | None = PASSPHRASE + "\n", monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        args = (*args, "--passphrase-stdin")
    out, err = io.StringIO(), io.StringIO()
    call_command("custodian", "keygen", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private_path, public_path = tmp_path / "ada.key", tmp_path / "ada.pub"
    umask = os.umask(0)  # the most permissive umask: the mode must still be 0600
    try:
        out, err = keygen("--name", "Ada Lovelace", "--out", str(private_path), "--public-out", str(public_path), monkeypatch=monkeypatch)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(private_path.stat().st_mode) == 0o600
    assert public_path.read_text() == out
    assert out.startswith("# custodian Ada Lovelace\n")
    public = public_from_text(out)
    assert public.fingerprint() in err
    private = private_from_bytes(private_path.read_bytes(), PASSPHRASE)
    assert private.public_key().to_bytes() == public.to_bytes()
    key = new_meeting_key()
    assert unwrap_as_custodian(private, wrap_for_custodian(public.to_bytes(), key, aad=b"meeting 42"), aad=b"meeting 42") == key


def test_keygen_asks_for_the_passphrase_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([PASSPHRASE, PASSPHRASE])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    out, _ = keygen("--name", "Grace", "--out", str(tmp_path / "grace.key"), stdin=None, monkeypatch=monkeypatch)
    assert private_from_bytes((tmp_path / "grace.key").read_bytes(), PASSPHRASE).public_key().to_bytes() == public_from_text(out).to_bytes()


def test_keygen_refuses_differing_passphrases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([PASSPHRASE, PASSPHRASE + "!"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    with pytest.raises(CommandError, match="the two passphrases differ; nothing was written"):
        keygen("--name", "Grace", "--out", str(tmp_path / "grace.key"), stdin=None, monkeypatch=monkeypatch)
    assert not (tmp_path / "grace.key").exists()


def test_keygen_refuses_a_short_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="passphrase is 5 characters; expected at least 10"):
        keygen("--name", "Grace", "--out", str(tmp_path / "grace.key"), stdin="short\n", monkeypatch=monkeypatch)
    assert not (tmp_path / "grace.key").exists()


@pytest.mark.parametrize("existing", ["private", "public"])
def test_keygen_refuses_to_overwrite(existing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private_path, public_path = tmp_path / "ada.key", tmp_path / "ada.pub"
    target = private_path if existing == "private" else public_path
    target.write_bytes(b"precious")
    with pytest.raises(CommandError, match=f"{target} already exists; refusing to overwrite it"):
        keygen("--name", "Ada", "--out", str(private_path), "--public-out", str(public_path), monkeypatch=monkeypatch)
    assert target.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_keygen_refuses_one_file_for_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ada.key"
    with pytest.raises(CommandError, match="name the same file"):
        keygen("--name", "Ada", "--out", str(path), "--public-out", str(path), monkeypatch=monkeypatch)
    assert not path.exists()


def test_keygen_refuses_an_empty_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="--name: expected 1–200 printable characters"):
        keygen("--name", "  ", "--out", str(tmp_path / "x.key"), monkeypatch=monkeypatch)
