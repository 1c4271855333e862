"""Fault injection for the sequencer (issue 3, "Faults"), run by tests/ledger/test_crash.py.

Sets Django up once on a throw-away database, then ``runs`` times: forks a worker that appends
entries (acknowledging each after its commit) and sequences them in small batches, kills it with
SIGKILL after a random delay, and checks that
  - every acknowledged entry is in the database,
  - the tiles prove the latest checkpoint's root, and every committed checkpoint is a prefix of
    the same tree (no two inconsistent checkpoints were ever published), and signatures verify.
Prints one JSON line with the counts; exits 1 on the first violation.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time


def worker(write_fd: int, seed: int) -> None:
    from django.db import connections, transaction

    from incamera.ledger.events import record_event
    from incamera.ledger.log import LOGGED_EVENTS
    from incamera.ledger.sequencer import sequence_pending

    connections.close_all()
    rng = random.Random(seed)
    LOGGED_EVENTS.setdefault("crash.test", ())
    with os.fdopen(write_fd, "w", buffering=1) as acks:
        while True:
            with transaction.atomic():
                ids = [record_event("crash.test", actor=None, payload={"n": rng.random()}).pk for _ in range(rng.randint(1, 20))]
            acks.write(" ".join(map(str, ids)) + "\n")  # acknowledged: committed
            if rng.random() < 0.7:
                sequence_pending(batch=rng.randint(1, 300))


def check(acked: set[int]) -> dict[str, int]:
    from django.db import connections

    from incamera.ledger.keys import log_origin, log_signers
    from incamera.ledger.models import Checkpoint, LogEntry
    from incamera.ledger.sequencer import tile_bytes
    from incamera.tlog.checkpoint import open_checkpoint
    from incamera.tlog.merkle import MemoryTree, tree_root
    from incamera.tlog.tiles import TileHashReader

    connections.close_all()
    present = set(LogEntry.objects.values_list("event_id", flat=True))
    lost = acked - present
    if lost:
        sys.exit(f"acknowledged entries lost: {sorted(lost)[:10]}")
    leaves = [bytes(h) for h in LogEntry.objects.filter(index__isnull=False).order_by("index").values_list("leaf_hash", flat=True)]
    indexes = list(LogEntry.objects.filter(index__isnull=False).order_by("index").values_list("index", flat=True))
    if indexes != list(range(len(indexes))):
        sys.exit("indexes are not contiguous from 0")
    tree = MemoryTree(leaves)
    verifiers = [s.verifier() for s in log_signers()]  # type: ignore[attr-defined]
    checkpoints = list(Checkpoint.objects.order_by("size"))
    for cp in checkpoints:
        if bytes(cp.root_hash) != tree.root(cp.size):
            sys.exit(f"checkpoint {cp.size} is not a prefix of the log: an inconsistent checkpoint was published")
        open_checkpoint(cp.note, origin=log_origin(), verifiers=verifiers)
    if checkpoints:
        latest = checkpoints[-1]
        if latest.size != len(leaves):
            sys.exit(f"latest checkpoint {latest.size} but {len(leaves)} sequenced entries")
        if tree_root(TileHashReader(tile_bytes, latest.size), latest.size) != bytes(latest.root_hash):
            sys.exit("the tiles do not prove the latest checkpoint")
    return {"entries": len(present), "sequenced": len(leaves), "checkpoints": len(checkpoints)}


def main() -> None:
    runs = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    connections.close_all()
    rng = random.Random(int(os.environ.get("CRASH_SEED", "1")))
    acked: set[int] = set()
    stats: dict[str, int] = {}
    kills = 0
    for run in range(runs):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            try:
                worker(write_fd, run)
            finally:
                os._exit(0)
        os.close(write_fd)
        time.sleep(rng.uniform(0.02, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        with os.fdopen(read_fd) as acks:
            for line in acks:
                if line.endswith("\n"):  # a line cut by the kill was never acknowledged
                    acked.update(int(x) for x in line.split())
        stats = check(acked)
    stats["kills"] = kills
    stats["acknowledged"] = len(acked)
    sys.stdout.write(json.dumps(stats) + "\n")


if __name__ == "__main__":
    main()
