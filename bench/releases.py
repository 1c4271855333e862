"""Disclosure releases (issue 15): four workers on PostgreSQL, beside a bare SKIP LOCKED loop.

    .venv/bin/python bench/releases.py [--items 10000] [--workers 4] [--database postgresql://postgres@127.0.0.1:5432/bench_releases]

Makes a scratch database (dropped and re-created), a closed meeting and ITEMS approved items due
yesterday plus 100 due tomorrow, each sealed under the meeting key like a real approval.  Then, in
the same run:

- **incamera**: WORKERS processes each run ``release_due`` until nothing is due: open the sealed
  content, check it against its commitment, publish it, log ``disclosure.released``, one
  transaction per item;
- **bare**: the same number of processes each loop ``UPDATE … WHERE id = (SELECT id … FOR UPDATE
  SKIP LOCKED LIMIT 1)`` over as many rows of a plain table: the floor of the pattern itself.

It prints releases per second for both, and checks the reliability goals on the way: every due
item released once (no duplicate ``disclosure.released`` event), none of those due tomorrow.
Goal: ≥ 1,000 releases per second with four workers.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
GOAL = 1000.0


def _django(url: str, data_dir: str) -> None:
    os.environ.update(INCAMERA_DATABASE_URL=url, INCAMERA_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="incamera.settings")
    os.environ.setdefault("INCAMERA_LOG_SEQUENCER", "worker")  # entries are sequenced by their own process, as in production
    import django

    django.setup()


def _release(url: str, data_dir: str, start: multiprocessing.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    _django(url, data_dir)
    from incamera.disclosure.actions import release_due

    start.wait()
    while release_due(limit=500).released:
        pass


def _bare(dsn: str, start: multiprocessing.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        start.wait()
        while True:
            with conn.transaction():
                row = conn.execute(
                    "UPDATE bare SET done = true WHERE id = (SELECT id FROM bare WHERE NOT done ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id"
                ).fetchone()
            if row is None:
                return


def _run(target, args: tuple, workers: int) -> float:  # type: ignore[no-untyped-def]
    start = multiprocessing.Barrier(workers + 1)
    processes = [multiprocessing.Process(target=target, args=(*args, start)) for _ in range(workers)]
    for p in processes:
        p.start()
    start.wait()
    began = time.perf_counter()
    for p in processes:
        p.join()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/bench_releases")
    args = parser.parse_args()
    import psycopg

    admin = args.database.rsplit("/", 1)[0] + "/postgres"
    name = args.database.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    data_dir = tempfile.mkdtemp(prefix="incamera-bench-")
    _django(args.database, data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from incamera.accounts.models import User
    from incamera.disclosure.actions import commitment_of
    from incamera.disclosure.models import Item, ItemState
    from incamera.ledger.models import Event
    from incamera.materials import keyring
    from incamera.meetings.models import Meeting
    from incamera.secretariats.models import Secretariat

    now = dt.datetime.now(dt.UTC)
    user = User.objects.create_user("bench@example.org", "x" * 20)
    secretariat = Secretariat.objects.create(name="Bench")
    meeting = Meeting.objects.create(
        title="Bench",
        starts_at=now - dt.timedelta(days=40),
        ends_at=now - dt.timedelta(days=39),
        timezone="UTC",
        profile="chatham_house",
        state="closed",
        secretariat=secretariat,
        created_by=user,
        languages=["en"],
    )
    rows = [
        Item(
            meeting=meeting,
            kind="note",
            ref=str(n),
            title=f"item {n}",
            tier="outline",
            state=ItemState.APPROVED,
            due_at=now - dt.timedelta(days=1) if n < args.items else now + dt.timedelta(days=1),
        )
        for n in range(args.items + 100)
    ]
    Item.objects.bulk_create(rows, batch_size=2000)
    sealed = []
    for item in Item.objects.filter(meeting=meeting).only("pk"):
        salt, content = os.urandom(32), f"Released content of item {item.pk}."
        item.sealed = keyring.seal(
            meeting, json.dumps({"content": content, "salt": salt.hex()}).encode(), label=f"disclosure-item {item.pk}"
        )
        item.commitment = commitment_of(salt, content)
        sealed.append(item)
    Item.objects.bulk_update(sealed, ["sealed", "commitment"], batch_size=2000)
    from django.db import connection

    connection.close()
    with psycopg.connect(args.database, autocommit=True) as conn:
        conn.execute("CREATE TABLE bare (id serial PRIMARY KEY, done boolean NOT NULL DEFAULT false)")
        conn.execute(f"INSERT INTO bare (done) SELECT false FROM generate_series(1, {args.items})")

    incamera_seconds = _run(_release, (args.database, data_dir), args.workers)
    bare_seconds = _run(_bare, (args.database,), args.workers)
    released = Item.objects.filter(state=ItemState.RELEASED).count()
    events = list(Event.objects.filter(type="disclosure.released").values_list("payload", flat=True))
    duplicates = len(events) - len({e["item"] for e in events})
    early = Item.objects.filter(state=ItemState.RELEASED, due_at__gt=now).count()
    print(f"{args.items} due items (+100 due tomorrow), {args.workers} workers, PostgreSQL")
    print(f"  incamera release_due: {released:>6} released in {incamera_seconds:6.2f} s = {released / incamera_seconds:8,.0f} items/s")
    print(f"  bare SKIP LOCKED loop: {args.items:>6} rows     in {bare_seconds:6.2f} s = {args.items / bare_seconds:8,.0f} rows/s")
    print(f"  duplicates: {duplicates}; released early: {early}; due left unreleased: {args.items - released + early}")
    rate = released / incamera_seconds
    print(
        f"incamera / bare: {rate / (args.items / bare_seconds):.0%}; {'meets' if rate >= GOAL else 'misses'} the goal of ≥ {GOAL:,.0f} items/s"
    )


if __name__ == "__main__":
    main()
