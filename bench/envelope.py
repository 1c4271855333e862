"""Envelope encryption throughput (issue 5, Benchmarks), beside raw AES-256-GCM in the same run.

    .venv/bin/python bench/envelope.py [--sizes 1,64,100] [--repeat 7] [--wraps 200]

For each size (MiB) it times ``envelope.encrypt`` and ``envelope.decrypt`` (fresh data key,
key wrap, 1 MiB STREAM chunks, header) against one bare ``AESGCM(key).encrypt`` / ``decrypt``
call over the same bytes: the floor any AES-256-GCM envelope could reach.  Goal: ≥ 80 % of the
raw throughput.  It also times the hybrid X25519 + ML-KEM-768 custody wrap and unwrap of a
meeting key, beside X25519 and ML-KEM-768 alone, and the scrypt cost of opening a custodian key
file.  Best of ``--repeat`` runs; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from incamera.crypto import envelope, hybrid  # noqa: E402

GOAL = 0.80
AAD = b"meeting 42/document 7"
MiB = 1 << 20


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def per_op(fn: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        fn()
    return (time.perf_counter() - start) / count


def throughput(size: int, repeat: int) -> None:
    plaintext = os.urandom(size)
    meeting_key = envelope.new_meeting_key()
    raw_key, raw_nonce = os.urandom(32), os.urandom(12)
    raw = AESGCM(raw_key)
    raw_blob = raw.encrypt(raw_nonce, plaintext, AAD)
    blob = envelope.encrypt(meeting_key, plaintext, aad=AAD)
    assert envelope.decrypt(meeting_key, blob, aad=AAD) == plaintext
    rows = [
        (
            "encrypt",
            best(lambda: raw.encrypt(raw_nonce, plaintext, AAD), repeat),
            best(lambda: envelope.encrypt(meeting_key, plaintext, aad=AAD), repeat),
        ),
        (
            "decrypt",
            best(lambda: raw.decrypt(raw_nonce, raw_blob, AAD), repeat),
            best(lambda: envelope.decrypt(meeting_key, blob, aad=AAD), repeat),
        ),
    ]
    for op, raw_s, ours_s in rows:
        raw_rate, ours_rate = size / raw_s / 1e6, size / ours_s / 1e6
        ratio = ours_rate / raw_rate
        verdict = "ok" if ratio >= GOAL else "BELOW GOAL"
        print(
            f"{size // MiB:>5} MiB  {op:<8} raw AES-256-GCM {raw_rate:8.0f} MB/s ({raw_s * 1e3:7.1f} ms)   "
            f"envelope {ours_rate:8.0f} MB/s ({ours_s * 1e3:7.1f} ms)   {ratio:6.1%} of raw  [{verdict}, goal ≥ {GOAL:.0%}]"
        )
    print(f"{'':>9}  overhead: {len(blob) - size} bytes ({len(blob) - size - envelope.HEADER_BYTES} bytes of chunk tags)")


def custody(count: int) -> None:
    pair = hybrid.CustodianKeyPair.generate()
    public = pair.public_bytes()
    key = envelope.new_meeting_key()
    wrapped = hybrid.wrap_for_custodian(public, key, aad=b"meeting 42")
    x_private, x_peer = X25519PrivateKey.generate(), X25519PrivateKey.generate().public_key()
    m_private = MLKEM768PrivateKey.generate()
    m_public = m_private.public_key()
    _, m_ct = m_public.encapsulate()
    rows = [
        ("hybrid wrap_for_custodian", per_op(lambda: hybrid.wrap_for_custodian(public, key, aad=b"meeting 42"), count)),
        ("hybrid unwrap_as_custodian", per_op(lambda: hybrid.unwrap_as_custodian(pair.private, wrapped, aad=b"meeting 42"), count)),
        ("  baseline: X25519 keygen + exchange", per_op(lambda: X25519PrivateKey.generate().exchange(x_peer), count)),
        ("  baseline: X25519 exchange", per_op(lambda: x_private.exchange(x_peer), count)),
        ("  baseline: ML-KEM-768 encapsulate", per_op(m_public.encapsulate, count)),
        ("  baseline: ML-KEM-768 decapsulate", per_op(lambda: m_private.decapsulate(m_ct), count)),
        ("wrap_key (meeting key under the KEK)", per_op(lambda: envelope.wrap_key(key, key, aad=b"meeting 42"), count)),
    ]
    for name, seconds in rows:
        print(f"{name:<40} {seconds * 1e6:8.1f} µs   {1 / seconds:9.0f}/s")
    sealed = pair.private_to_pem_like("bench passphrase", log2_n=hybrid.DEFAULT_LOG2_N)
    opened = best(lambda: hybrid.private_from_bytes(sealed, "bench passphrase"), 2)
    print(f"{'open a custodian key file (scrypt N=2^17)':<40} {opened * 1e3:8.1f} ms   (deliberately slow)")
    print(f"sizes: public key {len(public)} B, custody wrap of a 32-byte key {len(wrapped)} B, key file {len(sealed)} B")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,64,100", help="comma-separated sizes in MiB (default 1,64,100)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure; the best is kept (default 7)")
    parser.add_argument("--wraps", type=int, default=200, help="custody wraps and unwraps to time (default 200)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    for size in (int(s) * MiB for s in args.sizes.split(",")):
        throughput(size, args.repeat)
    print()
    custody(args.wraps)


if __name__ == "__main__":
    main()
