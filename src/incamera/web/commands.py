"""What every ``incamera`` command shares: a domain error (``kernel/errors.py``) ends the command
with one line on stderr and an exit code, never a traceback (issue 9, finding 12).

=====================================================  ====
error                                                  exit
=====================================================  ====
InvalidInputError, NotFoundError (bad or unknown input)   2
ConflictError, TransitionError, InvitationError,          3
AuthenticationError (refused in this state)
VerificationError (a signature, proof or seal fails)      4
ConfigurationError (the installation must be fixed)       5
=====================================================  ====

Commands whose exit codes are a documented contract keep them: ``incamera verify`` (0/1/2) and
``incamera rotation plan`` (0/3/2) raise their own ``CommandError`` first.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from incamera.kernel.errors import (
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    Error,
    InvalidInputError,
    InvitationError,
    NotFoundError,
    TransitionError,
    VerificationError,
)

__all__ = ["EXIT_CODES", "DomainCommand", "exit_code"]

EXIT_CODES: dict[type[Error], int] = {
    InvalidInputError: 2,
    NotFoundError: 2,
    ConflictError: 3,
    TransitionError: 3,
    InvitationError: 3,
    AuthenticationError: 3,
    VerificationError: 4,
    ConfigurationError: 5,
}


def exit_code(error: Error) -> int:
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


class DomainCommand(BaseCommand):
    """A management command that turns a domain error into ``CommandError`` (one line, its exit
    code); Django prints ``CommandError: …`` and exits with that code."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except Error as exc:
            line = " ".join(exc.diagnostics().split())
            raise CommandError(line, returncode=exit_code(exc)) from exc
