"""Signing adopted resolutions in two tracks (issue 13, deliver 4; ``docs/decisions/0023``).

- ``do_register_signing_key``: the public half of a key made in the member's browser, with a
  fresh passkey confirmation (purpose ``signing-key``) whose digest is SHA-256 of the key's SPKI.
- ``do_revoke_signing_key``: its owner revokes it; it signs nothing afterwards.
- ``do_sign_resolution``: a delegate or focal point signs an adopted resolution's whole digest
  with that key, and confirms the same digest with a passkey (purpose ``resolution``).  Both are
  verified before anything is stored; the signature goes to the transparency log.
- ``bundle_of``: the signature bundle (``bundle.py``), every entry proven against one checkpoint.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incamera.accounts.actions import CONFIRMATION_MAX_AGE, fresh_confirmation
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, InvalidInputError, NotFoundError, PasskeyError, TransitionError, VerificationError
from incamera.ledger.events import record_event
from incamera.meetings.models import Membership, Role
from incamera.resolutions.actions import digests_of, reservations_of, texts_of
from incamera.resolutions.models import LegalCharacter, ReservationKind, Resolution, ResolutionState
from incamera.resolutions.record import RecordLabels, RecordText, Reservation, Signer, record_pdf
from incamera.secretariats.seal import seal_of
from incamera.signatures import bundle
from incamera.signatures.assertion import CoseKey, MalformedAssertionError, PasskeyAssertionError, verify_assertion
from incamera.signatures.models import KeyAlgorithm, ResolutionSignature, SigningKey

if TYPE_CHECKING:
    from incamera.accounts.models import User

__all__ = [
    "CONFIRMATION_MAX_AGE",
    "KEY_PURPOSE",
    "SIGNER_ROLES",
    "SIGN_PURPOSE",
    "active_key_of",
    "bundle_of",
    "do_register_signing_key",
    "do_revoke_signing_key",
    "do_sign_resolution",
    "may_sign",
    "record_of",
    "signature_of",
    "signatures_of",
]

KEY_PURPOSE = "signing-key"
SIGN_PURPOSE = "resolution"
# Who signs for a member delegation: its delegates and its focal point.  Observers, organizers and
# service staff do not sign a resolution; they are not parties to it.
SIGNER_ROLES = (Role.DELEGATE, Role.FOCAL_POINT)


def _b64(text: str, *, field: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise InvalidInputError(_("expected %(what)s in base64") % {"what": what}, field=field) from exc


def active_key_of(user: User) -> SigningKey | None:
    return SigningKey.objects.filter(user=user, revoked_at__isnull=True).first()


def do_register_signing_key(
    user: User, *, algorithm: str, public_key: str, confirmation_id: int, clock: Clock = system_clock
) -> SigningKey:
    """Register the public key (SPKI, base64) of a key made in ``user``'s browser."""
    if algorithm not in KeyAlgorithm.values:
        raise InvalidInputError(_("expected the algorithm %(known)s") % {"known": " or ".join(KeyAlgorithm.values)}, field="key")
    spki = _b64(public_key, field="public_key", what=_("the public key"))
    key = bundle.SigningKey(algorithm=algorithm, spki=spki)
    try:
        key.public_key()
    except bundle.MalformedSignatureBundleError as exc:
        raise InvalidInputError(exc.message, field="public_key") from exc
    fingerprint = hashlib.sha256(spki).hexdigest()
    confirmation = fresh_confirmation(user, confirmation_id, purpose=KEY_PURPOSE, digest=fingerprint, clock=clock)
    try:
        with transaction.atomic():
            if SigningKey.objects.select_for_update().filter(user=user, revoked_at__isnull=True).exists():
                raise ConflictError(_("you already have a signing key; revoke it before registering another"))
            row = SigningKey.objects.create(
                user=user, algorithm=algorithm, public_key=spki, fingerprint=fingerprint, confirmation=confirmation, created_at=clock.now()
            )
            record_event("signing_key.registered", actor=user, payload={"algorithm": algorithm, "fingerprint": fingerprint})
    except IntegrityError as exc:
        raise ConflictError(_("this key or this confirmation is already registered")) from exc
    return row


def do_revoke_signing_key(user: User, key_id: int, *, clock: Clock = system_clock) -> SigningKey:
    with transaction.atomic():
        key = SigningKey.objects.select_for_update().filter(pk=key_id, user=user).first()
        if key is None:
            raise NotFoundError(_("no such signing key"))
        if key.revoked_at is not None:
            raise TransitionError(_("this signing key is already revoked"))
        key.revoked_at = clock.now()
        key.save(update_fields=["revoked_at"])
        record_event("signing_key.revoked", actor=user, payload={"fingerprint": key.fingerprint})
    return key


def may_sign(user: User, resolution: Resolution) -> Membership | None:
    """``user``'s membership if they sign for a delegation of the resolution's meeting."""
    return Membership.objects.filter(meeting_id=resolution.meeting_id, user=user, role__in=SIGNER_ROLES).first()


def do_sign_resolution(
    resolution: Resolution, user: User, *, digest: str, signature: str, confirmation_id: int, clock: Clock = system_clock
) -> ResolutionSignature:
    """Store ``user``'s two signatures over the resolution's whole digest, once both verify."""
    membership = may_sign(user, resolution)
    if membership is None:
        raise TransitionError(_("only a delegate or focal point of a member delegation signs a resolution"))
    if resolution.state != ResolutionState.ADOPTED:
        raise TransitionError(_("only an adopted resolution is signed; this one is %(state)s") % {"state": resolution.get_state_display()})
    current = digests_of(resolution).whole
    if digest != current:
        msg = _("you signed %(found)s…, a digest of an outdated version or another text; the resolution's digest is %(expected)s…")
        raise ConflictError(msg % {"found": str(digest)[:16], "expected": current[:16]})
    key = active_key_of(user)
    if key is None:
        raise TransitionError(_("you have no signing key in use (a revoked key signs nothing); register one first"))
    raw = _b64(signature, field="signature", what=_("the signature"))
    public = bundle.SigningKey(algorithm=key.algorithm, spki=bytes(key.public_key))
    if not public.verify(raw, bytes.fromhex(current)):
        raise VerificationError(_("the signature does not verify with your signing key over this resolution's digest"))
    confirmation = fresh_confirmation(user, confirmation_id, purpose=SIGN_PURPOSE, digest=current, clock=clock)
    passkey = confirmation.passkey
    assert passkey is not None  # _fresh_confirmation refuses a confirmation whose passkey was removed
    try:
        verify_assertion(
            credential_public_key=CoseKey.from_cbor(bytes(passkey.public_key)),
            authenticator_data=bytes(confirmation.authenticator_data),
            client_data_json=bytes(confirmation.client_data_json),
            signature=bytes(confirmation.signature),
            rp_id=passkey.rp_id,
            digest=bytes.fromhex(current),
        )
    except (PasskeyAssertionError, MalformedAssertionError) as exc:
        raise PasskeyError(_("the passkey confirmation does not verify: %(problem)s") % {"problem": exc.message}) from exc
    name = user.full_name or user.email
    payload = bundle.log_content(
        uuid=str(resolution.uuid),
        digest=current,
        name=name,
        delegation=membership.delegation,
        key=public,
        signature=raw,
        passkey_signature=bytes(confirmation.signature),
    )
    try:
        with transaction.atomic():
            # A revocation between the check above and now wins.
            if not SigningKey.objects.select_for_update().filter(pk=key.pk, revoked_at__isnull=True).exists():
                raise TransitionError(_("your signing key was revoked; register a new one"))
            event = record_event(bundle.LOG_EVENT, actor=user, meeting=resolution.meeting, payload=payload, clock=clock)
            row = ResolutionSignature.objects.create(
                resolution=resolution,
                user=user,
                signer_name=name,
                delegation=membership.delegation,
                digest=current,
                signing_key=key,
                signature=raw,
                confirmation=confirmation,
                credential_public_key=bytes(passkey.public_key),
                rp_id=passkey.rp_id,
                event=event,
                signed_at=clock.now(),
            )
    except IntegrityError as exc:
        raise ConflictError(_("you have already signed this resolution, or this confirmation was used")) from exc
    return row


def signature_of(user: User, resolution: Resolution) -> ResolutionSignature | None:
    return ResolutionSignature.objects.filter(user=user, resolution=resolution).first()


def signatures_of(resolution: Resolution) -> list[ResolutionSignature]:
    return list(ResolutionSignature.objects.filter(resolution=resolution).select_related("signing_key", "confirmation"))


def bundle_of(resolution: Resolution) -> bundle.Bundle:
    """The signature bundle; NotFoundError until every signature is sequenced into the log."""
    from incamera.ledger.keys import log_origin, log_vkeys
    from incamera.ledger.log import disclosed_salt
    from incamera.ledger.models import LogEntry
    from incamera.ledger.sequencer import latest_checkpoint, tile_bytes
    from incamera.tlog.merkle import inclusion_proof
    from incamera.tlog.tiles import TileHashReader

    rows = signatures_of(resolution)
    if not rows:
        raise NotFoundError(_("nobody has signed this resolution yet"))
    entries = {e.event_id: e for e in LogEntry.objects.filter(event_id__in=[r.event_id for r in rows])}
    checkpoint = latest_checkpoint()
    indexes = [entries[r.event_id].index for r in rows]
    if checkpoint is None or any(index is None or index >= checkpoint.size for index in indexes):
        raise NotFoundError(_("a signature is not sequenced into the log yet; try again in a moment"))
    reader = TileHashReader(tile_bytes, checkpoint.size)
    digests = digests_of(resolution)
    signers = []
    for row in rows:
        entry = entries[row.event_id]
        index = int(entry.index or 0)  # not None: checked above
        signers.append(
            bundle.Signer(
                name=row.signer_name,
                delegation=row.delegation,
                key=bundle.SigningKey(algorithm=row.signing_key.algorithm, spki=bytes(row.signing_key.public_key)),
                signature=bytes(row.signature),
                passkey=bundle.Passkey(
                    rp_id=row.rp_id,
                    credential_public_key=bytes(row.credential_public_key),
                    authenticator_data=bytes(row.confirmation.authenticator_data),
                    client_data_json=bytes(row.confirmation.client_data_json),
                    signature=bytes(row.confirmation.signature),
                ),
                log=bundle.LogProof(
                    index=index,
                    entry=bytes(entry.data),
                    salt=disclosed_salt(entry),
                    inclusion_proof=tuple(inclusion_proof(reader, index=index, size=checkpoint.size)),
                ),
            )
        )
    return bundle.Bundle(
        uuid=str(resolution.uuid),
        title=resolution.title,
        versions=digests.versions,
        digest=digests.whole,
        log_origin=log_origin(),
        log_vkey=log_vkeys()[0],
        checkpoint=checkpoint.cosigned_note or checkpoint.note,
        signers=tuple(signers),
    )


def record_of(resolution: Resolution) -> bytes:
    """The adopted resolution's record as a PDF sealed by its secretariat (``resolutions/record.py``):
    the latest version in every language, the whole digest, who signed, the reservations and
    explanations of position, and the signature bundle attached.  TransitionError before adoption."""
    if resolution.state != ResolutionState.ADOPTED:
        raise TransitionError(
            _("only an adopted resolution has a record to seal; this one is %(state)s") % {"state": resolution.get_state_display().lower()}
        )
    try:
        signed = bundle_of(resolution)
    except NotFoundError as exc:  # nobody has signed, or a signature awaits the log
        raise TransitionError(_("the record is sealed with the signature bundle, and %(why)s") % {"why": exc.message}) from exc
    digests = digests_of(resolution)
    latest = resolution.versions.order_by("-number").first()
    assert latest is not None  # a resolution is created with its first version
    texts = texts_of(latest)
    when = resolution.adopted_at or latest.created_at
    labels = RecordLabels(
        legal_character=_("Legal character"),
        adopted=_("Adopted"),
        version=_("version"),
        whole_digest=_("Digest of all versions (SHA-256)"),
        text_digest="SHA-256",
        signers=_("Signed by"),
        no_signers=_("Nobody has signed yet."),
        reservations=_("Reservations and explanations of position"),
        sealed_note=_(
            "Sealed by the secretariat. The signature bundle is attached to this PDF; anyone can verify it (docs/formats/signature-bundle.md)."
        ),
    )
    kinds = dict(ReservationKind.choices)
    return record_pdf(
        title=resolution.title,
        legal_character=str(dict(LegalCharacter.choices)[resolution.legal_character]),
        adopted_at=timezone.localtime(when, dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=latest.number,
        texts=[RecordText(lang, text, digests.latest.texts[lang]) for lang, text in sorted(texts.items())],
        whole_digest=digests.whole,
        signers=[
            Signer(s.signer_name, s.delegation, timezone.localtime(s.signed_at, dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
            for s in signatures_of(resolution)
        ],
        reservations=[Reservation(r.delegation, str(kinds.get(r.kind, r.kind)), r.text) for r in reservations_of(resolution)],
        labels=labels,
        seal=seal_of(resolution.meeting.secretariat),
        bundle=(signed.to_json() + "\n").encode(),
        secretariat=resolution.meeting.secretariat.name,
    )
