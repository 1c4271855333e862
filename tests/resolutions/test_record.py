"""The adopted resolution's record as a sealed PDF (``resolutions/record.py``) and the
secretariat's seal behind it (``secretariats/seal.py``)."""

from __future__ import annotations

import io
import stat

import pikepdf
import pytest

from incamera.kernel.errors import ConfigurationError
from incamera.pdf.pades import check_sealed
from incamera.resolutions.digests import text_digest
from incamera.resolutions.record import BUNDLE_NAME, RecordLabels, RecordText, Reservation, Signer, record_pdf
from incamera.secretariats.seal import seal_of, seal_path
from tests.conftest import Cast

LABELS = RecordLabels(
    legal_character="Legal character",
    adopted="Adopted",
    version="version",
    whole_digest="Digest of the whole resolution",
    text_digest="SHA-256",
    signers="Signed by",
    no_signers="Nobody has signed yet.",
    reservations="Reservations and explanations of position",
    sealed_note="Sealed by the secretariat; the signature bundle is attached.",
)
TEXTS = {
    "en": "# Traceability\n\nThe participants agree to publish a shared registry of smelters.",
    "zh": "# 可追溯性\n\n与会者同意公布共同的冶炼厂名录。",
    "ar": "# إمكانية التتبع\n\nيتفق المشاركون على نشر سجل مشترك للمصاهر.",
}


@pytest.mark.django_db
def test_the_record_is_sealed_by_the_secretariat_and_carries_the_bundle(cast: Cast) -> None:
    seal = seal_of(cast.meeting.secretariat)
    bundle = b'{"format": "incamera-signature-bundle/1", "signatures": []}'
    pdf = record_pdf(
        title="On traceability",
        legal_character="Political commitment",
        adopted_at="2030-03-01 10:00 UTC",
        version=2,
        texts=[RecordText(lang, text, text_digest(text)) for lang, text in TEXTS.items()],
        whole_digest="ab" * 32,
        signers=[Signer("Camila Rojas", "Chile", "2030-03-01 10:05 UTC"), Signer("王磊", "China", "2030-03-01 10:06 UTC")],
        reservations=[Reservation("Chile", "Reservation", "Subject to domestic ratification.")],
        labels=LABELS,
        seal=seal,
        bundle=bundle,
        secretariat=cast.meeting.secretariat.name,
    )
    check = check_sealed(pdf, certificate_pem=seal.certificate_pem, attachment_name=BUNDLE_NAME)
    assert check.attachment == bundle
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) >= 1
        assert str(document.docinfo["/Subject"]) == "SHA-256 " + "ab" * 32


@pytest.mark.django_db
def test_a_secretariat_has_one_seal_kept_in_a_private_key_file(cast: Cast) -> None:
    first = seal_of(cast.meeting.secretariat)
    assert seal_of(cast.meeting.secretariat) == first  # made once, then read
    path = seal_path(cast.meeting.secretariat)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in first.key_pem
    assert not list(path.parent.glob("*.new"))  # no draft left behind
    path.chmod(0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        seal_of(cast.meeting.secretariat)
    path.chmod(0o600)
