"""A PDF sealed in PAdES form with an attachment (``pdf/pades.py``), checked by pyHanko's own
validation and by pikepdf, an independent reader."""

from __future__ import annotations

import datetime as dt
import io

import pikepdf
import pytest
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph

from incamera.kernel.errors import VerificationError
from incamera.pdf.document import document_pdf
from incamera.pdf.pades import SealIdentity, check_sealed, seal_identity, sealed_pdf

NOW = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)
BUNDLE = b'{"format": "incamera-signature-bundle/1"}'


@pytest.fixture(scope="module")
def identity() -> SealIdentity:
    return seal_identity("Roundtable Secretariat", now=NOW)


@pytest.fixture(scope="module")
def sealed(identity: SealIdentity) -> bytes:
    pdf = document_pdf([Paragraph("The participants agree.", getSampleStyleSheet()["Normal"])], title="Resolution")
    return sealed_pdf(pdf, identity=identity, attachment_name="signature-bundle.json", attachment=BUNDLE, reason="adopted")


def test_a_sealed_pdf_validates_and_gives_back_its_attachment(identity: SealIdentity, sealed: bytes) -> None:
    check = check_sealed(sealed, certificate_pem=identity.certificate_pem, attachment_name="signature-bundle.json")
    assert check.attachment == BUNDLE
    assert "Roundtable Secretariat" in check.signer


def test_an_independent_reader_sees_the_signature_field_and_the_attachment(sealed: bytes) -> None:
    with pikepdf.open(io.BytesIO(sealed)) as pdf:
        assert pdf.attachments["signature-bundle.json"].get_file().read_bytes() == BUNDLE
        fields = pdf.Root.AcroForm.Fields
        signature = next(field for field in fields if field.get("/FT") == "/Sig")
        assert signature.V.SubFilter == "/ETSI.CAdES.detached"  # PAdES
        assert pdf.Root.Perms.DocMDP is not None  # certified: no change allowed after it


@pytest.mark.parametrize("where", [0.2, 0.5, 0.9])
def test_one_changed_byte_breaks_the_seal(identity: SealIdentity, sealed: bytes, where: float) -> None:
    tampered = bytearray(sealed)
    tampered[int(len(tampered) * where)] ^= 0x01
    with pytest.raises(VerificationError):
        check_sealed(bytes(tampered), certificate_pem=identity.certificate_pem, attachment_name="signature-bundle.json")


def test_a_seal_made_with_another_key_is_not_the_secretariats(sealed: bytes) -> None:
    other = seal_identity("Another Secretariat", now=NOW)
    with pytest.raises(VerificationError, match="not made with the secretariat's certificate"):
        check_sealed(sealed, certificate_pem=other.certificate_pem, attachment_name="signature-bundle.json")


def test_an_unsealed_pdf_or_a_missing_attachment_is_named(identity: SealIdentity, sealed: bytes) -> None:
    with pytest.raises(VerificationError, match="one seal"):
        check_sealed(document_pdf([], title="plain"), certificate_pem=identity.certificate_pem, attachment_name="x")
    with pytest.raises(VerificationError, match=r"no attachment named other\.json"):
        check_sealed(sealed, certificate_pem=identity.certificate_pem, attachment_name="other.json")
    with pytest.raises(VerificationError, match="not a readable PDF"):
        check_sealed(b"%PDF-1.7 broken", certificate_pem=identity.certificate_pem, attachment_name="x")
