"""The one error hierarchy of incamera: every error raised on purpose descends from ``Error``.

Error                                   (kernel.errors)
├── InvalidInputError                   bad input, with the field it concerns
│   ├── RowsInvalidError                a bulk import: one RowError per bad row, nothing written
│   ├── MentionsError                   a text that still names participants, with the mentions' offsets
│   ├── vetting.matrix.MatrixInputError
│   │   ├── RosterError, ScoreError, CriteriaError, ThresholdsError
│   ├── vetting.rotation: EmptyRosterError, DuplicateDelegationError,
│   │                     IncompleteDelegationError, RotationSettingError
│   ├── redact.roster.RosterError       a de-attribution roster: the entry and field at fault
│   ├── tlog.merkle.TreeSizeError       an index or size the tree does not have
│   ├── tlog.note: MalformedNoteError, MalformedKeyError
│   ├── tlog.checkpoint.MalformedCheckpointError
│   ├── tlog.tiles: TilePathError, MalformedTileError, MalformedBundleError
│   ├── tlog.verify.MalformedReceiptError
│   ├── tlog.witness.MalformedRequestError      (the witness answers 400)
│   ├── signatures.bundle.MalformedSignatureBundleError   not an incamera-signature-bundle/v1 document
│   ├── signatures.assertion.MalformedAssertionError      a COSE key or assertion bytes that do not parse
│   ├── crypto.quorum.MalformedQuorumError   a custodian quorum, share or wrapped share that does not parse
│   └── belenios.errors.MalformedElectionDataError        Belenios JSON that is not the structure the specification gives
├── NotFoundError                       absent, or present but not yours to see (the web says 404)
│   └── tlog.witness.UnknownLogError            (404)
├── ConflictError                       duplicates and concurrent edits
│   ├── tlog.witness.SizeConflictError          (409, with the size the witness holds)
│   └── tlog.witness.SplitViewError             (409: the log signed two trees of one size)
├── TransitionError                     a lifecycle move the rules forbid, with the reasons
├── InvitationError                     an invitation link or code that cannot be used, with why
├── AuthenticationError                 sign-in failed or was throttled
│   └── PasskeyError                    a WebAuthn ceremony failed (replay, stale, no user verification)
├── VerificationError                   a signature, proof, seal or checkpoint that does not verify
│   ├── crypto.envelope.DecryptionError
│   │   └── crypto.hybrid.WrongPassphraseError
│   ├── crypto.quorum.QuorumMismatchError   shares that do not open a custodian quorum; never a wrong key
│   │   └── ShareMismatchError          one share, named: another quorum's, or not matching its commitment
│   ├── crypto.seal.SealError
│   ├── tlog.merkle.ProofError
│   ├── tlog.note.NoteError
│   │   ├── InvalidSignatureError       a known key's signature that fails: refuse the note
│   │   └── UnverifiedNoteError         no signature from a known key
│   ├── tlog.checkpoint.CheckpointError a checkpoint of another log
│   ├── tlog.entries.CommitmentError    disclosed content and salt that do not match
│   ├── tlog.verify.ReceiptError
│   │   └── WitnessPolicyError          fewer witness cosignatures than the policy asks
│   ├── tlog.verify.LogError
│   │   ├── LogUnavailableError
│   │   └── ConsistencyError            a fork: the tree does not extend an earlier checkpoint
│   ├── signatures.assertion.PasskeyAssertionError   a stored WebAuthn assertion that does not confirm the digest
│   │   └── AssertionSignatureError
│   ├── signatures.bundle.BundleError   a signature bundle check that fails (``check``, ``signer``)
│   │   ├── DigestMismatchError, WebCryptoSignatureError, AssertionCheckError
│   │   └── LogInclusionError
│   ├── belenios.errors.ProofCheckError         a zero-knowledge proof, ballot signature or result that does not verify
│   └── belenios.errors.BallotRejectedError     a well-formed ballot the box refuses (another election, unknown credential)
└── ConfigurationError                  the installation cannot go on as configured
    ├── crypto.keys.KeyFileError        a key file too open or of the wrong size
    └── pdf.fonts.FontMissingError      a font the PDFs need is not installed

Errors carry fields, never HTTP status codes: the web layer (``web/middleware.py`` for pages,
``web/api.py`` for the API) and the CLI map them.  Every message says what was expected and what
was found.  ``tests/test_architecture.py`` fails when a class is missing from this drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "Error",
    "InvalidInputError",
    "InvitationError",
    "MentionsError",
    "NotFoundError",
    "PasskeyError",
    "RowError",
    "RowsInvalidError",
    "TransitionError",
    "VerificationError",
]


class Error(Exception):
    """Root of every error incamera raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def diagnostics(self) -> str:
        """A one-line diagnosis for people and logs (never contains secrets)."""
        return self.message


class InvalidInputError(Error):
    """``template`` and ``params``, when given, are the untranslated message and its values
    (``message == template % params``), so that the web layer can show the message translated.
    """

    def __init__(
        self, message: str, *, field: str | None = None, template: str | None = None, params: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.template = template
        self.params = params or {}

    def diagnostics(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line number in the file, counting the header as line 1
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.row}, {self.field}: {self.message}"


class RowsInvalidError(InvalidInputError):
    def __init__(self, rows: list[RowError]) -> None:
        super().__init__(f"{len(rows)} row(s) have errors; nothing was imported")
        self.rows = rows

    def diagnostics(self) -> str:
        return "; ".join(str(r) for r in self.rows[:20])


class MentionsError(InvalidInputError):
    """A text that must not identify anyone (a Chatham House note) still does: ``mentions`` are
    ``(start, end, kind)``, offsets into the text as given, in code points, ``end`` excluded."""

    def __init__(self, message: str, *, mentions: list[tuple[int, int, str]], field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.mentions = mentions

    def diagnostics(self) -> str:
        spans = ", ".join(f"{kind} at {start}–{end}" for start, end, kind in self.mentions[:20])
        return f"{self.message}: {spans}"


class NotFoundError(Error):
    pass


class ConflictError(Error):
    pass


class TransitionError(Error):
    def __init__(self, message: str, *, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.reasons = reasons or []

    def diagnostics(self) -> str:
        return "; ".join([self.message, *self.reasons])


class InvitationError(Error):
    """``reason`` is one of: expired, used, revoked, declined, wrong_identity, bad_code, no_code,
    too_many_attempts, needs_sign_in.
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class AuthenticationError(Error):
    pass


class PasskeyError(AuthenticationError):
    pass


class VerificationError(Error):
    pass


class ConfigurationError(Error):
    """The installation cannot start or go on as configured (a key file too open or of the wrong
    size, a font missing): the operator must act, and the message says how."""
