"""The public page that checks a signature bundle: anyone, no account, same checks as the CLI."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from incamera.ledger import sequencer
from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution
from incamera.signatures import actions
from incamera.signatures.forms import MAX_BUNDLE_BYTES
from tests.conftest import Cast
from tests.signatures.synthetic import TEXTS, synthetic_bundle
from tests.signatures.test_actions import _key, _sign

pytestmark = pytest.mark.django_db
URL = "/verify/signature/"


def _signed_bundle(cast: Cast, resolution: Resolution) -> str:
    browser, authenticator = _key(cast.delegate)
    _sign(resolution, cast.delegate, browser, authenticator)
    sequencer.sequence_pending()
    return actions.bundle_of(resolution).to_json()


def test_anyone_opens_the_page_without_an_account() -> None:
    page = Client().get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert "Signature bundle (JSON file)" in body


def test_a_bundle_from_this_site_verifies_with_its_text(cast: Cast, adopted: Resolution) -> None:
    text = _signed_bundle(cast, adopted)
    latest = adopted.versions.order_by("-number").first()
    assert latest is not None
    language, body = next(iter(resolutions.texts_of(latest).items()))
    upload = SimpleUploadedFile("bundle.json", text.encode(), content_type="application/json")
    page = Client().post(URL, {"bundle_file": upload, "language": language, "text": body.replace("\n", "\r\n") + "  \r\n"})
    assert page.status_code == 200, page.content.decode()[:2000]
    html = page.content.decode()
    assert "The bundle verifies: 1 signer signed" in html
    assert "Delegate Delegation" in html
    assert "this site's transparency log" in html
    assert f"The text given ({language}) is the latest version" in html


def test_a_pasted_bundle_from_another_log_verifies_and_says_whose_log() -> None:
    made = synthetic_bundle(3)
    page = Client().post(URL, {"bundle": made.bundle.to_json(), "language": "fr", "text": TEXTS["fr"]})
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 signers" in html
    assert "which is not this site's log" in html
    assert made.bundle.log_vkey in html


@pytest.mark.parametrize(
    ("change", "meaning"),
    [
        ("title", "The texts do not match what was signed"),
        ("signature", "A signature in the bundle does not verify"),
        ("log", "is not proven to be in the transparency log"),
    ],
)
def test_a_changed_bundle_is_refused_with_what_the_change_means(change: str, meaning: str) -> None:
    data = json.loads(synthetic_bundle(2).bundle.to_json())
    if change == "title":
        data["resolution"]["title"] += "."
    elif change == "signature":
        signature = data["signers"][1]["webcrypto"]["signature"]
        data["signers"][1]["webcrypto"]["signature"] = ("B" if signature[0] == "A" else "A") + signature[1:]
    else:
        data["signers"][0]["log_entry"]["index"] += 1
    page = Client().post(URL, {"bundle": json.dumps(data)})
    assert page.status_code == 422
    assert meaning in page.content.decode()
    assert "Technical detail" in page.content.decode()


def test_a_text_that_is_not_the_latest_version_is_refused() -> None:
    page = Client().post(URL, {"bundle": synthetic_bundle(1).bundle.to_json(), "language": "en", "text": TEXTS["en"]})
    assert page.status_code == 422  # version 2 changed the English text
    assert "The texts do not match what was signed" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the bundle&#x27;s file, or paste the bundle below."),
        ({"bundle": "{not json"}, "This is not a signature bundle this page can read."),
        ({"bundle": '{"format": "something else"}'}, "This is not a signature bundle this page can read."),
        ({"bundle": "[" * 100_000}, "This is not a signature bundle this page can read."),
        ({"bundle_file": SimpleUploadedFile("b.json", b"\xff\xfe{}")}, "The file is not UTF-8 text"),
        ({"bundle_file": SimpleUploadedFile("b.json", b" " * (MAX_BUNDLE_BYTES + 1))}, "The file is larger than 4 MB"),
        ({"bundle": "{}", "text": "A text without its language."}, "Say which language the text is in."),
        ({"bundle": "{}", "language": "xx", "text": "t"}, "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_precise_message_never_a_500(data: dict[str, object], message: str) -> None:
    page = Client().post(URL, data)
    assert page.status_code == 422
    assert message in page.content.decode()


def test_the_page_is_in_chinese() -> None:
    page = Client(headers={"accept-language": "zh-hans"}).get(URL).content.decode()
    assert "核验决议的签名" in page
