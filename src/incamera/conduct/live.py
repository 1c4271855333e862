"""The speakers list, live for everyone in the room (issue 12): server-sent events, fed by one
watcher per server process.

Each process that holds at least one stream runs one watcher thread.  Every ``POLL_SECONDS`` it
asks the database for the speakers-list events stored since its last look (one indexed query on
the primary key, whichever process or machine stored them), replays the list of each agenda item
that someone in this process is watching, once per change, and wakes the streams of that item.
Each stream then draws its own viewer's snapshot from the shared state (cheap and pure:
``SpeakersList.snapshot``) and writes it.  So a chair's act reaches every stream of every process
within a poll interval plus the replay, with one database query per process and per interval,
never one per connection; and it needs nothing beside the database (no broker): the same code
runs on SQLite and on PostgreSQL.

A stream holds a server thread (gunicorn's gthread workers) but no database connection: it closes
its own after the first read, and the watcher's is the only one a process keeps for streams.
``incamera serve`` gives each worker ``--streams`` threads for them beside the page threads, and
``admit`` refuses a stream beyond that number, so streams never starve the pages: the page then
polls ``state.json`` once a second, which the browser also falls back to when its stream drops.
A stream ends after ``STREAM_SECONDS``; the browser reconnects at once (``retry``), and the
reconnection checks access again, so a participant removed from the meeting stops receiving it.

ADR 0020 says why threads and polling the database rather than an ASGI server or a broker.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connection

from incamera.conduct import floor
from incamera.conduct.models import FloorEventRecord

__all__ = ["HEARTBEAT_SECONDS", "STREAM_SECONDS", "Hub", "Stream", "event_bytes", "hub"]

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0  # a comment line, so that proxies keep the stream and a gone client is noticed
STREAM_SECONDS = 300.0  # then the browser reconnects, and access is checked again
RETRY_MS = 1000  # what the browser waits before reconnecting


def event_bytes(data: dict[str, object], *, event_id: int) -> bytes:
    """One server-sent event: ``id``, ``event: speakers`` and the snapshot as one line of JSON."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event_id}\nevent: speakers\ndata: {payload}\n\n".encode()


@dataclass
class _Channel:
    """What the streams of one agenda item share: the latest state, the id of the last event it
    includes, and how many streams watch it."""

    watchers: int = 0
    version: int = 0
    state: floor.SpeakersList | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)
    # The events drawn from this version's state, by view: streams that see the list alike (the
    # same language, and the same viewer where the list is anonymised) write the same bytes.
    drawn: dict[object, bytes] = field(default_factory=dict)


class Hub:
    """The process's streams and its watcher.  ``load`` replays an item's list (the actions'
    ``speakers_list``, injected so that this module needs no meeting code)."""

    def __init__(self, load: Callable[[int], floor.SpeakersList], *, poll_seconds: float, capacity: int) -> None:
        self._load = load
        self.poll_seconds = poll_seconds
        self.capacity = capacity
        self._lock = threading.Lock()
        self._channels: dict[int, _Channel] = {}
        self._streams = 0
        self._watcher: threading.Thread | None = None
        self._last_seen = 0

    # --- admission ---------------------------------------------------------------------------

    def admit(self) -> bool:
        """Take a stream slot; False when this process already holds ``capacity`` streams."""
        with self._lock:
            if self._streams >= self.capacity:
                return False
            self._streams += 1
            return True

    def _release(self) -> None:
        with self._lock:
            self._streams -= 1

    @property
    def streams(self) -> int:
        return self._streams

    # --- watching ----------------------------------------------------------------------------

    def _subscribe(self, item_id: int) -> _Channel:
        with self._lock:
            channel = self._channels.setdefault(item_id, _Channel())
            channel.watchers += 1
            if self._watcher is None or not self._watcher.is_alive():
                # The first look happens here, before the stream reads its own state: any event
                # stored after this moment reaches the stream through the watcher.
                self._last_seen = FloorEventRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
                self._watcher = threading.Thread(target=self._watch, name="incamera-speakers-watcher", daemon=True)
                self._watcher.start()
            return channel

    def _unsubscribe(self, item_id: int) -> None:
        with self._lock:
            channel = self._channels[item_id]
            channel.watchers -= 1
            if channel.watchers == 0:
                del self._channels[item_id]

    def _watch(self) -> None:
        try:
            while True:
                with self._lock:
                    if not self._channels:
                        self._watcher = None
                        return
                try:
                    self._look()
                except Exception:  # a database hiccup must not end the streams: look again later
                    log.exception("the speakers-list watcher could not read the new events")
                    with contextlib.suppress(Exception):
                        close_old_connections()
                    time.sleep(1.0)
                time.sleep(self.poll_seconds)
        finally:
            with contextlib.suppress(Exception):
                connection.close()

    def _look(self) -> None:
        rows = list(FloorEventRecord.objects.filter(id__gt=self._last_seen).order_by("id").values_list("id", "agenda_item_id"))
        if not rows:
            return
        self._last_seen = rows[-1][0]
        latest = {item_id: event_id for event_id, item_id in rows}  # the last one of each item
        for item_id, event_id in latest.items():
            channel = self._channels.get(item_id)
            if channel is None:
                continue
            state = self._load(item_id)
            with channel.changed:
                channel.state, channel.version, channel.drawn = state, event_id, {}
                channel.changed.notify_all()

    # --- streaming -----------------------------------------------------------------------------

    def stream(
        self,
        item_id: int,
        read: Callable[[], tuple[floor.SpeakersList, int]],
        render: Callable[[floor.SpeakersList], dict[str, object]],
        view: object,
    ) -> Stream:
        """The events of one stream of an item, for a caller that ``admit``-ted it: first the
        state ``read`` returns (with the id of its last event), then each change; ``render`` draws
        the viewer's snapshot of a state, the same for every stream of the same ``view``, which
        draws it once per change.  Nothing happens until the server starts sending."""
        return Stream(self, item_id, read, render, view)


class Stream:
    """An iterable of server-sent events.  It watches its item from its first step (reading its
    first state only once the watcher looks out for the item, so that nothing stored in between
    is missed), and gives its slot back when closed: by the server, when the client has gone or
    the stream has run its time, even if it never started."""

    def __init__(
        self,
        hub: Hub,
        item_id: int,
        read: Callable[[], tuple[floor.SpeakersList, int]],
        render: Callable[[floor.SpeakersList], dict[str, object]],
        view: object,
    ) -> None:
        self._hub = hub
        self._item_id = item_id
        self._read = read
        self._render = render
        self._view = view
        self._channel: _Channel | None = None
        self._closed = False

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._channel is not None:
            self._hub._unsubscribe(self._item_id)
        self._hub._release()

    def _drawn(self, drawn: dict[object, bytes], state: floor.SpeakersList, version: int) -> bytes:
        """The event of ``version`` for this stream's view, drawn by the first stream that needs
        it (``drawn`` belongs to that version alone: a newer one gets a dict of its own)."""
        event = drawn.get(self._view)
        if event is None:
            event = drawn[self._view] = event_bytes(self._render(state), event_id=version)
        return event

    def __iter__(self) -> Iterator[bytes]:
        try:
            channel = self._channel = self._hub._subscribe(self._item_id)
            first, sent = self._read()
            # From here on the stream needs no database connection of its own: give it back now
            # rather than when the stream ends, minutes later.
            connection.close()
            yield f"retry: {RETRY_MS}\n\n".encode() + event_bytes(self._render(first), event_id=sent)
            deadline = time.monotonic() + STREAM_SECONDS
            while (left := deadline - time.monotonic()) > 0:
                with channel.changed:
                    if channel.version <= sent:
                        channel.changed.wait(timeout=min(HEARTBEAT_SECONDS, left))
                    state, version, drawn = channel.state, channel.version, channel.drawn
                if version > sent and state is not None:
                    sent = version
                    yield self._drawn(drawn, state, version)
                else:
                    yield b": keep-alive\n\n"
        finally:
            self.close()


def _load(item_id: int) -> floor.SpeakersList:
    from incamera.conduct.actions import speakers_list
    from incamera.meetings.models import AgendaItem

    item = AgendaItem.objects.select_related("meeting").get(pk=item_id)
    return speakers_list(item.meeting, item)


hub = Hub(_load, poll_seconds=settings.INCAMERA_PUSH_POLL_SECONDS, capacity=settings.INCAMERA_STREAMS)
