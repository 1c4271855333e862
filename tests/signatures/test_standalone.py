"""Anyone can verify a bundle the server made from the specification alone: the reference
verifier in docs/formats/ imports only the standard library, cryptography and cbor2."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from incamera.ledger import sequencer
from incamera.ledger.keys import log_vkeys
from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution
from incamera.signatures import actions
from tests.conftest import Cast
from tests.signatures.helpers import BrowserKey, confirmed, eddsa_authenticator, registered

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "formats" / "verify_signature_bundle.py"


def test_the_reference_verifier_imports_only_standard_libraries() -> None:
    tree = ast.parse(SCRIPT.read_text())
    imported = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported - set(sys.stdlib_module_names) == {"cryptography", "cbor2"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # -I: isolated, neither the working directory nor PYTHONPATH on the path.
    return subprocess.run([sys.executable, "-I", str(SCRIPT), *args], capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.django_db
def test_a_server_made_bundle_verifies_without_incamera(cast: Cast, adopted: Resolution, tmp_path: Path) -> None:
    for user, algorithm, authenticator in (
        (cast.delegate, "Ed25519", None),
        (cast.focal_point, "ECDSA-P256-SHA256", eddsa_authenticator()),
    ):
        passkey = registered(user, authenticator)
        browser = BrowserKey(algorithm)
        key = confirmed(user, passkey, browser.fingerprint, actions.KEY_PURPOSE)
        actions.do_register_signing_key(user, algorithm=algorithm, public_key=browser.spki_b64, confirmation_id=key)
        digest = resolutions.digests_of(adopted).whole
        sign = confirmed(user, passkey, digest, actions.SIGN_PURPOSE)
        actions.do_sign_resolution(adopted, user, digest=digest, signature=browser.sign_b64(digest), confirmation_id=sign)
    sequencer.sequence_pending()
    path, text = tmp_path / "bundle.json", tmp_path / "fr.txt"
    path.write_text(actions.bundle_of(adopted).to_json())
    text.write_text(resolutions.texts_of(adopted.versions.order_by("number").last())["fr"])  # type: ignore[arg-type]
    done = _run(str(path), "--text", f"fr={text}", "--vkey", log_vkeys()[0])
    assert (done.returncode, done.stderr) == (0, "")
    assert "OK: 2 signer(s)" in done.stdout
    data = json.loads(path.read_text())
    data["signers"][1]["name"] = "Someone Else"  # covered by the log entry's commitment
    path.write_text(json.dumps(data))
    done = _run(str(path))
    assert done.returncode == 1
    assert "signer #2: log inclusion: the entry commits to another signature" in done.stderr
