"""Dual-track signatures of adopted resolutions (issue 13, deliver 4): each member's WebCrypto
signing key, registered with a passkey confirmation of its public key, and each signature, made
with that key and confirmed with a passkey over the same digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["KeyAlgorithm", "ResolutionSignature", "SigningKey"]


class KeyAlgorithm(models.TextChoices):
    ED25519 = "Ed25519", "Ed25519"
    ECDSA_P256 = "ECDSA-P256-SHA256", "ECDSA P-256 with SHA-256"


class SigningKey(models.Model):
    """A public key whose private half was generated, non-extractable, in its owner's browser."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_keys")
    algorithm = models.CharField(max_length=32, choices=KeyAlgorithm.choices)
    public_key = models.BinaryField()  # DER SubjectPublicKeyInfo, as WebCrypto exports "spki"
    fingerprint = models.CharField(max_length=64, unique=True)  # hex SHA-256 of public_key: what the passkey confirmed
    # The passkey confirmation of the fingerprint, user verification required; used once.
    confirmation = models.OneToOneField("accounts.PasskeyConfirmation", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(revoked_at__isnull=True), name="one_active_signing_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.algorithm} signing key {self.fingerprint[:16]}"


class ResolutionSignature(models.Model):
    """One signer's two signatures over a resolution's whole digest, and what the bundle needs."""

    resolution = models.ForeignKey("resolutions.Resolution", on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resolution_signatures")
    signer_name = models.CharField(max_length=200)
    delegation = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)  # the whole digest signed, hex
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="signatures")
    signature = models.BinaryField()  # WebCrypto's: Ed25519, or ECDSA r ‖ s
    confirmation = models.OneToOneField("accounts.PasskeyConfirmation", on_delete=models.PROTECT, related_name="+")
    # The passkey's COSE key and relying party, kept here: a passkey may be deleted later.
    credential_public_key = models.BinaryField()
    rp_id = models.CharField(max_length=253)
    event = models.OneToOneField("ledger.Event", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["resolution", "user"], name="one_signature_per_signer_and_resolution")]

    def __str__(self) -> str:
        return f"signature of resolution {self.resolution_id} by {self.user_id}"
