"""The errors of the protocol: malformed input, or input that does not verify."""

from __future__ import annotations

from incamera.kernel.errors import InvalidInputError, VerificationError

__all__ = ["BallotRejectedError", "MalformedElectionDataError", "ProofCheckError"]


class MalformedElectionDataError(InvalidInputError):
    """JSON that is not the structure the specification describes."""


class ProofCheckError(VerificationError):
    """A zero-knowledge proof, a signature or a decryption factor that does not verify."""


class BallotRejectedError(VerificationError):
    """A well-formed ballot the ballot box must refuse (unknown credential, another election…)."""
