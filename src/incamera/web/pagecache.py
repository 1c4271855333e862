"""Rendered workspace pages, kept in this process's memory until the database changes (issue 10).

A workspace page costs 5–14 ms of CPU to render (a dozen queries and a Django template), five to
twenty times the cost of signing the request in.  Most requests for a page find the database as it
was a moment ago: a secretariat reloads the overview, a colleague opens the same section.  So
:func:`cached_page` keeps each rendered page under a key that names

- **the state of the database**, read with one query before the view runs:
  - PostgreSQL: the transaction snapshot (``pg_current_snapshot()``).  Two equal snapshots see
    the same committed data: a snapshot lists which transactions have finished, and the next
    transaction id only grows, so a commit anywhere changes it for good.  A request whose own
    transaction has written (``txid_current_if_assigned()`` is set) bypasses the cache.
  - SQLite: ``PRAGMA data_version``, which changes when another connection commits, with
    ``total_changes()``, which counts this connection's own writes (committed or not), and a
    token for the connection itself (both are per connection).
  - any other database: no caching.
- **who asks and how**: the user's id, a digest of their session's data (a passkey confirmed a
  minute ago may change a page), the language, the time zone, the host and scheme, the path with
  its query string;
- and a page is served for at most ``INCAMERA_PAGE_CACHE_SECONDS`` (default 30 s) after it was
  rendered: what a page says about time ("expires in …", deadlines) is at most that old.  Each
  page's age is its own, so pages rendered at different moments do not all expire at once.

Nothing is cached unless the view left no trace: a 200, not streamed, no cookie set, the session
unmodified, and the database's state unchanged across the render (a view that writes on GET is
never cached, and neither is a page rendered while someone else committed).  A request with
flash messages waiting bypasses the cache, so they are shown.  HTMX requests are not cached.

The CSRF tokens in a stored page are found (the maskings of the request's CSRF secret) and
replaced on every hit by a fresh masking of the current request's secret, so a hit carries a
valid token like a render would.

Entries live in this process only (nothing is written to disk, nothing is shared between
processes or users), in an LRU bounded by count and bytes; when a connection sees the database
change, the entries of its earlier state are dropped.  ``INCAMERA_PAGE_CACHE_SECONDS=0`` turns the
cache off.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]  # Django's masking, private since 1.10
from django.utils import timezone, translation

__all__ = ["PageCache", "cached_page", "database_state", "page_cache"]

_CSRF_CANDIDATE = re.compile(rb"[A-Za-z0-9]{64}")


@dataclass(frozen=True)
class Page:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    csrf_tokens: tuple[bytes, ...]
    state: Hashable
    stored_at: float = 0.0  # time.monotonic() when rendered

    @property
    def size(self) -> int:
        return len(self.content) + 256


class PageCache:
    """A thread-safe LRU of pages, bounded by count and bytes."""

    def __init__(self, *, max_entries: int = 512, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, *, max_age: float = float("inf")) -> Page | None:
        """The page under ``key`` if rendered less than ``max_age`` seconds ago."""
        with self._lock:
            page = self._pages.get(key)
            if page is None or time.monotonic() - page.stored_at >= max_age:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key: Hashable, page: Page) -> None:
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._pages[key] = page
            self._bytes += page.size
            while self._pages and (len(self._pages) > self.max_entries or self._bytes > self.max_bytes):
                _key, evicted = self._pages.popitem(last=False)
                self._bytes -= evicted.size

    def forget_state(self, state: Hashable) -> None:
        """Drop the pages stored under an earlier state of the database."""
        with self._lock:
            stale = [key for key, page in self._pages.items() if page.state == state]
            for key in stale:
                self._bytes -= self._pages.pop(key).size

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._pages)


page_cache = PageCache()

# SQLite's counters are per connection; each thread has its own connection, and a connection
# that is closed and reopened starts new counters: the token tells them apart.  The raw
# connection is held (sqlite3 connections take no weak reference) until the thread's next one.
_local = threading.local()
_tokens = itertools.count(1)


def _sqlite_token(raw: object) -> int:
    held = getattr(_local, "sqlite", None)
    if held is None or held[0] is not raw:
        held = (raw, next(_tokens))
        _local.sqlite = held
    return held[1]


def database_state(alias: str = "default") -> Hashable | None:
    """A value that changes whenever what this connection's next query can see changes, or
    ``None`` when it cannot be told (caching is then off for the request)."""
    connection = connections[alias]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_current_snapshot()::text, txid_current_if_assigned()")
            snapshot, own_write = cursor.fetchone()
            return None if own_write is not None else ("pg", snapshot)
        if connection.vendor == "sqlite":
            cursor.execute("SELECT data_version, total_changes() FROM pragma_data_version")
            version, changes = cursor.fetchone()
            return ("sqlite", _sqlite_token(connection.connection), version, changes)
    return None


def _seconds() -> int:
    return int(getattr(settings, "INCAMERA_PAGE_CACHE_SECONDS", 30))


def _bypass(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"} or not request.user.is_authenticated:
        return True
    if request.headers.get("HX-Request"):
        return True
    return len(get_messages(request)) > 0


def _request_key(request: HttpRequest) -> Hashable:
    session = hashlib.blake2b(repr(sorted(request.session.items())).encode(), digest_size=16).digest()
    return (
        request.user.pk,
        session,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    )


def _csrf_tokens(request: HttpRequest, content: bytes) -> tuple[bytes, ...]:
    """The maskings of this request's CSRF secret that the page carries."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return ()
    found = []
    for candidate in set(_CSRF_CANDIDATE.findall(content)):
        try:
            if _unmask_cipher_token(candidate.decode()) == secret:
                found.append(candidate)
        except (ValueError, IndexError):  # pragma: no cover - not a masking: any 64 letters and digits
            continue
    return tuple(found)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.session.modified
        and getattr(response, "is_rendered", True)  # a TemplateResponse not rendered yet: leave it alone
    )


def _remember_state(state: Hashable) -> None:
    """Drop this connection's pages of its previous state once it has moved on."""
    previous = getattr(_local, "state", None)
    _local.state = state
    if previous is not None and previous != state:
        page_cache.forget_state(previous)


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view``'s GET/HEAD answer from :data:`page_cache` while the database, the user and
    the request are as they were.  Put it inside ``login_required`` (anonymous requests are never
    cached) and outside ``require_safe`` or similar."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = _seconds()
        if seconds <= 0 or _bypass(request):
            return view(request, *args, **kwargs)
        state = database_state()
        if state is None:
            return view(request, *args, **kwargs)
        _remember_state(state)
        key = (view.__module__, view.__qualname__, state, _request_key(request))
        page = page_cache.get(key, max_age=seconds)
        if page is not None:
            return _replay(request, page)
        response = view(request, *args, **kwargs)
        if _storable(request, response) and database_state() == state:
            content = response.content
            headers = tuple((name, value) for name, value in response.items() if name.lower() != "set-cookie")
            page_cache.put(key, Page(content, headers, _csrf_tokens(request, content), state, time.monotonic()))
        return response

    wrapper.cached_page = True  # type: ignore[attr-defined]  # tests/web/test_pagecache.py lists the decorated views
    return wrapper


def _replay(request: HttpRequest, page: Page) -> HttpResponse:
    content = page.content
    if page.csrf_tokens:
        fresh = get_token(request).encode()
        for token in page.csrf_tokens:
            content = content.replace(token, fresh)
    response = HttpResponse(content)
    for name, value in page.headers:
        response[name] = value
    return response
