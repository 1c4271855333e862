"""Transparency-log benchmarks (issue 3), each printed beside a baseline from the same run.

    .venv/bin/python bench/ledger.py [--entries 20000] [--proof-size 1000000] [--audit-size 1000000] [--skip-postgres]

1. Durable append throughput, batch-sequenced, on SQLite and on PostgreSQL: pending entries are
   written, then the sequencer integrates them in batches of 10,000 (indexes, tiles, signed
   checkpoint, one transaction per batch, committed to disk).  Baseline: the bare bulk INSERT
   of the same rows into the same database.  Goal ≥ 5,000 entries/s.
2. Inclusion plus consistency proof at 1,000,000 entries, from tiles (as served and stored):
   median.  Baseline: the same proofs from a tree holding every level in memory.  Goal ≤ 1 ms.
3. Full audit of 1,000,000 entries (``verify_log(audit=True)`` over tiles and entry bundles):
   compared with the raw SHA-256 floor, two hashes per leaf, measured in the same run.
   Goal ≤ 2× the floor.

Numbers on shared 2-core machines are noisy; the ratios are what to read.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


# --- 1. append throughput (runs in a child process per database) --------------------------------


def _append_child(entries: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from incamera.ledger.models import Checkpoint, LogEntry, Tile
    from incamera.ledger.sequencer import sequence_pending
    from incamera.tlog.entries import canonical
    from incamera.tlog.merkle import leaf_hash

    call_command("migrate", verbosity=0)

    def rows(n: int, offset: int) -> list[LogEntry]:
        out = []
        for i in range(n):
            data = canonical(
                {"v": 1, "type": "bench.event", "time": "2027-01-20T09:00:00Z", "public": {"n": offset + i}, "commitment": "ab" * 32}
            )
            out.append(LogEntry(data=data, leaf_hash=leaf_hash(data), sealed_salt=b""))
        return out

    # Baseline: the bare INSERT of the same rows (then removed again).
    batch = rows(entries, 0)
    started = time.perf_counter()
    LogEntry.objects.bulk_create(batch, batch_size=2000)
    insert_seconds = time.perf_counter() - started
    LogEntry.objects.all().delete()

    # Appended and sequenced: write pending rows, then integrate them batch by batch.
    batch = rows(entries, entries)
    started = time.perf_counter()
    LogEntry.objects.bulk_create(batch, batch_size=2000)
    written = time.perf_counter()
    checkpoints = 0
    while sequence_pending(batch=10_000) is not None:
        checkpoints += 1
    done = time.perf_counter()
    size = Checkpoint.objects.order_by("-size").values_list("size", flat=True).first()
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "entries": entries,
                "size": size,
                "tiles": Tile.objects.count(),
                "checkpoints": checkpoints,
                "insert_per_s": entries / insert_seconds,
                "sequence_per_s": entries / (done - written),
                "end_to_end_per_s": entries / (done - started),
            }
        )
    )


def _append(entries: int, database_url: str | None, label: str) -> dict[str, float] | None:
    with tempfile.TemporaryDirectory(prefix="incamera-bench-log-") as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("INCAMERA_")}
        env["INCAMERA_DATA_DIR"] = data_dir
        env["INCAMERA_LOG_SEQUENCER"] = "worker"
        if database_url:
            env["INCAMERA_DATABASE_URL"] = database_url
        result = subprocess.run(
            [sys.executable, __file__, "--child-append", str(entries)], env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            print(f"  {label}: failed\n{result.stderr[-2000:]}")
            return None
        return json.loads(result.stdout.strip().splitlines()[-1])


def _postgres_database() -> str | None:
    """A throw-away database on the local PostgreSQL; None when it is not reachable."""
    name = f"incamera_bench_{os.getpid()}"
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - any failure means "skip PostgreSQL"
        print(f"  PostgreSQL: skipped ({exc})")
        return None
    return name


def _drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- 2 and 3: proofs and audit over tiles (pure) ------------------------------------------------


def _tiles_for(leaves: list[bytes]) -> dict[tuple[int, int], bytes]:
    from incamera.tlog.tiles import update_tiles

    store: dict[tuple[int, int], bytes] = {}
    size = 0
    step = 50_000
    for start in range(0, len(leaves), step):
        chunk = leaves[start : start + step]
        store.update(update_tiles(lambda level, index: store.get((level, index)), size, chunk))
        size += len(chunk)
    return store


def _proofs(size: int, rounds: int) -> None:
    from incamera.tlog.merkle import MemoryTree, consistency_proof, inclusion_proof, leaf_hash
    from incamera.tlog.tiles import TileHashReader

    print(f"\n2. inclusion + consistency proof at {size:,} entries (median of {rounds})")
    leaves = [leaf_hash(i.to_bytes(8, "big")) for i in range(size)]
    store = _tiles_for(leaves)
    tree = MemoryTree(leaves)
    rng = random.Random(7)
    picks = [(rng.randrange(size), rng.randrange(1, size)) for _ in range(rounds)]

    def load(level: int, index: int, width: int) -> bytes:
        return store[(level, index)][: width * 32]

    from_tiles, in_memory = [], []
    for index, old in picks:
        reader = TileHashReader(load, size)  # a fresh reader each time: no warm cache across proofs
        started = time.perf_counter()
        inclusion_proof(reader, index=index, size=size)
        consistency_proof(reader, old_size=old, new_size=size)
        from_tiles.append(time.perf_counter() - started)
        started = time.perf_counter()
        tree.inclusion_proof(index, size)
        tree.consistency_proof(old, size)
        in_memory.append(time.perf_counter() - started)
    tiles_ms, memory_ms = statistics.median(from_tiles) * 1e3, statistics.median(in_memory) * 1e3
    print(f"  from tiles          {tiles_ms:8.3f} ms   goal ≤ 1 ms: {'met' if tiles_ms <= 1 else 'NOT MET'}")
    print(f"  baseline in memory  {memory_ms:8.3f} ms   (ratio {tiles_ms / memory_ms:.1f}×)")


def _audit(size: int) -> None:
    from incamera.tlog.checkpoint import Checkpoint
    from incamera.tlog.entries import canonical
    from incamera.tlog.merkle import leaf_hash, root_from_leaf_hashes
    from incamera.tlog.note import Ed25519Signer, sign_note
    from incamera.tlog.tiles import TILE_WIDTH, encode_bundle, entries_path, tile_path
    from incamera.tlog.verify import verify_log

    print(f"\n3. full audit of {size:,} entries")
    entries = [canonical({"v": 1, "type": "bench.event", "public": {"n": i}, "commitment": "ab" * 32}) for i in range(size)]
    leaves = [leaf_hash(e) for e in entries]
    store = _tiles_for(leaves)
    served: dict[str, bytes] = {}
    for (level, index), data in store.items():
        served[tile_path(level, index, len(data) // 32)] = data
    for start in range(0, size, TILE_WIDTH):
        bundle = entries[start : start + TILE_WIDTH]
        served[entries_path(start // TILE_WIDTH, len(bundle))] = encode_bundle(bundle)
    signer = Ed25519Signer.generate("bench.example/log")
    root = root_from_leaf_hashes(leaves)
    served["checkpoint"] = (
        sign_note(Checkpoint(origin="bench.example/log", size=size, root_hash=root).to_text(), [signer]).to_text().encode()
    )

    def fetch(path: str) -> bytes:
        try:
            return served[path]
        except KeyError as exc:
            raise LookupError(path) from exc

    started = time.perf_counter()
    result = verify_log(fetch, log_vkey=signer.verifier().to_vkey(), audit=True)
    audit_s = time.perf_counter() - started
    assert result.size == size

    # The floor: two SHA-256 per leaf (the leaf hash, and its share of the interior nodes).
    started = time.perf_counter()
    for entry in entries:
        hashlib.sha256(hashlib.sha256(b"\x00" + entry).digest()).digest()
    floor_s = time.perf_counter() - started
    ratio = audit_s / floor_s
    print(f"  audit               {audit_s:8.2f} s  ({size / audit_s:,.0f} entries/s)")
    print(f"  SHA-256 floor (2×)  {floor_s:8.2f} s  ratio {ratio:.2f}×   goal ≤ 2×: {'met' if ratio <= 2 else 'NOT MET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--proof-size", type=int, default=1_000_000)
    parser.add_argument("--proof-rounds", type=int, default=200)
    parser.add_argument("--audit-size", type=int, default=1_000_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--child-append", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_append:
        _append_child(args.child_append)
        return

    print(f"1. durable append, batch-sequenced ({args.entries:,} entries, batches of 10,000)")
    runs = [("SQLite (WAL)", None)]
    pg_name = None if args.skip_postgres else _postgres_database()
    if pg_name:
        runs.append(("PostgreSQL", f"postgresql://postgres@127.0.0.1:5432/{pg_name}"))
    try:
        for label, url in runs:
            result = _append(args.entries, url, label)
            if result:
                goal = "met" if result["end_to_end_per_s"] >= 5000 else "NOT MET"
                print(
                    f"  {label:<13} appended+sequenced {result['end_to_end_per_s']:9,.0f}/s  (sequencer alone {result['sequence_per_s']:9,.0f}/s)"
                    f"  baseline bare INSERT {result['insert_per_s']:9,.0f}/s  goal ≥ 5,000/s: {goal}"
                )
    finally:
        if pg_name:
            _drop_postgres(pg_name)
    _proofs(args.proof_size, args.proof_rounds)
    _audit(args.audit_size)


if __name__ == "__main__":
    main()
