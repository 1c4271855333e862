"""Rendered workspace pages kept in memory (incamera/web/pagecache.py): a page is served from
memory only while the database, the user, the session and the request are as they were.

The tests that count hits commit for real (``transaction=True``): on PostgreSQL a request whose
own transaction has written bypasses the cache, and a test's fixture data is otherwise never
committed.
"""

from __future__ import annotations

import re
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from incamera.meetings import actions
from incamera.meetings.models import Meeting
from incamera.meetings.workspace import _sections
from incamera.web import pagecache
from incamera.web.pagecache import cached_page, database_state, page_cache
from tests.conftest import Cast, client_for

committed = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")  # the forms' and HTMX's X-CSRFToken header


def overview(cast: Cast) -> str:
    return reverse("meetings:detail", args=[cast.meeting.pk])


def test_every_workspace_section_and_the_dashboard_are_cached() -> None:
    views = {section.key: resolve(reverse(section.url_name, args=[1])).func for section in _sections.values()}
    views["dashboard"] = resolve(reverse("meetings:dashboard")).func
    assert sorted(key for key, view in views.items() if not getattr(view, "cached_page", False)) == []


@committed
def test_a_second_request_is_served_from_memory_with_the_same_page(cast: Cast) -> None:
    client = client_for(cast.organizer)
    first = client.get(overview(cast))
    second = client.get(overview(cast))
    assert (page_cache.misses, page_cache.hits) == (1, 1)
    assert ANY_TOKEN.sub("", second.content.decode()) == ANY_TOKEN.sub("", first.content.decode())
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "private, no-store"  # the middleware's headers still apply
    head = client.head(overview(cast))
    assert head.status_code == 200
    assert page_cache.hits == 2


@committed
def test_a_cached_page_carries_a_fresh_csrf_token_that_is_accepted(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.organizer)
    agenda = reverse("meetings:agenda", args=[cast.meeting.pk])
    first = TOKEN.findall(client.get(agenda).content.decode())
    cached = TOKEN.findall(client.get(agenda).content.decode())
    assert page_cache.hits == 1
    assert cached, "the agenda page has forms"
    assert set(cached).isdisjoint(first)  # a new masking, as a render would give
    answer = client.post(
        reverse("meetings:agenda_add", args=[cast.meeting.pk]), {"csrfmiddlewaretoken": cached[0], "title": "Coffee", "minutes": "15"}
    )
    assert answer.status_code == 302
    assert cast.meeting.agenda.filter(title="Coffee").exists()
    assert "Coffee" in client.get(agenda).content.decode()


@committed
def test_a_change_on_this_connection_is_seen_at_once(cast: Cast) -> None:
    client = client_for(cast.organizer)
    client.get(overview(cast))
    Meeting.objects.filter(pk=cast.meeting.pk).update(title="Renamed by an update")
    assert "Renamed by an update" in client.get(overview(cast)).content.decode()
    assert page_cache.hits == 0


@committed
def test_a_commit_by_another_worker_is_seen_at_once(cast: Cast) -> None:
    """Another thread has its own database connection, as another worker process would."""
    client = client_for(cast.organizer)
    client.get(overview(cast))
    client.get(overview(cast))
    assert page_cache.hits == 1

    def rename() -> None:
        try:
            with transaction.atomic():
                Meeting.objects.filter(pk=cast.meeting.pk).update(title="Renamed elsewhere")
        finally:
            connections.close_all()

    worker = threading.Thread(target=rename)
    worker.start()
    worker.join()
    assert "Renamed elsewhere" in client.get(overview(cast)).content.decode()
    assert page_cache.hits == 1


@committed
def test_a_page_is_never_served_to_another_user(cast: Cast) -> None:
    organizer = client_for(cast.organizer)
    page = organizer.get(overview(cast)).content.decode()
    assert organizer.get(overview(cast)).status_code == 200
    assert client_for(cast.outsider).get(overview(cast)).status_code == 404
    delegate = client_for(cast.delegate).get(overview(cast)).content.decode()
    assert delegate != page
    assert reverse("meetings:edit", args=[cast.meeting.pk]) in page
    assert reverse("meetings:edit", args=[cast.meeting.pk]) not in delegate


@committed
def test_waiting_flash_messages_are_shown_not_a_stored_page(cast: Cast) -> None:
    """A refused agenda item writes nothing: only the message says what went wrong."""
    client = client_for(cast.organizer)
    agenda = reverse("meetings:agenda", args=[cast.meeting.pk])
    client.get(agenda)
    client.get(agenda)
    assert page_cache.hits == 1
    client.post(reverse("meetings:agenda_add", args=[cast.meeting.pk]), {"title": "Negative", "minutes": "-5"})
    shown = client.get(agenda).content.decode()
    assert 'role="alert"' in shown or "Minutes" in shown
    assert page_cache.hits == 1
    assert client.get(agenda).content.decode() != shown  # the message is shown once


@committed
def test_the_language_is_part_of_the_key(cast: Cast) -> None:
    client = client_for(cast.organizer)
    english = client.get(overview(cast)).content.decode()
    chinese = client.get(overview(cast), headers={"accept-language": "zh-hans"}).content.decode()
    assert english != chinese
    assert 'lang="zh-hans"' in chinese.lower() or "lang=zh-hans" in chinese.lower()


@committed
def test_a_page_is_kept_no_longer_than_the_configured_seconds(cast: Cast, monkeypatch: pytest.MonkeyPatch, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INCAMERA_PAGE_CACHE_SECONDS = 30
    now = [1_800_000_000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    client = client_for(cast.organizer)
    client.get(overview(cast))
    now[0] += 29
    client.get(overview(cast))
    now[0] += 2
    client.get(overview(cast))
    assert (page_cache.misses, page_cache.hits) == (2, 1)


@committed
def test_zero_seconds_turns_the_cache_off(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INCAMERA_PAGE_CACHE_SECONDS = 0
    client = client_for(cast.organizer)
    client.get(overview(cast))
    client.get(overview(cast))
    assert (page_cache.misses, page_cache.hits, len(page_cache)) == (0, 0, 0)


@committed
def test_htmx_requests_are_not_cached(cast: Cast) -> None:
    client = client_for(cast.organizer)
    client.get(overview(cast), headers={"hx-request": "true"})
    assert len(page_cache) == 0


# --- the decorator on its own ----------------------------------------------------------------


def _request(user: object, session: SessionStore | None = None) -> HttpRequest:
    request = RequestFactory().get("/somewhere/")
    request.session = session or SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    request.user = user  # type: ignore[assignment]
    return request


@committed
def test_a_view_that_writes_on_get_is_never_stored(cast: Cast) -> None:
    calls = []

    @cached_page
    def touches(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        Meeting.objects.filter(pk=cast.meeting.pk).update(title=f"Seen {len(calls)} times")
        return HttpResponse("ok")

    touches(_request(cast.organizer))
    touches(_request(cast.organizer))
    assert (len(calls), len(page_cache)) == (2, 0)


@committed
def test_a_view_that_changes_the_session_or_sets_a_cookie_is_not_stored(cast: Cast) -> None:
    @cached_page
    def remembers(request: HttpRequest) -> HttpResponse:
        request.session["challenge"] = "fresh each time"
        return HttpResponse("ok")

    @cached_page
    def sets_cookie(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("ok")
        response.set_cookie("seen", "1")
        return response

    remembers(_request(cast.organizer))
    sets_cookie(_request(cast.organizer))
    assert len(page_cache) == 0


@committed
def test_the_session_is_part_of_the_key(cast: Cast) -> None:
    calls = []

    @cached_page
    def reads(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        return HttpResponse(str(request.session.get("confirmed", "no")))

    session = SessionStore()
    assert reads(_request(cast.organizer, session)).content == b"no"
    assert reads(_request(cast.organizer, session)).content == b"no"
    session["confirmed"] = "yes"
    assert reads(_request(cast.organizer, session)).content == b"yes"
    assert len(calls) == 2


@committed
def test_anonymous_requests_are_not_cached(cast: Cast) -> None:
    @cached_page
    def page(request: HttpRequest) -> HttpResponse:
        return HttpResponse("public")

    page(_request(AnonymousUser()))
    assert len(page_cache) == 0


@pytest.mark.django_db
def test_the_database_state_moves_with_this_connections_own_writes(cast: Cast) -> None:
    """Inside one transaction (a test's, or a request that wrote): SQLite counts the write;
    PostgreSQL says it cannot tell, so the request bypasses the cache."""
    before = database_state()
    actions.do_add_agenda_item(cast.meeting, title="Late item", minutes=5, by=cast.organizer)
    after = database_state()
    if connection.vendor == "postgresql":
        assert after is None
    else:
        assert after != before


def test_the_lru_keeps_its_bounds() -> None:
    cache = pagecache.PageCache(max_entries=3, max_bytes=10_000)
    for n in range(5):
        cache.put(n, pagecache.Page(b"x" * 1000, (), (), "s"))
    assert len(cache) == 3
    assert cache.get(0) is None
    assert cache.get(4) is not None
    cache.put("big", pagecache.Page(b"x" * 9000, (), (), "s"))
    assert len(cache) == 1
    cache.forget_state("s")
    assert len(cache) == 0
