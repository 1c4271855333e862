"""``incamera resolutions bundle`` and ``incamera verify signature``: 0 valid, 1 does not verify
(naming the check), 2 unusable input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incamera.ledger import sequencer
from incamera.ledger.keys import log_vkeys
from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution
from incamera.signatures import actions
from tests.conftest import Cast
from tests.signatures.helpers import BrowserKey, confirmed, eddsa_authenticator, registered

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fails(*args: str, code: int) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == code
    return str(caught.value)


def _signed_by(user, resolution: Resolution, algorithm: str, authenticator) -> None:  # type: ignore[no-untyped-def]
    authenticator = registered(user, authenticator)
    browser = BrowserKey(algorithm)
    key_confirmation = confirmed(user, authenticator, browser.fingerprint, actions.KEY_PURPOSE)
    actions.do_register_signing_key(user, algorithm=algorithm, public_key=browser.spki_b64, confirmation_id=key_confirmation)
    digest = resolutions.digests_of(resolution).whole
    confirmation = confirmed(user, authenticator, digest, actions.SIGN_PURPOSE)
    actions.do_sign_resolution(resolution, user, digest=digest, signature=browser.sign_b64(digest), confirmation_id=confirmation)


@pytest.fixture
def bundle_file(cast: Cast, adopted: Resolution, tmp_path: Path) -> Path:
    _signed_by(cast.delegate, adopted, "Ed25519", None)
    _signed_by(cast.focal_point, adopted, "ECDSA-P256-SHA256", eddsa_authenticator())
    sequencer.sequence_pending()
    path = tmp_path / "bundle.json"
    assert "2 signature(s)" in run("resolutions", "bundle", "--id", str(adopted.pk), "--output", str(path))
    return path


def test_a_bundle_written_by_the_command_verifies_with_its_texts(adopted: Resolution, bundle_file: Path, tmp_path: Path) -> None:
    texts = resolutions.texts_of(adopted.versions.order_by("number").last())  # type: ignore[arg-type]
    (tmp_path / "en.txt").write_text(texts["en"].replace("\n", "\r\n") + "\n", encoding="utf-8")
    out = run("verify", "signature", str(bundle_file), "--text", f"en={tmp_path / 'en.txt'}", "--vkey", log_vkeys()[0])
    assert out.startswith(f"OK: 2 signer(s) of resolution {adopted.uuid}")
    assert "the given log key" in out
    assert "the en text(s) match" in out


def test_a_text_that_differs_does_not_verify(bundle_file: Path, tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text("Un autre texte.", encoding="utf-8")
    message = fails("verify", "signature", str(bundle_file), "--text", f"fr={tmp_path / 'fr.txt'}", code=1)
    assert "text digest: the fr text given hashes to" in message


def test_a_bundle_with_one_byte_changed_does_not_verify(bundle_file: Path) -> None:
    data = json.loads(bundle_file.read_text())
    signature = data["signers"][1]["webcrypto"]["signature"]
    data["signers"][1]["webcrypto"]["signature"] = ("A" if signature[0] != "A" else "B") + signature[1:]
    bundle_file.write_text(json.dumps(data))
    assert "webcrypto signature: signer #2" in fails("verify", "signature", str(bundle_file), code=1)


def test_unusable_input_exits_2(bundle_file: Path, tmp_path: Path) -> None:
    assert "bad input" in fails("verify", "signature", str(tmp_path / "missing.json"), code=2)
    (tmp_path / "junk.json").write_text("{}")
    assert "format" in fails("verify", "signature", str(tmp_path / "junk.json"), code=2)
    assert "LANG=FILE" in fails("verify", "signature", str(bundle_file), "--text", "en", code=2)


def test_a_bundle_of_nobody_or_of_no_resolution_is_refused(adopted: Resolution, tmp_path: Path) -> None:
    assert "nobody has signed" in fails("resolutions", "bundle", "--id", str(adopted.pk), "--output", str(tmp_path / "b.json"), code=2)
    assert "no resolution" in fails("resolutions", "bundle", "--id", "999999", "--output", str(tmp_path / "b.json"), code=2)
