"""Tiles and entry bundles of c2sp.org/tlog-tiles: a Merkle tree served as static files.

A *tile* at level ``L`` with index ``N`` holds up to 256 consecutive hashes of tree level ``8·L``:
the Merkle tree hashes of ``D[(N·256 + i)·256^L : (N·256 + i + 1)·256^L]`` for ``i`` in
``0 … W-1``.  A full tile is 256 hashes (8,192 bytes); the rightmost tile of each level may be
*partial*, of width ``floor(size / 256^L) mod 256``, and is never hashed into the level above.
Paths (relative to the log's prefix)::

    tile/<L>/<N>[.p/<W>]        hash tiles, L in 0…63
    tile/entries/<N>[.p/<W>]    entry bundles, one per level-0 tile

``<N>`` is written in zero-padded groups of three digits, all but the last prefixed with ``x``
(1234067 is ``x001/x234/067``); ``<W>`` is 1…255 and only partial tiles carry it.  Parsing is
strict, so one tile has one path: no leading zeros, no empty leading group (``x000/…``), and no
tile beyond the largest tree a checkpoint can name (2^63 - 1 leaves).

An entry bundle is the tile's entries, each a big-endian uint16 length followed by that many
bytes; each entry's RFC 9162 leaf hash is the matching hash of the level-0 tile.

:func:`update_tiles` appends leaves to a tiled tree, touching only the tiles that change, and
:class:`TileHashReader` answers :class:`~incamera.tlog.merkle.HashReader` reads from tiles, so
every proof of :mod:`incamera.tlog.merkle` can be computed from a tile store or a remote log.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from incamera.kernel.errors import InvalidInputError
from incamera.tlog.checkpoint import MAX_TREE_SIZE
from incamera.tlog.merkle import HASH_SIZE, NodeId, TreeSizeError

__all__ = [
    "MAX_ENTRY_BYTES",
    "MAX_TILE_LEVEL",
    "TILE_HEIGHT",
    "TILE_WIDTH",
    "MalformedBundleError",
    "MalformedTileError",
    "TileHashReader",
    "TileId",
    "TilePathError",
    "decode_bundle",
    "encode_bundle",
    "entries_path",
    "parse_tile_path",
    "tile_path",
    "tile_root",
    "tiles_for_size",
    "update_tiles",
]

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_TILE_LEVEL = 63
MAX_ENTRY_BYTES = (1 << 16) - 1
_TILE_BYTES = TILE_WIDTH * HASH_SIZE
_MAX_PATH_CHARS = 64  # "tile/entries/" + 7 groups of 4 + ".p/255" is 47
_LEVEL = re.compile(r"0|[1-9][0-9]?")
_WIDTH = re.compile(r"[1-9][0-9]{0,2}")
_GROUP = re.compile(r"[0-9]{3}")
_PAIR = 2 * HASH_SIZE
_NODE_PREFIX = b"\x01"  # RFC 9162 §2.1.1: an interior node is SHA-256(0x01 ‖ left ‖ right)


class TilePathError(InvalidInputError):
    """A tile or entry-bundle path, or a tile position, that c2sp.org/tlog-tiles does not allow."""

    def __init__(self, message: str, *, field: str = "path") -> None:
        super().__init__(message, field=field)


class MalformedTileError(InvalidInputError):
    """Tile contents that are missing or not the number of hashes the tree says they hold."""

    def __init__(self, message: str, *, field: str = "tile") -> None:
        super().__init__(message, field=field)


class MalformedBundleError(InvalidInputError):
    """An entry bundle that cannot be encoded or decoded."""

    def __init__(self, message: str, *, field: str = "bundle") -> None:
        super().__init__(message, field=field)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_position(level: int, index: int, width: int) -> None:
    if not _is_int(level) or not 0 <= level <= MAX_TILE_LEVEL:
        msg = f"expected a tile level between 0 and {MAX_TILE_LEVEL}; found {level!r}"
        raise TilePathError(msg, field="level")
    if not _is_int(index) or index < 0:
        msg = f"expected a tile index >= 0; found {index!r}"
        raise TilePathError(msg, field="index")
    if not _is_int(width) or not 1 <= width <= TILE_WIDTH:
        msg = f"expected a tile width between 1 and {TILE_WIDTH}; found {width!r}"
        raise TilePathError(msg, field="width")
    end = (index << (TILE_HEIGHT * (level + 1))) + (width << (TILE_HEIGHT * level))
    if end > MAX_TREE_SIZE:
        msg = f"expected a tile within a tree of at most {MAX_TREE_SIZE} leaves; tile {level}/{index} of width {width} ends beyond it"
        raise TilePathError(msg, field="index")


def _index_path(index: int) -> str:
    groups = [f"{index % 1000:03d}"]
    index //= 1000
    while index:
        groups.append(f"x{index % 1000:03d}")
        index //= 1000
    return "/".join(reversed(groups))


def _suffix(width: int) -> str:
    return "" if width == TILE_WIDTH else f".p/{width}"


def tile_path(level: int, index: int, width: int = TILE_WIDTH) -> str:
    """``tile/<L>/<N>[.p/<W>]``, e.g. ``tile/0/x001/234`` or ``tile/0/x001/234.p/17``."""
    _check_position(level, index, width)
    return f"tile/{level}/{_index_path(index)}{_suffix(width)}"


def entries_path(index: int, width: int = TILE_WIDTH) -> str:
    """``tile/entries/<N>[.p/<W>]``: the entries of level-0 tile ``index``."""
    _check_position(0, index, width)
    return f"tile/entries/{_index_path(index)}{_suffix(width)}"


@dataclass(frozen=True, order=True, slots=True)
class TileId:
    """A hash tile ``(level, index, width)``, or with ``entries`` the entry bundle of level-0 tile ``index``."""

    level: int
    index: int
    width: int = TILE_WIDTH
    entries: bool = False

    def __post_init__(self) -> None:
        _check_position(self.level, self.index, self.width)
        if self.entries and self.level != 0:
            msg = f"expected level 0 for an entry bundle; found {self.level}"
            raise TilePathError(msg, field="level")

    @property
    def is_partial(self) -> bool:
        return self.width < TILE_WIDTH

    def to_path(self) -> str:
        return entries_path(self.index, self.width) if self.entries else tile_path(self.level, self.index, self.width)


def parse_tile_path(path: str) -> TileId:
    """The tile or entry bundle a path names; raise :class:`TilePathError` naming the first problem."""
    if not isinstance(path, str):
        msg = f"expected a tile path as text; found {type(path).__name__}"
        raise TilePathError(msg)
    if len(path) > _MAX_PATH_CHARS:
        msg = f"expected a tile path of at most {_MAX_PATH_CHARS} characters; found {len(path)}"
        raise TilePathError(msg)
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "tile":
        raise TilePathError("expected 'tile/<level>/<index>' or 'tile/entries/<index>'; found another shape")
    entries = parts[1] == "entries"
    if entries:
        level = 0
    elif _LEVEL.fullmatch(parts[1]):
        level = int(parts[1])
        if level > MAX_TILE_LEVEL:
            msg = f"expected a tile level between 0 and {MAX_TILE_LEVEL}; found {level}"
            raise TilePathError(msg, field="level")
    else:
        raise TilePathError("expected the tile level in decimal without leading zeros, or 'entries'", field="level")
    groups = parts[2:]
    width = TILE_WIDTH
    if len(groups) >= 2 and groups[-2].endswith(".p"):
        if not _WIDTH.fullmatch(groups[-1]) or int(groups[-1]) >= TILE_WIDTH:
            raise TilePathError("expected a partial width between 1 and 255 without leading zeros after '.p/'", field="width")
        width = int(groups[-1])
        groups = [*groups[:-2], groups[-2].removesuffix(".p")]
    index = 0
    for position, group in enumerate(groups):
        last = position == len(groups) - 1
        digits = group if last else group.removeprefix("x")
        if (not last and not group.startswith("x")) or not _GROUP.fullmatch(digits):
            form = "three digits" if last else "'x' and three digits"
            msg = f"expected index group {position + 1} of {len(groups)} to be {form}; found {group!r}"
            raise TilePathError(msg, field="index")
        if position == 0 and not last and digits == "000":
            raise TilePathError("expected no leading 'x000' index group; found one", field="index")
        index = index * 1000 + int(digits)
        if index > MAX_TREE_SIZE:
            raise TilePathError("expected a tile index within a tree of at most 2^63 - 1 leaves; found a larger one", field="index")
    return TileId(level=level, index=index, width=width, entries=entries)


def tiles_for_size(size: int) -> list[TileId]:
    """Every hash tile, full and partial, of a tree of ``size`` leaves: level by level, left to right."""
    _check_size(size)
    tiles = []
    level = 0
    while count := size >> (TILE_HEIGHT * level):
        full, partial = divmod(count, TILE_WIDTH)
        tiles += [TileId(level, index) for index in range(full)]
        if partial:
            tiles.append(TileId(level, full, partial))
        level += 1
    return tiles


def _level_above(hashes: bytes) -> bytes:
    """The interior nodes over consecutive pairs of a run of hashes (an odd last one is dropped)."""
    sha256 = hashlib.sha256
    end = len(hashes) - len(hashes) % _PAIR
    return b"".join([sha256(_NODE_PREFIX + hashes[offset : offset + _PAIR]).digest() for offset in range(0, end, _PAIR)])


def tile_root(content: bytes) -> bytes:
    """The Merkle tree hash of a full tile's 256 hashes: the hash it contributes one level up."""
    if len(content) != _TILE_BYTES:
        msg = f"expected a full tile of {_TILE_BYTES} bytes; found {len(content)}"
        raise MalformedTileError(msg)
    for _ in range(TILE_HEIGHT):
        content = _level_above(content)
    return content


def _check_size(size: int, *, field: str = "size") -> None:
    if not _is_int(size) or not 0 <= size <= MAX_TREE_SIZE:
        msg = f"expected a tree size between 0 and {MAX_TREE_SIZE}; found {size!r}"
        raise TreeSizeError(msg, field=field)


def _as_bytes(value: object) -> bytes | None:
    """Database drivers hand binary columns back as memoryview or bytearray; tiles are bytes."""
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    return value if isinstance(value, bytes) else None


def _tile_width(size: int, level: int, index: int) -> int:
    """The width of tile ``(level, index)`` in the tree of ``size`` leaves; TreeSizeError if it has none."""
    count = size >> (TILE_HEIGHT * level) if 0 <= level <= MAX_TILE_LEVEL else 0
    full, partial = divmod(count, TILE_WIDTH)
    if 0 <= index < full:
        return TILE_WIDTH
    if index == full and partial:
        return partial
    msg = f"the tree of {size} leaves has no tile at level {level}, index {index}"
    raise TreeSizeError(msg, field="tile")


def update_tiles(
    load_tile: Callable[[int, int], bytes | None], old_size: int, new_leaf_hashes: Sequence[bytes]
) -> dict[tuple[int, int], bytes]:
    """The new contents of every tile that changes when ``new_leaf_hashes`` are appended.

    ``load_tile(level, index)`` returns the current contents of a tile of the tree of ``old_size``
    leaves (None if it has none); it is called only for the rightmost, partial tile of each level
    that grows.  The result maps ``(level, index)`` to the contents, whose width is its length
    divided by 32.  A level-``L+1`` hash is added only when a level-``L`` tile becomes full, so the
    work is proportional to the number of new leaves, not to the size of the tree.
    """
    _check_size(old_size, field="old_size")
    for position, value in enumerate(new_leaf_hashes):
        if not isinstance(value, bytes) or len(value) != HASH_SIZE:
            msg = f"expected leaf hashes of {HASH_SIZE} bytes; #{position} is not"
            raise MalformedTileError(msg, field="leaf_hash")
    new_size = old_size + len(new_leaf_hashes)
    _check_size(new_size, field="new_size")
    changed: dict[tuple[int, int], bytes] = {}
    added = b"".join(new_leaf_hashes)  # hashes of tree level 8·level, from position old_size >> 8·level
    level = 0
    while (old_count := old_size >> (TILE_HEIGHT * level)) < new_size >> (TILE_HEIGHT * level):
        first, kept = divmod(old_count, TILE_WIDTH)
        stream = added
        if kept:
            current = _as_bytes(load_tile(level, first))
            if current is None or len(current) != kept * HASH_SIZE:
                found = "none (or not bytes)" if current is None else f"{len(current)} bytes"
                msg = f"expected tile {level}/{first} of the tree of {old_size} to hold {kept} hashes ({kept * HASH_SIZE} bytes); found {found}"
                raise MalformedTileError(msg)
            stream = current + added
        roots = []
        for offset in range(0, len(stream), _TILE_BYTES):
            content = stream[offset : offset + _TILE_BYTES]
            changed[(level, first + offset // _TILE_BYTES)] = content
            if len(content) == _TILE_BYTES:
                roots.append(tile_root(content))
        added = b"".join(roots)
        level += 1
    return changed


class TileHashReader:
    """A :class:`~incamera.tlog.merkle.HashReader` over the tiles of a tree of ``size`` leaves.

    ``load_tile(level, index, width)`` returns a tile's contents as served (a full tile has width
    256).  A node at level ``8·L + r`` is the root of ``2^r`` consecutive hashes of one level-``L``
    tile.  Each read loads every tile it needs once, and the reader keeps the tiles it loaded, so
    the proofs it answers all come from the same bytes.
    """

    def __init__(self, load_tile: Callable[[int, int, int], bytes], size: int) -> None:
        _check_size(size)
        self.size = size
        self._load_tile = load_tile
        self._tiles: dict[tuple[int, int], bytes] = {}
        self._levels: dict[tuple[int, int], list[bytes]] = {}

    def tile_width(self, level: int, index: int) -> int:
        """The width of tile ``(level, index)`` in this tree; TreeSizeError if the tree has no such tile."""
        return _tile_width(self.size, level, index)

    def tile(self, level: int, index: int, *, cache: bool = True) -> bytes:
        """A tile's contents, checked for width: the kept copy if there is one, else loaded.

        With ``cache=False`` a tile not yet kept is loaded but not kept (a full audit reads every
        tile once and need not hold them all).
        """
        key = (level, index)
        content = self._tiles.get(key)
        if content is None:
            width = self.tile_width(level, index)
            content = _as_bytes(self._load_tile(level, index, width))
            if not isinstance(content, bytes) or len(content) != width * HASH_SIZE:
                found = f"{len(content)} bytes" if isinstance(content, bytes) else "none or not bytes"
                msg = f"expected tile {level}/{index} of width {width} to be {width * HASH_SIZE} bytes; found {found}"
                raise MalformedTileError(msg)
            if cache:
                self._tiles[key] = content
        return content

    def read_hashes(self, nodes: Sequence[NodeId]) -> list[bytes]:
        plan = []
        for node in nodes:
            if not _is_int(node.level) or not _is_int(node.index) or not 0 <= node.level <= MAX_TILE_LEVEL or node.index < 0:
                msg = f"expected a node with a level from 0 to {MAX_TILE_LEVEL} and an index >= 0; found level {node.level!r}, index {node.index!r}"
                raise TreeSizeError(msg, field="node")
            if (node.index + 1) << node.level > self.size:
                msg = f"the tree of {self.size} leaves has no complete subtree at level {node.level}, index {node.index}"
                raise TreeSizeError(msg, field="node")
            tile_level, height = divmod(node.level, TILE_HEIGHT)
            per_tile = TILE_WIDTH >> height  # nodes of this level above one tile
            plan.append((tile_level, node.index // per_tile, height, node.index % per_tile))
        for level, index, _, _ in plan:
            self.tile(level, index)
        return [self._subtree((level, index), height, position) for level, index, height, position in plan]

    def _subtree(self, key: tuple[int, int], height: int, position: int) -> bytes:
        """Hash ``position`` of the ``height``-th level inside a kept tile (0: the tile's own hashes).

        The levels inside a tile are computed once per reader and kept, so the proofs of one
        reader that pass through the same tile share the work.
        """
        levels = self._levels.setdefault(key, [self._tiles[key]])
        while len(levels) <= height:
            levels.append(_level_above(levels[-1]))
        offset = position * HASH_SIZE
        return levels[height][offset : offset + HASH_SIZE]


def encode_bundle(entries: Sequence[bytes]) -> bytes:
    """An entry bundle: each entry as a big-endian uint16 length and its bytes (at most 256 entries)."""
    if len(entries) > TILE_WIDTH:
        msg = f"expected at most {TILE_WIDTH} entries in a bundle; found {len(entries)}"
        raise MalformedBundleError(msg)
    parts = []
    for position, entry in enumerate(entries):
        if not isinstance(entry, bytes):
            msg = f"expected entry #{position} as bytes; found {type(entry).__name__}"
            raise MalformedBundleError(msg, field="entry")
        if len(entry) > MAX_ENTRY_BYTES:
            msg = f"expected entries of at most {MAX_ENTRY_BYTES} bytes; entry #{position} has {len(entry)}"
            raise MalformedBundleError(msg, field="entry")
        parts += [len(entry).to_bytes(2, "big"), entry]
    return b"".join(parts)


def decode_bundle(data: bytes) -> list[bytes]:
    """The entries of an entry bundle; raise :class:`MalformedBundleError` at the first truncation."""
    if not isinstance(data, bytes | bytearray | memoryview):
        msg = f"expected an entry bundle as bytes; found {type(data).__name__}"
        raise MalformedBundleError(msg)
    data = bytes(data)
    end = len(data)
    entries: list[bytes] = []
    offset = 0
    for number in range(TILE_WIDTH):  # an audit decodes every entry of the log: keep this loop tight
        if offset == end:
            return entries
        start = offset + 2
        if start > end:
            msg = f"expected a 2-byte length for entry #{number} at offset {offset}; found 1 byte"
            raise MalformedBundleError(msg)
        stop = start + (data[offset] << 8 | data[offset + 1])
        if stop > end:
            msg = f"expected {stop - start} bytes for entry #{number} at offset {start}; found {end - start}"
            raise MalformedBundleError(msg)
        entries.append(data[start:stop])
        offset = stop
    if offset != end:
        msg = f"expected at most {TILE_WIDTH} entries in a bundle; found {end - offset} more bytes after entry #{TILE_WIDTH - 1}"
        raise MalformedBundleError(msg)
    return entries
