"""One throttle for every credential check (issue 9, finding 3): passwords on the sign-in page and
the platform admin's login (through ``backends.ThrottledModelBackend``), and invitation codes.

Each attempt is *taken* before the credential is checked, in one transaction under a row lock
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions queue writers), so any
number of parallel guesses are counted one by one; a success clears the count.  After ``free``
failures each further attempt waits, doubling from ``THROTTLE_BASE`` up to ``THROTTLE_MAX``: a
back-off, not a hard lock.  Passwords are counted per (account, client) — the pair an attacker
guessing one account from one place uses — with a small allowance, and per client and per account
with larger ones, so that nobody can lock an account out from elsewhere with a handful of tries.
The client is the address the trusted proxies (``INCAMERA_TRUSTED_PROXIES``) report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import ngettext

from incamera.accounts.models import Throttle
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import AuthenticationError

__all__ = ["THROTTLE_BASE", "THROTTLE_MAX", "Counter", "clear_attempts", "client_address", "password_counters", "take_attempt"]

THROTTLE_BASE = dt.timedelta(seconds=30)
THROTTLE_MAX = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Counter:
    """What is counted (``kind`` and ``value``, stored only as a digest) and the failures allowed
    after which each further attempt waits."""

    kind: str
    value: str
    free: int

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{self.kind}\x00{self.value}".encode()).hexdigest()


def client_address(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the last address the
    proxies added to X-Forwarded-For that is not one of them."""
    if request is None:
        return "unknown"
    from django.conf import settings

    remote = str(request.META.get("REMOTE_ADDR", "unknown"))
    trusted = set(getattr(settings, "INCAMERA_TRUSTED_PROXIES", ()))
    if remote not in trusted:
        return remote
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
    while hops and hops[-1] in trusted:
        hops.pop()
    return hops[-1] if hops else remote


def password_counters(account: str, client: str) -> list[Counter]:
    account = account.strip().lower()
    return [
        Counter("password:pair", f"{account}\x00{client}", free=5),
        Counter("password:client", client, free=20),
        Counter("password:account", account, free=50),
    ]


def _wait(failures: int, free: int) -> dt.timedelta:
    wait: dt.timedelta = min(THROTTLE_MAX, THROTTLE_BASE * 2 ** min(16, max(0, failures - free)))
    return wait


def take_attempt(counters: list[Counter], *, clock: Clock = system_clock) -> None:
    """Count one attempt against every counter, atomically; raise AuthenticationError (and count
    nothing) while any of them makes the caller wait."""
    now = clock.now()
    keys = {counter.key: counter for counter in counters}
    with transaction.atomic():
        for key in keys:
            try:
                with transaction.atomic():
                    Throttle.objects.get_or_create(key=key)
            except IntegrityError:  # created by a parallel attempt
                pass
        rows = list(Throttle.objects.select_for_update().filter(key__in=keys).order_by("key"))
        waits = [row.blocked_until - now for row in rows if row.blocked_until is not None and row.blocked_until > now]
        if waits:
            seconds = int(max(waits).total_seconds()) + 1
            minutes = (seconds + 59) // 60
            msg = ngettext(
                "too many failed attempts; try again in %(minutes)d minute, or reset your password",
                "too many failed attempts; try again in %(minutes)d minutes, or reset your password",
                minutes,
            )
            raise AuthenticationError(msg % {"minutes": minutes})
        for row in rows:
            row.failures += 1
            free = keys[row.key].free
            row.blocked_until = now + _wait(row.failures, free) if row.failures >= free else None
            row.save(update_fields=["failures", "blocked_until", "updated_at"])


def clear_attempts(counters: list[Counter]) -> None:
    """After a success: the counters that name this person start again (the client's stays)."""
    Throttle.objects.filter(key__in=[c.key for c in counters if c.kind != "password:client"]).update(failures=0, blocked_until=None)
