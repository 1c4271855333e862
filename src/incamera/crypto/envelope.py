"""Envelope encryption of meeting materials: AES-256-GCM (NIST SP 800-38D) throughout, with the
content cut into chunks in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár, "Online
Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015, §7).

Three layers of keys (issue 5, §4):

- the key-encryption key (KEK, ``crypto/keys.py``) wraps each meeting key (``wrap_key``);
- the per-meeting key wraps a fresh 256-bit data key per file (inside ``encrypt``);
- the data key encrypts the file's content.

A data key exists unwrapped only in memory during ``encrypt`` and ``decrypt``; it is never
returned nor stored other than wrapped by the meeting key, inside the blob.  Crypto-shredding is
therefore the caller's deletion of the wrapped meeting key (and of every copy of the KEK-wrapped
form, backups included): without it no data key unwraps and the blobs are noise.

Wrapped key (``wrap_key``)::

    0x01 (version) ‖ nonce (12, random) ‖ AES-256-GCM(key) ‖ tag (16)          61 bytes for a 32-byte key

    GCM associated data: "incamera/wrap-key/v1" 0x00 ‖ aad

AES-GCM rather than AES-KWP (RFC 5649): KWP takes no associated data, and the wrap must bind its
context ("meeting 42") so that a wrapped key moved to another row fails to unwrap.  A random
96-bit nonce under one wrapping key is safe far beyond the number of meetings we will see (NIST
SP 800-38D §8.3 allows 2^32 invocations).

Envelope blob (``encrypt``), version 1::

    offset  size  field
         0     4  magic "ICEV"
         4     1  version 0x01
         5    61  the file's data key, wrapped by the meeting key (format above, own label:
                  "incamera/envelope/v1/data-key" 0x00 ‖ magic ‖ version ‖ aad)
        66    12  base nonce N (random)
        78     …  chunks: each AES-256-GCM(data key, nonce_i, plaintext_i, A) ‖ tag_i (16)

    plaintext_i  = bytes [i·2^20, (i+1)·2^20) of the content: every chunk but the last holds
                   exactly 1 MiB; the last holds 0 to 1 MiB (empty content is one empty chunk)
    nonce_i      = N XOR (0^7 ‖ uint32_be(i) ‖ last), last = 0x01 for the final chunk, else 0x00
    A            = "incamera/envelope/v1/chunk" 0x00 ‖ header (the 78 bytes above) ‖ aad

The counter in the nonce authenticates chunk order and the ``last`` flag authenticates the end:
reordered, dropped, duplicated or truncated chunks fail, including a cut exactly at a chunk
boundary.  The header is authenticated by every chunk.

Limits: 2^32 chunks (4 PiB) by the format.  ``encrypt`` and ``decrypt`` work in memory and hold
the input and the output at once (about twice the file size); they are meant for uploads up to a
few hundred MB (materials are capped far lower) and run at the speed of raw AES-GCM: each chunk is
sealed or opened straight into the one output buffer.

Every failure raises ``DecryptionError`` (a ``VerificationError``) naming what was expected and
what was found; a key of the wrong size is the caller's mistake and raises ``InvalidInputError``.
Pure: no Django.
"""

from __future__ import annotations

import io
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from incamera.kernel.errors import InvalidInputError, VerificationError

__all__ = [
    "CHUNK_BYTES",
    "HEADER_BYTES",
    "KEY_BYTES",
    "MAGIC",
    "VERSION",
    "DecryptionError",
    "decrypt",
    "encrypt",
    "new_meeting_key",
    "unwrap_key",
    "wrap_key",
]

KEY_BYTES = 32
MAGIC = b"ICEV"
VERSION = 1
CHUNK_BYTES = 1 << 20

_NONCE = 12
_TAG = 16
_WRAP_VERSION = 1
_WRAPPED_DATA_KEY = 1 + _NONCE + KEY_BYTES + _TAG
HEADER_BYTES = len(MAGIC) + 1 + _WRAPPED_DATA_KEY + _NONCE
_MIN_BLOB = HEADER_BYTES + _TAG
_MAX_CHUNKS = 1 << 32
_WRAPPABLE = range(16, 65)  # sizes of keys we wrap: AES-128 up to 512-bit secrets

_WRAP_LABEL = b"incamera/wrap-key/v1\x00"
_DATA_KEY_LABEL = b"incamera/envelope/v1/data-key\x00"
_CHUNK_LABEL = b"incamera/envelope/v1/chunk\x00"


class DecryptionError(VerificationError):
    """A blob or wrapped key that does not decrypt: tampered, truncated, of an unknown version, or
    the wrong key or associated data.  Nothing of its plaintext is ever returned.
    """


def new_meeting_key() -> bytes:
    """A fresh random 256-bit meeting key."""
    return secrets.token_bytes(KEY_BYTES)


def _check_key(key: bytes, field: str) -> None:
    if len(key) != KEY_BYTES:
        msg = f"{field} is {len(key)} bytes; expected {KEY_BYTES} (AES-256)"
        raise InvalidInputError(msg, field=field)


def _seal_key(wrapping_key: bytes, key: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE)
    return bytes([_WRAP_VERSION]) + nonce + AESGCM(wrapping_key).encrypt(nonce, key, aad)


def _open_key(wrapping_key: bytes, wrapped: bytes, aad: bytes, *, what: str, sizes: range) -> bytes:
    if not wrapped:
        raise DecryptionError(f"{what} is empty; expected a version byte, a nonce and a tag")
    if wrapped[0] != _WRAP_VERSION:
        raise DecryptionError(f"{what} has version {wrapped[0]}; this build reads version {_WRAP_VERSION}")
    size = len(wrapped) - 1 - _NONCE - _TAG
    if size not in sizes:
        expected = f"{1 + _NONCE + sizes.start + _TAG}–{1 + _NONCE + sizes.stop - 1 + _TAG}"
        raise DecryptionError(f"{what} is {len(wrapped)} bytes; expected {expected} (truncated or padded)")
    try:
        return AESGCM(wrapping_key).decrypt(wrapped[1 : 1 + _NONCE], wrapped[1 + _NONCE :], aad)
    except InvalidTag as exc:
        msg = f"{what} does not unwrap: the wrong key, the wrong associated data, or altered bytes"
        raise DecryptionError(msg) from exc


def wrap_key(wrapping_key: bytes, key: bytes, *, aad: bytes) -> bytes:
    """``key`` (16–64 bytes) wrapped under the 256-bit ``wrapping_key``, bound to ``aad``
    (e.g. ``b"meeting 42"``); the format is in the module docstring.
    """
    _check_key(wrapping_key, "wrapping_key")
    if len(key) not in _WRAPPABLE:
        msg = f"key to wrap is {len(key)} bytes; expected {_WRAPPABLE.start}–{_WRAPPABLE.stop - 1}"
        raise InvalidInputError(msg, field="key")
    return _seal_key(wrapping_key, key, _WRAP_LABEL + aad)


def unwrap_key(wrapping_key: bytes, wrapped: bytes, *, aad: bytes) -> bytes:
    """The key ``wrap_key`` wrapped, or ``DecryptionError``."""
    _check_key(wrapping_key, "wrapping_key")
    return _open_key(wrapping_key, wrapped, _WRAP_LABEL + aad, what="wrapped key", sizes=_WRAPPABLE)


def _sized_output(size: int) -> io.BytesIO:
    """A buffer already ``size`` bytes long, filled in place through ``getbuffer()``.

    ``getvalue()`` then hands its bytes over without a copy: the whole output is one allocation
    written once, as with a single ``AESGCM.encrypt`` call.  (Chunks sealed elsewhere and
    joined would cost a second pass over the file and, for files of a few MB, a second
    allocation that makes the allocator return memory to the system and fault it back in.)
    """
    out = io.BytesIO()
    if size:
        out.seek(size - 1)
        out.write(b"\0")
    return out


def _chunk_nonce(base: int, index: int, *, last: bool) -> bytes:
    return (base ^ (index << 8) ^ int(last)).to_bytes(_NONCE, "big")


def encrypt(meeting_key: bytes, plaintext: bytes | bytearray | memoryview, *, aad: bytes) -> bytes:
    """``plaintext`` encrypted under a fresh data key, itself wrapped by ``meeting_key``; ``aad``
    (e.g. ``b"meeting 42/document 7"``) must be given again to decrypt.
    """
    _check_key(meeting_key, "meeting_key")
    content = memoryview(plaintext).cast("B")
    count = max(1, -(-len(content) // CHUNK_BYTES))
    if count > _MAX_CHUNKS:
        msg = f"content is {len(content)} bytes; the format holds at most {_MAX_CHUNKS * CHUNK_BYTES}"
        raise InvalidInputError(msg, field="plaintext")
    data_key = secrets.token_bytes(KEY_BYTES)
    prefix = MAGIC + bytes([VERSION])
    base = secrets.token_bytes(_NONCE)
    header = prefix + _seal_key(meeting_key, data_key, _DATA_KEY_LABEL + prefix + aad) + base
    assert len(header) == HEADER_BYTES
    chunk_aad = _CHUNK_LABEL + header + aad
    aead = AESGCM(data_key)
    base_int = int.from_bytes(base, "big")
    out = _sized_output(HEADER_BYTES + len(content) + _TAG * count)
    with out.getbuffer() as view:
        view[:HEADER_BYTES] = header
        position = HEADER_BYTES
        for index in range(count):
            piece = content[index * CHUNK_BYTES : (index + 1) * CHUNK_BYTES]
            end = position + len(piece) + _TAG
            aead.encrypt_into(_chunk_nonce(base_int, index, last=index == count - 1), piece, chunk_aad, view[position:end])
            position = end
    return out.getvalue()


def decrypt(meeting_key: bytes, blob: bytes | bytearray | memoryview, *, aad: bytes) -> bytes:
    """The plaintext ``encrypt`` sealed in ``blob``, or ``DecryptionError`` (never partial output)."""
    _check_key(meeting_key, "meeting_key")
    view = memoryview(blob).cast("B")
    if len(view) < len(MAGIC) + 1:
        raise DecryptionError(f"envelope is {len(view)} bytes; at least {_MIN_BLOB} expected (truncated)")
    if view[: len(MAGIC)] != MAGIC:
        raise DecryptionError(f"not an incamera envelope: magic {bytes(view[:4]).hex()}; expected {MAGIC.hex()} ({MAGIC.decode()})")
    if view[len(MAGIC)] != VERSION:
        raise DecryptionError(f"unknown envelope version {view[len(MAGIC)]}; this build reads version {VERSION}")
    if len(view) < _MIN_BLOB:
        raise DecryptionError(f"envelope is {len(view)} bytes; at least {_MIN_BLOB} expected (truncated)")
    prefix = bytes(view[: len(MAGIC) + 1])
    header = bytes(view[:HEADER_BYTES])
    data_key = _open_key(
        meeting_key,
        header[len(prefix) : len(prefix) + _WRAPPED_DATA_KEY],
        _DATA_KEY_LABEL + prefix + aad,
        what="the file's data key",
        sizes=range(KEY_BYTES, KEY_BYTES + 1),
    )
    body = view[HEADER_BYTES:]
    sealed_chunk = CHUNK_BYTES + _TAG
    count = -(-len(body) // sealed_chunk)
    final = len(body) - (count - 1) * sealed_chunk
    if final < _TAG:
        msg = f"the final chunk is {final} bytes; at least {_TAG} expected (truncated)"
        raise DecryptionError(msg)
    if count > _MAX_CHUNKS:
        raise DecryptionError(f"envelope holds {count} chunks; the format allows at most {_MAX_CHUNKS}")
    chunk_aad = _CHUNK_LABEL + header + aad
    aead = AESGCM(data_key)
    base_int = int.from_bytes(header[-_NONCE:], "big")
    out = _sized_output(len(body) - _TAG * count)
    with out.getbuffer() as target:
        position = 0
        for index in range(count):
            sealed = body[index * sealed_chunk : (index + 1) * sealed_chunk]
            end = position + len(sealed) - _TAG
            try:
                aead.decrypt_into(_chunk_nonce(base_int, index, last=index == count - 1), sealed, chunk_aad, target[position:end])
            except InvalidTag as exc:
                msg = f"chunk {index + 1} of {count} does not authenticate: the content was altered, reordered or truncated"
                raise DecryptionError(msg) from exc
            position = end
    return out.getvalue()
