"""A PDF sealed in PAdES form (ETSI EN 319 142, PAdES-B-B), carrying an attached file: how a
secretariat seals an adopted resolution's record with its signature bundle inside (issue 13).

- ``seal_identity`` makes a secretariat's seal: an ECDSA P-256 key and a self-signed X.509
  certificate naming the secretariat (a secretariat that has a certificate from a trust service
  may use that instead: the PDF then validates against it without further ado).
- ``sealed_pdf`` attaches a file (an embedded file with ``/AFRelationship /Source``) in an
  incremental update, then signs the whole PDF with pyHanko (``/SubFilter /ETSI.CAdES.detached``,
  SHA-256), so that PDF readers show it as signed and unmodified since, and name the signer.
- ``check_sealed`` validates it against the certificate the caller trusts and returns the attached
  file: pyHanko reports whether the signature is cryptographically valid, whether it covers the
  whole file, and whether anything was added after it.

Pure: no Django.  The key is the caller's to keep (a key file, like the other keys).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from incamera.kernel.errors import VerificationError

__all__ = ["SealCheck", "SealIdentity", "check_sealed", "seal_identity", "sealed_pdf"]

SIGNATURE_FIELD = "Seal"
_VALIDITY = dt.timedelta(days=365 * 10)


@dataclass(frozen=True)
class SealIdentity:
    """A seal's private key (PKCS#8 PEM, unencrypted: the caller stores it as a 0600 key file) and
    its certificate (PEM)."""

    key_pem: bytes
    certificate_pem: bytes


def seal_identity(name: str, *, now: dt.datetime) -> SealIdentity:
    """A new ECDSA P-256 key and a self-signed certificate for ``name`` (the secretariat)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name[:64]), x509.NameAttribute(NameOID.ORGANIZATION_NAME, name[:64])])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SealIdentity(
        key_pem=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
    )


def _asn1_certificate(pem: bytes) -> asn1_x509.Certificate:
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def sealed_pdf(
    pdf: bytes,
    *,
    identity: SealIdentity,
    attachment_name: str,
    attachment: bytes,
    attachment_type: str = "application/json",
    description: str = "",
    reason: str = "",
    location: str = "",
) -> bytes:
    """``pdf`` with ``attachment`` embedded, sealed by ``identity`` (PAdES-B-B)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    data = embed.EmbeddedFileObject.from_file_data(writer, data=attachment, mime_type=attachment_type)
    spec = embed.FileSpec(
        file_spec_string=attachment_name,
        file_name=attachment_name,
        embedded_data=data,
        description=description or None,
        af_relationship=generic.NameObject("/Source"),
    )
    embed.embed_file(writer, spec)
    key_der = serialization.load_pem_private_key(identity.key_pem, password=None).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    certificate = _asn1_certificate(identity.certificate_pem)
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([certificate]),  # type: ignore[no-untyped-call]
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    out = signers.sign_pdf(writer, metadata, signer=signer)
    return bytes(out.getbuffer())


@dataclass(frozen=True)
class SealCheck:
    signer: str  # the certificate's subject, as pyHanko prints it
    attachment: bytes


def check_sealed(pdf: bytes, *, certificate_pem: bytes, attachment_name: str) -> SealCheck:
    """The sealed PDF's attachment, once its seal validates against ``certificate_pem`` and covers
    the whole file; VerificationError says what failed."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        embedded = reader.embedded_signatures
    except Exception as exc:  # pyHanko raises its own errors, and PdfReadError, for broken files
        raise VerificationError(f"not a readable PDF: {exc}") from exc
    if len(embedded) != 1:
        raise VerificationError(f"expected one seal, found {len(embedded)} signatures")
    trusted = _asn1_certificate(certificate_pem)
    try:
        status = validate_pdf_signature(embedded[0], ValidationContext(trust_roots=[trusted]))
    except Exception as exc:  # a damaged signature value: pyHanko cannot even evaluate it
        raise VerificationError(f"the seal cannot be checked: {exc}") from exc
    if not status.intact or not status.valid:
        raise VerificationError("the seal does not verify: the PDF was changed after it was sealed, or sealed with another key")
    if not status.trusted:
        raise VerificationError("the seal was not made with the secretariat's certificate")
    coverage = status.coverage.name if status.coverage is not None else "unknown"
    if coverage != "ENTIRE_FILE":
        raise VerificationError(f"the seal does not cover the whole file ({coverage})")
    attachment = None
    catalog_names = reader.root.get("/Names")
    files = catalog_names.get_object().get("/EmbeddedFiles") if catalog_names is not None else None
    if files is not None:
        names = files.get_object()["/Names"]
        for index in range(0, len(names), 2):
            if str(names[index]) == attachment_name:
                spec = names[index + 1].get_object()
                attachment = spec["/EF"]["/F"].get_object().data
    if attachment is None:
        raise VerificationError(f"the sealed PDF holds no attachment named {attachment_name}")
    return SealCheck(signer=status.signing_cert.subject.human_friendly, attachment=attachment)
