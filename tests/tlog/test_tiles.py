"""c2sp.org/tlog-tiles: paths, tiles built by appending in batches, proofs read from tiles, bundles."""

from __future__ import annotations

import functools
import hashlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError
from incamera.tlog.checkpoint import MAX_TREE_SIZE
from incamera.tlog.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    MemoryTree,
    NodeId,
    TreeSizeError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)
from incamera.tlog.tiles import (
    MAX_ENTRY_BYTES,
    TILE_HEIGHT,
    TILE_WIDTH,
    MalformedBundleError,
    MalformedTileError,
    TileHashReader,
    TileId,
    TilePathError,
    decode_bundle,
    encode_bundle,
    entries_path,
    parse_tile_path,
    tile_path,
    tile_root,
    tiles_for_size,
    update_tiles,
)

# The eight entries of Certificate Transparency's reference tree, and the root of all eight.
CT_ENTRIES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes.fromhex("5051525354555657"),
    bytes(range(0x60, 0x70)),
]
CT_ROOT_8 = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
BIG = 70_000  # crosses a level-2 tile boundary (65,536 leaves): tiles at levels 0, 1 and 2


def leaf(i: int) -> bytes:
    return leaf_hash(i.to_bytes(8, "big"))


@functools.cache
def reference_tree(size: int = BIG) -> MemoryTree:
    return MemoryTree(leaf(i) for i in range(size))


def reference_tile(tree: MemoryTree, tile: TileId) -> bytes:
    first = tile.index * TILE_WIDTH
    return b"".join(tree.read_hashes([NodeId(TILE_HEIGHT * tile.level, first + j) for j in range(tile.width)]))


def grow(store: dict[tuple[int, int], bytes], old_size: int, hashes: list[bytes]) -> dict[tuple[int, int], bytes]:
    changed = update_tiles(lambda level, index: store.get((level, index)), old_size, hashes)
    store.update(changed)
    return changed


@functools.cache
def big_tile_store() -> dict[tuple[int, int], bytes]:
    """Tiles of the BIG tree, appended in random batches of up to 3,000 leaves (read-only)."""
    store: dict[tuple[int, int], bytes] = {}
    chooser = random.Random(9162)
    size = 0
    while size < BIG:
        count = min(chooser.randint(0, 3000), BIG - size)
        grow(store, size, [leaf(i) for i in range(size, size + count)])
        size += count
    return store


def reader_over(store: dict[tuple[int, int], bytes], size: int, loads: list[tuple[int, int, int]] | None = None) -> TileHashReader:
    def load(level: int, index: int, width: int) -> bytes:
        if loads is not None:
            loads.append((level, index, width))
        return store[(level, index)][: width * HASH_SIZE]

    return TileHashReader(load, size)


# --- paths --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "path"),
    [
        ((0, 0), "tile/0/000"),
        ((0, 1234), "tile/0/x001/234"),
        ((0, 1234, 17), "tile/0/x001/234.p/17"),
        ((3, 1234067), "tile/3/x001/x234/067"),
        ((1, 999, 255), "tile/1/999.p/255"),
        ((2, 1000), "tile/2/x001/000"),
        ((0, 1_000_000), "tile/0/x001/x000/000"),
    ],
)
def test_tile_paths_follow_the_spec(args: tuple[int, ...], path: str) -> None:
    assert tile_path(*args) == path
    level, index, *width = args
    assert parse_tile_path(path) == TileId(level, index, width[0] if width else TILE_WIDTH)


def test_entry_bundle_paths() -> None:
    assert entries_path(1234) == "tile/entries/x001/234"
    assert entries_path(1234067, 8) == "tile/entries/x001/x234/067.p/8"
    assert parse_tile_path("tile/entries/x001/234.p/17") == TileId(0, 1234, 17, entries=True)
    assert TileId(0, 5, entries=True).to_path() == "tile/entries/005"


@settings(max_examples=300, deadline=None)
@given(level=st.integers(0, 7), entries=st.booleans(), data=st.data())
def test_paths_round_trip(level: int, entries: bool, data: st.DataObject) -> None:
    if entries:
        level = 0
    width = data.draw(st.integers(1, min(TILE_WIDTH, MAX_TREE_SIZE >> (TILE_HEIGHT * level))))
    index = data.draw(st.integers(0, (MAX_TREE_SIZE - (width << (TILE_HEIGHT * level))) >> (TILE_HEIGHT * (level + 1))))
    tile = TileId(level, index, width, entries)
    path = tile.to_path()
    assert parse_tile_path(path) == tile
    assert path == (entries_path(index, width) if entries else tile_path(level, index, width))
    assert tile.is_partial == (".p/" in path)


@pytest.mark.parametrize(
    ("path", "field", "words"),
    [
        ("tile/0/1234", "index", "three digits"),
        ("tile/0/01", "index", "three digits"),
        ("tile/0/x001/x234", "index", "three digits"),
        ("tile/0/001/234", "index", "'x' and three digits"),
        ("tile/0/x000/234", "index", "x000"),
        ("tile/0/x001/2a4", "index", "three digits"),
        ("tile/0/", "index", "three digits"),
        ("tile/00/000", "level", "leading zeros"),
        ("tile/64/000", "level", "between 0 and 63"),
        ("tile/-1/000", "level", "leading zeros"),
        ("tile/1e1/000", "level", "leading zeros"),
        ("tile/0/000.p/0", "width", "between 1 and 255"),
        ("tile/0/000.p/256", "width", "between 1 and 255"),
        ("tile/0/000.p/017", "width", "without leading zeros"),
        ("tile/0/000.p/", "width", "between 1 and 255"),
        ("tile/0/000.p", "index", "three digits"),
        ("tile/0/000/", "index", "three digits"),
        ("tile/0/000.p/1/2", "index", "three digits"),
        ("tile/entries", "path", "another shape"),
        ("tile/data/000", "level", "'entries'"),
        ("tiles/0/000", "path", "another shape"),
        ("/tile/0/000", "path", "another shape"),
        ("tile/0/x009/x223/x372/x036/x854/x775/808", "index", "2^63 - 1"),
        ("tile/8/001", "index", "ends beyond"),
        ("tile/7/000.p/128", "index", "ends beyond"),
        ("tile/0/" + "x001/" * 20 + "000", "path", "at most 64 characters"),
    ],
)
def test_malformed_paths_are_refused_with_the_reason(path: str, field: str, words: str) -> None:
    with pytest.raises(TilePathError) as caught:
        parse_tile_path(path)
    assert caught.value.field == field
    assert words in caught.value.message
    assert isinstance(caught.value, InvalidInputError)


def test_the_largest_tiles_still_parse() -> None:
    assert parse_tile_path("tile/7/000.p/127") == TileId(7, 0, 127)
    assert parse_tile_path("tile/0/x036/x028/x797/x018/x963/967.p/255").index == (MAX_TREE_SIZE >> 8)


@pytest.mark.parametrize(
    ("args", "field"), [((-1, 0), "level"), ((64, 0), "level"), ((0, -1), "index"), ((0, 0, 0), "width"), ((0, 0, 257), "width")]
)
def test_tile_path_refuses_impossible_positions(args: tuple[int, ...], field: str) -> None:
    with pytest.raises(TilePathError) as caught:
        tile_path(*args)
    assert caught.value.field == field


def test_an_entry_bundle_has_no_level() -> None:
    with pytest.raises(TilePathError, match="level 0"):
        TileId(1, 0, entries=True)


# --- which tiles a tree has ---------------------------------------------------------------------


def test_the_spec_example_of_70000_leaves() -> None:
    tiles = tiles_for_size(70_000)
    assert sum(1 for t in tiles if t.level == 0 and not t.is_partial) == 273
    assert [t for t in tiles if t.is_partial or t.level > 0] == [TileId(0, 273, 112), TileId(1, 0), TileId(1, 1, 17), TileId(2, 0, 1)]


@pytest.mark.parametrize(
    ("size", "tiles"),
    [
        (0, []),
        (1, [TileId(0, 0, 1)]),
        (255, [TileId(0, 0, 255)]),
        (256, [TileId(0, 0), TileId(1, 0, 1)]),
        (257, [TileId(0, 0), TileId(0, 1, 1), TileId(1, 0, 1)]),
        (65536, [*(TileId(0, i) for i in range(256)), TileId(1, 0), TileId(2, 0, 1)]),
    ],
)
def test_tiles_for_small_and_boundary_sizes(size: int, tiles: list[TileId]) -> None:
    assert tiles_for_size(size) == tiles


def test_tiles_for_size_refuses_impossible_sizes() -> None:
    for size in (-1, MAX_TREE_SIZE + 1):
        with pytest.raises(TreeSizeError):
            tiles_for_size(size)


# --- building tiles by appending ----------------------------------------------------------------


def test_tiles_appended_in_random_batches_equal_the_tree() -> None:
    tree, store = reference_tree(), big_tile_store()
    expected = tiles_for_size(BIG)
    assert set(store) == {(t.level, t.index) for t in expected}
    for tile in expected:
        assert store[(tile.level, tile.index)] == reference_tile(tree, tile), tile


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(st.integers(0, 700), max_size=8), start=st.sampled_from([0, 1, 255, 256, 511, 65_535, 65_536, 65_700]))
def test_update_tiles_returns_exactly_the_tiles_that_change(batches: list[int], start: int) -> None:
    full = big_tile_store()  # checked against the tree by the test above
    store = {(t.level, t.index): full[(t.level, t.index)][: t.width * HASH_SIZE] for t in tiles_for_size(start)}
    size = start
    for batch in batches:
        count = min(batch, BIG - size)
        before = set(tiles_for_size(size))
        loaded: list[tuple[int, int]] = []

        def load(level: int, index: int, loaded: list[tuple[int, int]] = loaded) -> bytes | None:
            loaded.append((level, index))
            return store.get((level, index))

        changed = update_tiles(load, size, [leaf(i) for i in range(size, size + count)])
        store.update(changed)
        size += count
        after = tiles_for_size(size)
        assert set(changed) == {(t.level, t.index) for t in after if t not in before}
        assert len(loaded) == len(set(loaded)) <= len({t.level for t in after})  # only the partial tiles of old
        for tile in after:
            assert store[(tile.level, tile.index)] == full[(tile.level, tile.index)][: tile.width * HASH_SIZE]


def test_update_tiles_refuses_a_stored_tile_of_the_wrong_width() -> None:
    store: dict[tuple[int, int], bytes] = {}
    grow(store, 0, [leaf(i) for i in range(10)])
    store[(0, 0)] = store[(0, 0)][:-HASH_SIZE]
    with pytest.raises(MalformedTileError, match="hold 10 hashes"):
        update_tiles(lambda level, index: store.get((level, index)), 10, [leaf(10)])
    with pytest.raises(MalformedTileError, match="found none"):
        update_tiles(lambda level, index: None, 10, [leaf(10)])


def test_tiles_from_a_database_may_come_as_memoryview() -> None:
    store: dict[tuple[int, int], bytes] = {}
    grow(store, 0, [leaf(i) for i in range(300)])
    changed = update_tiles(lambda level, index: memoryview(store[(level, index)]), 300, [leaf(300)])
    assert changed[(0, 1)] == b"".join(leaf(i) for i in range(256, 301))
    reader = TileHashReader(lambda level, index, width: memoryview(bytearray(store[(level, index)])), 300)
    assert tree_root(reader, 300) == reference_tree().root(300)


def test_update_tiles_refuses_bad_leaf_hashes_and_sizes() -> None:
    with pytest.raises(MalformedTileError, match="#1 is not"):
        update_tiles(lambda level, index: None, 0, [leaf(0), b"short"])
    with pytest.raises(TreeSizeError):
        update_tiles(lambda level, index: None, -1, [])
    with pytest.raises(TreeSizeError):
        update_tiles(lambda level, index: None, MAX_TREE_SIZE, [leaf(0)])
    assert update_tiles(lambda level, index: None, 5, []) == {}


def test_tile_root_is_the_hash_one_level_up() -> None:
    tree, store = reference_tree(), big_tile_store()
    assert tile_root(store[(0, 3)]) == tree.read_hashes([NodeId(8, 3)])[0] == store[(1, 0)][3 * HASH_SIZE : 4 * HASH_SIZE]
    with pytest.raises(MalformedTileError):
        tile_root(store[(0, 3)][:-1])


# --- reading proofs from tiles ------------------------------------------------------------------


def test_the_certificate_transparency_root_from_tiles() -> None:
    store: dict[tuple[int, int], bytes] = {}
    grow(store, 0, [leaf_hash(e) for e in CT_ENTRIES[:3]])
    grow(store, 3, [leaf_hash(e) for e in CT_ENTRIES[3:]])
    assert tree_root(reader_over(store, 8), 8).hex() == CT_ROOT_8
    assert tree_root(reader_over(store, 0), 0) == EMPTY_ROOT


@settings(max_examples=120, deadline=None)
@given(size=st.integers(1, BIG), data=st.data())
def test_roots_and_proofs_from_tiles_equal_the_tree(size: int, data: st.DataObject) -> None:
    tree, store = reference_tree(), big_tile_store()
    reader = reader_over(store, size)
    root = tree_root(reader, size)
    assert root == tree.root(size)
    index = data.draw(st.integers(0, size - 1))
    proof = inclusion_proof(reader, index=index, size=size)
    assert proof == tree.inclusion_proof(index, size)
    verify_inclusion(leaf_hash=leaf(index), index=index, size=size, proof=proof, root=root)
    old = data.draw(st.integers(0, size))
    proof = consistency_proof(reader, old_size=old, new_size=size)
    assert proof == tree.consistency_proof(old, size)
    verify_consistency(old_size=old, new_size=size, old_root=tree.root(old), new_root=root, proof=proof)


def test_every_size_around_tile_boundaries() -> None:
    tree, store = reference_tree(), big_tile_store()
    for size in [*range(1, 600), *range(65_500, 65_600), BIG]:
        assert tree_root(reader_over(store, size), size) == tree.root(size), size


def test_a_reader_loads_each_tile_once_at_the_width_of_its_tree() -> None:
    loads: list[tuple[int, int, int]] = []
    reader = reader_over(big_tile_store(), 70_000, loads)
    tree_root(reader, 70_000)
    inclusion_proof(reader, index=69_999, size=70_000)
    consistency_proof(reader, old_size=12_345, new_size=70_000)
    assert len(loads) == len(set(loads))
    assert {(level, index): width for level, index, width in loads}.items() <= {
        (t.level, t.index): t.width for t in tiles_for_size(70_000)
    }.items()
    assert (2, 0, 1) in loads  # the root of the first 65,536 leaves comes from the level-2 tile


def test_a_reader_refuses_tiles_of_the_wrong_width_and_nodes_outside_the_tree() -> None:
    store = big_tile_store()
    reader = TileHashReader(lambda level, index, width: store[(level, index)], 300)  # serves full tiles where partial ones belong
    with pytest.raises(MalformedTileError, match=r"of width (1|44) to be (32|1408) bytes; found 8192"):
        tree_root(reader, 300)
    reader = reader_over(store, 300)
    with pytest.raises(TreeSizeError):
        reader.read_hashes([NodeId(0, 300)])
    with pytest.raises(TreeSizeError):
        reader.read_hashes([NodeId(9, 0)])
    with pytest.raises(TreeSizeError):
        reader.read_hashes([NodeId(10**9, 0)])
    with pytest.raises(TreeSizeError):
        reader.tile(0, 2)
    assert reader.tile_width(0, 1) == 44
    assert reader.read_hashes([NodeId(8, 0), NodeId(0, 299)]) == reference_tree().read_hashes([NodeId(8, 0), NodeId(0, 299)])


# --- entry bundles ------------------------------------------------------------------------------


def test_bundle_encoding_is_uint16_length_prefixed() -> None:
    assert encode_bundle([b"abc", b"", b"\xff" * 256]) == b"\x00\x03abc\x00\x00\x01\x00" + b"\xff" * 256
    assert decode_bundle(b"\x00\x03abc\x00\x00") == [b"abc", b""]
    assert decode_bundle(b"") == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=TILE_WIDTH))
def test_bundles_round_trip(entries: list[bytes]) -> None:
    assert decode_bundle(encode_bundle(entries)) == entries


def test_the_largest_entry_fits_and_a_larger_one_is_refused() -> None:
    assert decode_bundle(encode_bundle([b"x" * MAX_ENTRY_BYTES])) == [b"x" * MAX_ENTRY_BYTES]
    with pytest.raises(MalformedBundleError, match="entry #1 has 65536"):
        encode_bundle([b"", b"x" * (MAX_ENTRY_BYTES + 1)])
    with pytest.raises(MalformedBundleError, match="at most 256 entries"):
        encode_bundle([b""] * 257)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00", "2-byte length for entry #0 at offset 0; found 1 byte"),
        (b"\x00\x03ab", "3 bytes for entry #0 at offset 2; found 2"),
        (b"\x00\x01a\x00", "2-byte length for entry #1 at offset 3"),
        (b"\x00\x01a\x01\x00" + b"z" * 10, "256 bytes for entry #1 at offset 5; found 10"),
        (b"\x00\x00" * 257, "at most 256 entries"),
    ],
)
def test_truncated_bundles_are_refused_with_the_place(data: bytes, words: str) -> None:
    with pytest.raises(MalformedBundleError) as caught:
        decode_bundle(data)
    assert words in caught.value.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_raise_only_bundle_errors(data: bytes) -> None:
    try:
        entries = decode_bundle(data)
    except MalformedBundleError:
        return
    assert encode_bundle(entries) == data


def test_bundle_hashes_are_the_level_0_tile() -> None:
    entries = [hashlib.sha256(i.to_bytes(2, "big")).digest()[: i % 40] for i in range(300)]
    store: dict[tuple[int, int], bytes] = {}
    grow(store, 0, [leaf_hash(e) for e in entries])
    bundle = decode_bundle(encode_bundle(entries[256:]))
    assert b"".join(leaf_hash(e) for e in bundle) == store[(0, 1)]
