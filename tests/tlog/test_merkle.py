"""RFC 9162 §2.1 Merkle trees: known answers, a naive reference, and every proof up to 300 leaves."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.tlog.merkle import (
    EMPTY_ROOT,
    InclusionChecker,
    MemoryTree,
    NodeId,
    ProofError,
    TreeSizeError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    subtree_nodes,
    tree_root,
    verify_consistency,
    verify_inclusion,
)

# The eight entries of Certificate Transparency's reference tree tests, and the roots of their
# prefixes (size 0 to 8), as published with RFC 6962 implementations.
CT_ENTRIES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes.fromhex("5051525354555657"),
    bytes.fromhex("606162636465666768696a6b6c6d6e6f"),
]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (0-based leaf index, tree size, audit path)
CT_INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, consistency proof)
CT_CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

MAX_SIZE = 300


# --- an independent, deliberately naive reference: the recursive definitions of RFC 9162 §2.1 ---


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(entries: Sequence[bytes]) -> bytes:
    if not entries:
        return hashlib.sha256(b"").digest()
    if len(entries) == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = _k(len(entries))
    return hashlib.sha256(b"\x01" + ref_mth(entries[:k]) + ref_mth(entries[k:])).digest()


def ref_path(m: int, entries: Sequence[bytes]) -> list[bytes]:
    if len(entries) == 1:
        return []
    k = _k(len(entries))
    if m < k:
        return [*ref_path(m, entries[:k]), ref_mth(entries[k:])]
    return [*ref_path(m - k, entries[k:]), ref_mth(entries[:k])]


def ref_subproof(m: int, entries: Sequence[bytes], *, whole: bool) -> list[bytes]:
    n = len(entries)
    if m == n:
        return [] if whole else [ref_mth(entries)]
    k = _k(n)
    if m <= k:
        return [*ref_subproof(m, entries[:k], whole=whole), ref_mth(entries[k:])]
    return [*ref_subproof(m - k, entries[k:], whole=False), ref_mth(entries[:k])]


def entries_for(size: int) -> list[bytes]:
    return [i.to_bytes(4, "big") for i in range(size)]


def tree_of(size: int) -> MemoryTree:
    tree = MemoryTree()
    for entry in entries_for(size):
        tree.append_entry(entry)
    return tree


def flip(value: bytes, bit: int) -> bytes:
    changed = bytearray(value)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


# --- known answers ---


def test_leaf_and_node_hashes_use_the_rfc_prefixes() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert node_hash(b"a" * 32, b"b" * 32) == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32).digest()
    assert EMPTY_ROOT.hex() == CT_ROOTS[0]


def test_roots_of_the_certificate_transparency_reference_tree() -> None:
    tree = MemoryTree(leaf_hash(entry) for entry in CT_ENTRIES)
    for size, expected in enumerate(CT_ROOTS):
        assert tree.root(size).hex() == expected
        assert root_from_leaf_hashes([leaf_hash(e) for e in CT_ENTRIES[:size]]).hex() == expected
        assert ref_mth(CT_ENTRIES[:size]).hex() == expected


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_inclusion_proofs_of_the_reference_tree(index: int, size: int, path: list[str]) -> None:
    tree = MemoryTree(leaf_hash(entry) for entry in CT_ENTRIES)
    proof = tree.inclusion_proof(index, size)
    assert [h.hex() for h in proof] == path
    verify_inclusion(leaf_hash=leaf_hash(CT_ENTRIES[index]), index=index, size=size, proof=proof, root=bytes.fromhex(CT_ROOTS[size]))


@pytest.mark.parametrize(("old", "new", "path"), CT_CONSISTENCY)
def test_consistency_proofs_of_the_reference_tree(old: int, new: int, path: list[str]) -> None:
    tree = MemoryTree(leaf_hash(entry) for entry in CT_ENTRIES)
    proof = tree.consistency_proof(old, new)
    assert [h.hex() for h in proof] == path
    verify_consistency(
        old_size=old, new_size=new, old_root=bytes.fromhex(CT_ROOTS[old]), new_root=bytes.fromhex(CT_ROOTS[new]), proof=proof
    )


# --- agreement with the naive reference ---


def test_roots_and_proofs_match_the_recursive_definitions_up_to_64_leaves() -> None:
    entries = entries_for(64)
    tree = tree_of(64)
    for n in range(1, 65):
        assert tree.root(n) == ref_mth(entries[:n])
        for m in range(n):
            assert tree.inclusion_proof(m, n) == ref_path(m, entries[:n])
        for m in range(1, n + 1):
            assert tree.consistency_proof(m, n) == ref_subproof(m, entries[:n], whole=True)


def test_appending_one_by_one_or_all_at_once_gives_the_same_tree() -> None:
    hashes = [leaf_hash(e) for e in entries_for(77)]
    one_by_one = MemoryTree()
    for h in hashes:
        one_by_one.append(h)
    in_chunks = MemoryTree(hashes[:5])
    in_chunks.extend(hashes[5:40])
    in_chunks.extend(hashes[40:])
    for size in range(78):
        assert one_by_one.root(size) == in_chunks.root(size) == root_from_leaf_hashes(hashes[:size])


# --- every proof of every size verifies ---


def test_every_inclusion_proof_verifies_for_every_size_up_to_300() -> None:
    tree = tree_of(MAX_SIZE)
    for size in range(1, MAX_SIZE + 1):
        root = tree.root(size)
        for index in range(size):
            verify_inclusion(leaf_hash=tree.leaf_hash(index), index=index, size=size, proof=tree.inclusion_proof(index, size), root=root)


def test_every_consistency_proof_verifies_for_every_pair_of_sizes_up_to_300() -> None:
    tree = tree_of(MAX_SIZE)
    roots = [tree.root(size) for size in range(MAX_SIZE + 1)]
    for new in range(MAX_SIZE + 1):
        for old in range(new + 1):
            verify_consistency(old_size=old, new_size=new, old_root=roots[old], new_root=roots[new], proof=tree.consistency_proof(old, new))


# --- and nothing else does ---

sizes_and_index = st.integers(1, MAX_SIZE).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1)))
size_pairs = st.integers(2, MAX_SIZE).flatmap(lambda n: st.tuples(st.integers(1, n - 1), st.just(n)))


def test_one_checker_verifies_every_proof_of_a_tree_and_hashes_shared_nodes_once() -> None:
    tree = tree_of(MAX_SIZE)
    for size in (1, 2, 7, 64, 201, MAX_SIZE):
        checker = InclusionChecker(size=size, root=tree.root(size))
        for index in range(size):
            checker.verify(leaf_hash=tree.leaf_hash(index), index=index, proof=tree.inclusion_proof(index, size))
        # Each remembered state is a node of the tree: at most 2n - 1 of them, not n log n.
        assert len(checker._seen) <= 2 * size - 1


@settings(max_examples=200, deadline=None)
@given(sizes_and_index, st.data())
def test_a_checker_that_saw_the_neighbours_still_rejects_a_changed_proof(size_index: tuple[int, int], data: st.DataObject) -> None:
    # The shortcut stops a walk at a state already known to reach the root; a changed hash above
    # that state, an extra or a missing hash must still fail as it would alone.
    size, index = size_index
    tree = tree_of(size)
    root = tree.root()
    checker = InclusionChecker(size=size, root=root)
    for other in range(size):
        if other != index:
            checker.verify(leaf_hash=tree.leaf_hash(other), index=other, proof=tree.inclusion_proof(other))
    proof = tree.inclusion_proof(index)
    choice = data.draw(st.sampled_from(["flip", "extra", "short"] if proof else ["extra"]), label="change")
    if choice == "flip":
        target = data.draw(st.integers(0, len(proof) - 1), label="proof hash")
        proof[target] = flip(proof[target], data.draw(st.integers(0, 255), label="bit"))
    elif choice == "extra":
        proof = [*proof, root]
    else:
        proof = proof[:-1]
    with pytest.raises(ProofError):
        checker.verify(leaf_hash=tree.leaf_hash(index), index=index, proof=proof)
    checker.verify(leaf_hash=tree.leaf_hash(index), index=index, proof=tree.inclusion_proof(index))


@settings(max_examples=300, deadline=None)
@given(sizes_and_index, st.data())
def test_a_flipped_bit_anywhere_in_an_inclusion_proof_fails(size_index: tuple[int, int], data: st.DataObject) -> None:
    size, index = size_index
    tree = tree_of(size)
    proof, root, leaf = tree.inclusion_proof(index), tree.root(), tree.leaf_hash(index)
    target = data.draw(st.integers(0, len(proof) + 1), label="0: leaf, 1: root, 2..: proof hash")
    bit = data.draw(st.integers(0, 255), label="bit")
    if target == 0:
        leaf = flip(leaf, bit)
    elif target == 1:
        root = flip(root, bit)
    else:
        proof[target - 2] = flip(proof[target - 2], bit)
    with pytest.raises(ProofError):
        verify_inclusion(leaf_hash=leaf, index=index, size=size, proof=proof, root=root)


@settings(max_examples=300, deadline=None)
@given(sizes_and_index, st.data())
def test_an_inclusion_proof_for_another_leaf_or_another_tree_fails(size_index: tuple[int, int], data: st.DataObject) -> None:
    size, index = size_index
    tree = tree_of(MAX_SIZE)
    proof, leaf = tree.inclusion_proof(index, size), tree.leaf_hash(index)
    if size > 1:
        other = data.draw(st.integers(0, size - 1).filter(lambda i: i != index), label="other index")
        with pytest.raises(ProofError):
            verify_inclusion(leaf_hash=leaf, index=other, size=size, proof=proof, root=tree.root(size))
        with pytest.raises(ProofError):
            verify_inclusion(leaf_hash=tree.leaf_hash(other), index=other, size=size, proof=proof, root=tree.root(size))
    # Another size, with that size's root: the checkpoint a verifier would hold for it.
    other_size = data.draw(st.integers(index + 1, MAX_SIZE).filter(lambda s: s != size), label="other size")
    with pytest.raises(ProofError):
        verify_inclusion(leaf_hash=leaf, index=index, size=other_size, proof=proof, root=tree.root(other_size))
    with pytest.raises(ProofError):
        verify_inclusion(leaf_hash=leaf, index=index, size=size, proof=[*proof, tree.root(size)], root=tree.root(size))
    if proof:
        with pytest.raises(ProofError):
            verify_inclusion(leaf_hash=leaf, index=index, size=size, proof=proof[:-1], root=tree.root(size))


@settings(max_examples=300, deadline=None)
@given(size_pairs, st.data())
def test_a_flipped_bit_anywhere_in_a_consistency_proof_fails(sizes: tuple[int, int], data: st.DataObject) -> None:
    old, new = sizes
    tree = tree_of(new)
    proof, old_root, new_root = tree.consistency_proof(old), tree.root(old), tree.root()
    target = data.draw(st.integers(0, len(proof) + 1), label="0: old root, 1: new root, 2..: proof hash")
    bit = data.draw(st.integers(0, 255), label="bit")
    if target == 0:
        old_root = flip(old_root, bit)
    elif target == 1:
        new_root = flip(new_root, bit)
    else:
        proof[target - 2] = flip(proof[target - 2], bit)
    with pytest.raises(ProofError):
        verify_consistency(old_size=old, new_size=new, old_root=old_root, new_root=new_root, proof=proof)


@settings(max_examples=300, deadline=None)
@given(size_pairs, st.data())
def test_a_consistency_proof_between_other_sizes_fails(sizes: tuple[int, int], data: st.DataObject) -> None:
    old, new = sizes
    tree = tree_of(MAX_SIZE)
    proof = tree.consistency_proof(old, new)
    other_old = data.draw(st.integers(1, new).filter(lambda s: s != old), label="other old size")
    with pytest.raises(ProofError):
        verify_consistency(old_size=other_old, new_size=new, old_root=tree.root(other_old), new_root=tree.root(new), proof=proof)
    other_new = data.draw(st.integers(old, MAX_SIZE).filter(lambda s: s != new), label="other new size")
    with pytest.raises(ProofError):
        verify_consistency(old_size=old, new_size=other_new, old_root=tree.root(old), new_root=tree.root(other_new), proof=proof)
    with pytest.raises(ProofError):
        verify_consistency(old_size=old, new_size=new, old_root=tree.root(old), new_root=tree.root(new), proof=proof[:-1])
    with pytest.raises(ProofError):
        verify_consistency(old_size=old, new_size=new, old_root=tree.root(old), new_root=tree.root(new), proof=[*proof, proof[0]])


def test_a_tree_that_rewrote_history_cannot_prove_consistency() -> None:
    honest = tree_of(20)
    forked = MemoryTree(leaf_hash(e) for e in entries_for(20))
    rewritten = MemoryTree(
        [*(forked.leaf_hash(i) for i in range(7)), leaf_hash(b"rewritten"), *(forked.leaf_hash(i) for i in range(8, 20))]
    )
    with pytest.raises(ProofError, match="old root"):
        verify_consistency(
            old_size=10, new_size=20, old_root=honest.root(10), new_root=rewritten.root(), proof=rewritten.consistency_proof(10)
        )


# --- edges and refusals ---


def test_equal_sizes_and_the_empty_tree() -> None:
    tree = tree_of(5)
    verify_consistency(old_size=5, new_size=5, old_root=tree.root(), new_root=tree.root(), proof=[])
    verify_consistency(old_size=0, new_size=5, old_root=EMPTY_ROOT, new_root=tree.root(), proof=[])
    with pytest.raises(ProofError, match="same tree size"):
        verify_consistency(old_size=5, new_size=5, old_root=tree.root(4), new_root=tree.root(), proof=[])
    with pytest.raises(ProofError, match="empty string"):
        verify_consistency(old_size=0, new_size=5, old_root=tree.root(1), new_root=tree.root(), proof=[])
    with pytest.raises(ProofError, match="empty consistency proof"):
        verify_consistency(old_size=5, new_size=5, old_root=tree.root(), new_root=tree.root(), proof=[tree.root()])
    with pytest.raises(ProofError, match="non-empty"):
        verify_consistency(old_size=3, new_size=5, old_root=tree.root(3), new_root=tree.root(), proof=[])
    assert tree.root(0) == EMPTY_ROOT
    assert tree.consistency_proof(0) == []


@pytest.mark.parametrize(
    ("index", "size"),
    [(-1, 5), (5, 5), (6, 5), (0, 0)],
)
def test_inclusion_outside_the_tree_is_refused(index: int, size: int) -> None:
    tree = tree_of(5)
    with pytest.raises(TreeSizeError):
        inclusion_proof(tree, index=index, size=size)
    with pytest.raises(ProofError, match="below the tree size"):
        verify_inclusion(leaf_hash=tree.leaf_hash(0), index=index, size=size, proof=[], root=tree.root())


def test_sizes_beyond_the_tree_are_refused_when_proving() -> None:
    tree = tree_of(5)
    with pytest.raises(TreeSizeError):
        tree.root(6)
    with pytest.raises(TreeSizeError):
        tree.inclusion_proof(0, 6)
    with pytest.raises(TreeSizeError):
        tree.consistency_proof(6)
    with pytest.raises(TreeSizeError):
        consistency_proof(tree, old_size=4, new_size=3)
    with pytest.raises(TreeSizeError):
        tree_root(tree, -1)
    with pytest.raises(TreeSizeError):
        tree_root(tree, 6)  # the reader itself refuses a node it does not have


def test_malformed_proof_inputs_are_proof_errors_not_crashes() -> None:
    tree = tree_of(5)
    good = {"leaf_hash": tree.leaf_hash(1), "index": 1, "size": 5, "proof": tree.inclusion_proof(1), "root": tree.root()}
    for changes in (
        {"leaf_hash": b"short"},
        {"root": b"x" * 33},
        {"proof": [b"x" * 31, *tree.inclusion_proof(1)[1:]]},
        {"proof": [b"x" * 32] * 65},
        {"proof": ["not bytes"]},
    ):
        with pytest.raises(ProofError):
            verify_inclusion(**{**good, **changes})  # type: ignore[arg-type]
    with pytest.raises(ProofError):
        verify_consistency(old_size=6, new_size=5, old_root=tree.root(), new_root=tree.root(), proof=[])
    with pytest.raises(ProofError):
        verify_consistency(old_size=-1, new_size=5, old_root=tree.root(), new_root=tree.root(), proof=[])
    assert issubclass(ProofError, VerificationError)
    assert issubclass(TreeSizeError, InvalidInputError)


def test_leaf_hashes_of_the_wrong_size_are_refused_and_nothing_is_added() -> None:
    tree = tree_of(3)
    with pytest.raises(InvalidInputError, match="#1"):
        tree.extend([b"a" * 32, b"b" * 31])
    assert tree.size == 3


def test_subtree_nodes_name_the_perfect_subtrees_of_a_range() -> None:
    assert subtree_nodes(0, 7) == [NodeId(2, 0), NodeId(1, 2), NodeId(0, 6)]
    assert subtree_nodes(8, 12) == [NodeId(2, 2)]
    with pytest.raises(TreeSizeError):
        subtree_nodes(3, 7)
    with pytest.raises(TreeSizeError):
        subtree_nodes(4, 4)


class PerfectSubtreeStore:
    """Hashes kept only per perfect subtree, as a tile store keeps them; counts its reads."""

    def __init__(self, leaf_hashes: list[bytes]) -> None:
        self.nodes: dict[NodeId, bytes] = {}
        level = list(leaf_hashes)
        height = 0
        while level:
            for index, h in enumerate(level):
                self.nodes[NodeId(height, index)] = h
            level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            height += 1
        self.reads = 0

    def read_hashes(self, nodes: Sequence[NodeId]) -> list[bytes]:
        self.reads += 1
        return [self.nodes[node] for node in nodes]


def test_proofs_can_be_served_from_any_hash_reader_in_one_batched_read() -> None:
    hashes = [leaf_hash(e) for e in entries_for(100)]
    store, tree = PerfectSubtreeStore(hashes), MemoryTree(hashes)
    assert inclusion_proof(store, index=37, size=91) == tree.inclusion_proof(37, 91)
    assert consistency_proof(store, old_size=13, new_size=91) == tree.consistency_proof(13, 91)
    assert tree_root(store, 91) == tree.root(91)
    assert store.reads == 3


def test_a_reader_that_returns_too_few_hashes_is_refused() -> None:
    class ShortReader:
        def read_hashes(self, nodes: Sequence[NodeId]) -> list[bytes]:
            return [EMPTY_ROOT] * (len(nodes) - 1)

    with pytest.raises(TreeSizeError, match="from the reader"):
        inclusion_proof(ShortReader(), index=3, size=10)


def test_a_million_leaves() -> None:
    size = 1_000_000
    raw = os.urandom(32 * size)
    hashes = [raw[i : i + 32] for i in range(0, len(raw), 32)]
    tree = MemoryTree(hashes)
    root = tree.root()
    assert root == root_from_leaf_hashes(hashes)
    for index in (0, 1, 524_287, 524_288, 999_998, 999_999):
        verify_inclusion(leaf_hash=hashes[index], index=index, size=size, proof=tree.inclusion_proof(index), root=root)
    for old in (1, 2, 3, 65_536, 524_288, 999_999):
        proof = tree.consistency_proof(old)
        verify_consistency(old_size=old, new_size=size, old_root=tree.root(old), new_root=root, proof=proof)
