"""Merkle tree hashing and proofs of RFC 9162 §2.1 (the same tree as RFC 6962 §2.1).

- Leaf hash: ``SHA-256(0x00 ‖ entry)``; interior node hash: ``SHA-256(0x01 ‖ left ‖ right)``.
- The Merkle tree hash (MTH) of ``n`` leaves splits at the largest power of two smaller than ``n``
  (§2.1.1); the hash of the empty tree is ``SHA-256("")``.
- Inclusion proofs: generation as in §2.1.3.1, verification as in §2.1.3.2.
- Consistency proofs: generation as in §2.1.4.1, verification as in §2.1.4.2.

Proof generation reads stored hashes through a :class:`HashReader`.  Every hash a proof needs is
the fold of a few *perfect* subtrees, each named by a :class:`NodeId` ``(level, index)`` that covers
leaves ``[index·2^level, (index+1)·2^level)`` — the addressing of c2sp.org/tlog-tiles, so a later
tile store can answer the same reads.  :class:`MemoryTree` keeps every level in memory; its reads
are O(1) each and a proof needs O(log n) of them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from incamera.kernel.errors import InvalidInputError, VerificationError

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "HashReader",
    "MemoryTree",
    "NodeId",
    "ProofError",
    "TreeSizeError",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root_from_leaf_hashes",
    "subtree_hash",
    "subtree_nodes",
    "tree_root",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"
_MAX_PROOF_HASHES = 64  # a tree of 2^63 leaves needs at most 63 (inclusion) or 64 (consistency)


class ProofError(VerificationError):
    """An inclusion or consistency proof that does not verify, or cannot be one."""


class TreeSizeError(InvalidInputError):
    """A proof or hash was asked for an index or size that the tree does not have."""


@dataclass(frozen=True, order=True, slots=True)
class NodeId:
    """The perfect subtree over leaves ``[index << level, (index + 1) << level)``."""

    level: int
    index: int


class HashReader(Protocol):
    """Anything that returns the stored hashes of perfect subtrees, in the order asked."""

    def read_hashes(self, nodes: Sequence[NodeId]) -> Sequence[bytes]: ...


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(_LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def root_from_leaf_hashes(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over ``leaf_hashes``, level by level (pairs, an odd last node carried up)."""
    if not leaf_hashes:
        return EMPTY_ROOT
    level = [_check_hash(h, what="leaf hash") for h in leaf_hashes]
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def subtree_nodes(start: int, end: int) -> list[NodeId]:
    """The perfect subtrees, largest first, whose right fold is MTH(D[start:end]).

    ``[start, end)`` must be a subtree of the RFC 9162 tree: ``start`` is a multiple of the largest
    power of two not above ``end - start`` (every range a proof asks for is).
    """
    if not 0 <= start < end:
        msg = f"expected a range 0 <= start < end; found [{start}, {end})"
        raise TreeSizeError(msg, field="range")
    nodes = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start % (1 << level):
            msg = f"[{start}, {end}) is not a subtree of the Merkle tree"
            raise TreeSizeError(msg, field="range")
        nodes.append(NodeId(level, start >> level))
        start += 1 << level
    return nodes


def _fold(hashes: Sequence[bytes]) -> bytes:
    result = hashes[-1]
    for h in reversed(hashes[:-1]):
        result = node_hash(h, result)
    return result


def _range_hashes(reader: HashReader, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
    """MTH of each range, from one batched read of all the perfect subtrees they need."""
    plans = [subtree_nodes(start, end) for start, end in ranges]
    wanted = [node for plan in plans for node in plan]
    found = list(reader.read_hashes(wanted))
    if len(found) != len(wanted):
        msg = f"expected {len(wanted)} hashes from the reader; found {len(found)}"
        raise TreeSizeError(msg, field="reader")
    hashes = []
    position = 0
    for plan in plans:
        hashes.append(_fold(found[position : position + len(plan)]))
        position += len(plan)
    return hashes


def subtree_hash(reader: HashReader, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a subtree range (see :func:`subtree_nodes`)."""
    return _range_hashes(reader, [(start, end)])[0]


def tree_root(reader: HashReader, size: int) -> bytes:
    """MTH of the first ``size`` leaves."""
    if size < 0:
        msg = f"expected a tree size >= 0; found {size}"
        raise TreeSizeError(msg, field="size")
    return EMPTY_ROOT if size == 0 else subtree_hash(reader, 0, size)


def _split(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    # PATH(m, D[lo:hi]) of §2.1.3.1, unrolled; the siblings are collected root first.
    ranges = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
    ranges.reverse()
    return ranges


def _consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    # SUBPROOF(m, D[lo:hi], b) of §2.1.4.1, unrolled; collected root first.
    ranges = []
    lo, hi = 0, new_size
    whole = True  # b: the subtree is the old tree itself, whose root the verifier already has
    while True:
        if old_size == hi:
            if not whole:
                ranges.append((lo, hi))
            break
        k = _split(hi - lo)
        if old_size <= lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
            whole = False
    ranges.reverse()
    return ranges


def inclusion_proof(reader: HashReader, *, index: int, size: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of the first ``size`` leaves (§2.1.3.1)."""
    if not 0 <= index < size:
        msg = f"expected a leaf index below the tree size {size}; found {index}"
        raise TreeSizeError(msg, field="index")
    return _range_hashes(reader, _inclusion_ranges(index, size))


def consistency_proof(reader: HashReader, *, old_size: int, new_size: int) -> list[bytes]:
    """The proof that the tree of ``new_size`` leaves extends that of ``old_size`` (§2.1.4.1).

    It is empty when ``old_size`` is 0 or equal to ``new_size``.
    """
    if not 0 <= old_size <= new_size:
        msg = f"expected 0 <= old size <= new size; found old size {old_size}, new size {new_size}"
        raise TreeSizeError(msg, field="old_size")
    if old_size in {0, new_size}:
        return []
    return _range_hashes(reader, _consistency_ranges(old_size, new_size))


def _check_hash(value: bytes, *, what: str) -> bytes:
    if not isinstance(value, bytes) or len(value) != HASH_SIZE:
        found = f"{len(value)} bytes" if isinstance(value, bytes) else type(value).__name__
        msg = f"expected a {what} of {HASH_SIZE} bytes; found {found}"
        raise ProofError(msg)
    return value


def _is_hash(value: object) -> bool:
    return type(value) is bytes and len(value) == HASH_SIZE


def _check_proof(proof: Sequence[bytes]) -> None:
    if len(proof) > _MAX_PROOF_HASHES:
        msg = f"expected at most {_MAX_PROOF_HASHES} hashes in a proof; found {len(proof)}"
        raise ProofError(msg)
    if all(map(_is_hash, proof)):
        return  # the common case, without building a message per hash
    for position, h in enumerate(proof):
        _check_hash(h, what=f"proof hash #{position}")


def verify_inclusion(*, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """Return if ``proof`` shows leaf ``index`` of the tree (``size``, ``root``) is ``leaf_hash``.

    Raises :class:`ProofError` otherwise (§2.1.3.2).  The proof alone does not bind ``size``: trees
    of sizes with the same path shape accept the same proof, so ``(size, root)`` must come from a
    verified checkpoint.
    """
    InclusionChecker(size=size, root=root).verify(leaf_hash=leaf_hash, index=index, proof=proof)


class InclusionChecker:
    """Checks many inclusion proofs against one tree (``size``, ``root``), hashing each node once.

    The algorithm of §2.1.3.2 is a deterministic walk whose state at each step is the node's level
    and index, the hash computed so far and the proof hashes still to use.  A state met on a path
    that reached the root is remembered; a later proof that arrives at the same state (same node,
    same hash, the same remaining proof hashes, compared byte for byte) would repeat the same steps
    to the same root, so its walk stops there.  Every proof hash is still read and compared, so a
    changed byte anywhere fails as it would alone.  Proofs of neighbouring leaves share most of
    their path: for a bundle's consecutive entries this hashes about one node per leaf instead of
    one per level.
    """

    def __init__(self, *, size: int, root: bytes) -> None:
        self.size, self.root = size, _check_hash(root, what="root hash")
        self._seen: dict[tuple[int, int, bytes], tuple[Sequence[bytes], int]] = {}

    def verify(self, *, leaf_hash: bytes, index: int, proof: Sequence[bytes]) -> None:
        """Return if ``proof`` shows leaf ``index`` is ``leaf_hash``; raise :class:`ProofError` if not."""
        size, seen = self.size, self._seen
        _check_hash(leaf_hash, what="leaf hash")
        _check_proof(proof)
        proof = tuple(proof)  # compared by slices below, where a list never equals a tuple
        if not 0 <= index < size:
            msg = f"expected a leaf index below the tree size {size}; found {index}"
            raise ProofError(msg)
        fn, sn, level = index, size - 1, 0
        r = leaf_hash
        walked: list[tuple[int, int, bytes]] = []
        for position, p in enumerate(proof):
            state = (level, fn, r)
            known = seen.get(state)
            if known is not None and known[0][known[1] :] == proof[position:]:
                break  # this walk, from here on, is one that already reached the root
            walked.append(state)
            if sn == 0:
                msg = f"the inclusion proof for leaf {index} in a tree of {size} has {len(proof)} hashes; too many"
                raise ProofError(msg)
            if fn & 1 or fn == sn:
                r = node_hash(p, r)
                if not fn & 1:
                    while fn and not fn & 1:
                        fn >>= 1
                        sn >>= 1
                        level += 1
            else:
                r = node_hash(r, p)
            fn >>= 1
            sn >>= 1
            level += 1
        else:
            if sn != 0:
                msg = f"the inclusion proof for leaf {index} in a tree of {size} has {len(proof)} hashes; too few"
                raise ProofError(msg)
            if not hmac.compare_digest(r, self.root):
                msg = f"the inclusion proof for leaf {index} does not lead to the root of the tree of {size}"
                raise ProofError(msg)
        for position, state in enumerate(walked):
            seen[state] = (proof, position)


def verify_consistency(*, old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> None:
    """Return if ``proof`` shows tree (``new_size``, ``new_root``) extends (``old_size``, ``old_root``).

    Raises :class:`ProofError` otherwise (§2.1.4.2).  An equal size needs an empty proof and equal
    roots; the empty tree (whose root must be SHA-256 of nothing) is extended by every tree.
    """
    _check_hash(old_root, what="old root hash")
    _check_hash(new_root, what="new root hash")
    _check_proof(proof)
    if not 0 <= old_size <= new_size:
        msg = f"expected 0 <= old size <= new size; found old size {old_size}, new size {new_size}"
        raise ProofError(msg)
    if old_size in {0, new_size}:
        if proof:
            msg = f"expected an empty consistency proof from {old_size} to {new_size}; found {len(proof)} hashes"
            raise ProofError(msg)
        if old_size == 0 and not hmac.compare_digest(old_root, EMPTY_ROOT):
            msg = "the old root of the empty tree is not SHA-256 of the empty string"
            raise ProofError(msg)
        if old_size == new_size and not hmac.compare_digest(old_root, new_root):
            msg = f"two different roots for the same tree size {old_size}"
            raise ProofError(msg)
        return
    if not proof:
        msg = f"expected a non-empty consistency proof from {old_size} to {new_size}; found none"
        raise ProofError(msg)
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is itself a node of the path
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            msg = f"the consistency proof from {old_size} to {new_size} has {len(proof)} hashes; too many"
            raise ProofError(msg)
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        msg = f"the consistency proof from {old_size} to {new_size} has {len(proof)} hashes; too few"
        raise ProofError(msg)
    if not hmac.compare_digest(fr, old_root):
        msg = f"the consistency proof does not lead to the old root of the tree of {old_size}"
        raise ProofError(msg)
    if not hmac.compare_digest(sr, new_root):
        msg = f"the consistency proof does not lead to the new root of the tree of {new_size}"
        raise ProofError(msg)


class MemoryTree:
    """A whole tree in memory: every level as one contiguous ``bytearray`` of 32-byte hashes.

    Level ``l`` holds the hash of every complete perfect subtree of ``2^l`` leaves, so any root,
    inclusion or consistency proof, at the current size or any earlier one, needs O(log n) reads
    and hashes.  A million leaves take about 64 MB.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[bytearray] = [bytearray()]
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        return len(self._levels[0]) // HASH_SIZE

    def append(self, leaf_hash: bytes) -> int:
        """Add one leaf hash; return its index."""
        index = self.size
        self.extend((leaf_hash,))
        return index

    def append_entry(self, entry: bytes) -> int:
        """Add ``entry`` hashed as a leaf; return its index."""
        return self.append(leaf_hash(entry))

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Add many leaf hashes at once, hashing each new interior node exactly once."""
        hashes = list(leaf_hashes)
        wrong = next((position for position, h in enumerate(hashes) if not isinstance(h, bytes) or len(h) != HASH_SIZE), None)
        if wrong is not None:
            msg = f"expected leaf hashes of {HASH_SIZE} bytes; #{wrong} is not"
            raise InvalidInputError(msg, field="leaf_hash")
        self._levels[0] += b"".join(hashes)
        sha256, pair = hashlib.sha256, 2 * HASH_SIZE
        level = 0
        while True:
            below = self._levels[level]
            have = len(self._levels[level + 1]) // HASH_SIZE if level + 1 < len(self._levels) else 0
            complete = len(below) // pair
            if complete == have:
                break
            if level + 1 == len(self._levels):
                self._levels.append(bytearray())
            pairs = bytes(below[have * pair : complete * pair])
            self._levels[level + 1] += b"".join([sha256(_NODE_PREFIX + pairs[j : j + pair]).digest() for j in range(0, len(pairs), pair)])
            level += 1

    def read_hashes(self, nodes: Sequence[NodeId]) -> list[bytes]:
        hashes = []
        for node in nodes:
            if not 0 <= node.level < len(self._levels) or not 0 <= node.index < len(self._levels[node.level]) // HASH_SIZE:
                msg = f"the tree of {self.size} leaves has no complete subtree at level {node.level}, index {node.index}"
                raise TreeSizeError(msg, field="node")
            offset = node.index * HASH_SIZE
            hashes.append(bytes(self._levels[node.level][offset : offset + HASH_SIZE]))
        return hashes

    def leaf_hash(self, index: int) -> bytes:
        return self.read_hashes([NodeId(0, index)])[0]

    def _size_or_current(self, size: int | None) -> int:
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            msg = f"expected a tree size between 0 and {self.size}; found {size}"
            raise TreeSizeError(msg, field="size")
        return size

    def root(self, size: int | None = None) -> bytes:
        return tree_root(self, self._size_or_current(size))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(self, index=index, size=self._size_or_current(size))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        return consistency_proof(self, old_size=old_size, new_size=self._size_or_current(new_size))
