"""The custodian quorum: k of n custodians release a meeting key; fewer, a wrong share, another
quorum's share or the wrong context fail loudly and never yield a wrong key; the documented
construction rebuilt by hand; every parse error named."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import itertools
import json
from collections.abc import Callable

import pytest
from Crypto.Protocol.SecretSharing import Shamir
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.crypto import envelope, hybrid
from incamera.crypto.envelope import DecryptionError, new_meeting_key
from incamera.crypto.hybrid import CustodianKeyPair
from incamera.crypto.quorum import (
    FORMAT,
    MAX_CUSTODIANS,
    SHARE_BYTES,
    WRAPPED_SHARE_BYTES,
    MalformedQuorumError,
    Progress,
    Quorum,
    QuorumMismatchError,
    Share,
    ShareMismatchError,
    combine,
    open_share,
    progress,
    split,
    verify_share,
)
from incamera.kernel.errors import InvalidInputError, VerificationError

CONTEXT = b"incamera meeting 42 sealed-release"


def flip(blob: bytes, index: int, bit: int = 0) -> bytes:
    damaged = bytearray(blob)
    damaged[index] ^= 1 << bit
    return bytes(damaged)


def custodians(n: int) -> list[CustodianKeyPair]:
    return [CustodianKeyPair.generate() for _ in range(n)]


def make(k: int, n: int) -> tuple[bytes, Quorum, list[Share]]:
    """A meeting key, its quorum, and every custodian's opened share (share i opened by custodian i)."""
    pairs = custodians(n)
    key = new_meeting_key()
    quorum = split(key, k=k, custodians=[pair.public for pair in pairs], context=CONTEXT)
    shares = [open_share(quorum.wrapped_share(i), pair.private, context=CONTEXT) for i, pair in enumerate(pairs, start=1)]
    return key, quorum, shares


def forge_commitment(quorum: Quorum, share: Share) -> Quorum:
    """The quorum with share ``share.index``'s commitment replaced to match ``share``: what an attacker
    who can also write the stored quorum would do; the GCM wrap must still refuse."""
    label = b"incamera/quorum/v1/commitment\x00"
    digest = hashlib.sha256(label + quorum.id + bytes([share.index]) + share.value).digest()
    commitments = list(quorum.commitments)
    commitments[share.index - 1] = digest
    return dataclasses.replace(quorum, commitments=tuple(commitments))


# Round trips


@pytest.mark.parametrize(("k", "n"), [(1, 1), (2, 3), (3, 5)])
def test_round_trip(k: int, n: int) -> None:
    key, quorum, shares = make(k, n)
    assert (quorum.k, quorum.n, len(quorum.wrapped_shares), len(quorum.commitments)) == (k, n, n, n)
    assert [share.index for share in shares] == list(range(1, n + 1))
    assert combine(quorum, shares[:k], context=CONTEXT) == key
    assert combine(quorum, shares, context=CONTEXT) == key  # more than k is fine


def test_every_k_subset_of_five_opens_in_any_order() -> None:
    for k in range(1, 6):
        key, quorum, shares = make(k, 5)
        for subset in itertools.combinations(shares, k):
            assert combine(quorum, subset, context=CONTEXT) == key
            assert combine(quorum, subset[::-1], context=CONTEXT) == key


@settings(max_examples=15, deadline=None)
@given(data=st.data(), n=st.integers(min_value=1, max_value=6))
def test_any_subset_of_at_least_k_opens(data: st.DataObject, n: int) -> None:
    k = data.draw(st.integers(min_value=1, max_value=n))
    key, quorum, shares = make(k, n)
    subset = data.draw(st.lists(st.sampled_from(shares), min_size=k, max_size=n, unique_by=lambda share: share.index))
    assert combine(quorum, subset, context=CONTEXT) == key


def test_quorums_are_fresh() -> None:
    pairs = custodians(3)
    key = new_meeting_key()
    one = split(key, k=2, custodians=[pair.public for pair in pairs], context=CONTEXT)
    two = split(key, k=2, custodians=[pair.public for pair in pairs], context=CONTEXT)
    assert one.id != two.id
    assert one.wrapped_key != two.wrapped_key
    assert set(one.commitments).isdisjoint(two.commitments)
    assert all(key not in wrapped for wrapped in (*one.wrapped_shares, one.wrapped_key, one.to_json().encode()))


# The construction in the module docstring, rebuilt by hand


def test_construction_follows_the_docstring() -> None:
    pairs = custodians(3)
    key = new_meeting_key()
    quorum = split(key, k=2, custodians=[pair.public for pair in pairs], context=CONTEXT)
    values = []
    for index, (pair, wrapped) in enumerate(zip(pairs, quorum.wrapped_shares, strict=True), start=1):
        header = wrapped[:24]
        assert header == b"ICQW\x01" + quorum.id + bytes([index, 2, 3])
        assert len(wrapped) == WRAPPED_SHARE_BYTES == 1197
        value = hybrid.unwrap_as_custodian(pair.private, wrapped[24:], aad=b"incamera/quorum/v1/share\x00" + header + CONTEXT)
        assert (
            quorum.commitments[index - 1]
            == hashlib.sha256(b"incamera/quorum/v1/commitment\x00" + quorum.id + bytes([index]) + value).digest()
        )
        values.append(value)
    first = Shamir.combine([(1, values[0][:16]), (3, values[2][:16])])
    second = Shamir.combine([(1, values[0][16:]), (3, values[2][16:])])
    aad = b"incamera/quorum/v1/meeting-key\x00" + quorum.id + bytes([2, 3]) + CONTEXT
    assert envelope.unwrap_key(first + second, quorum.wrapped_key, aad=aad) == key
    share = open_share(quorum.wrapped_shares[1], pairs[1].private, context=CONTEXT)
    assert share.to_bytes() == b"ICQS\x01" + quorum.id + b"\x02" + values[1]
    assert len(share.to_bytes()) == SHARE_BYTES


def test_a_share_never_shows_its_value() -> None:
    _key, _quorum, shares = make(2, 2)
    assert shares[0].value.hex() not in repr(shares[0])
    assert repr(shares[0].value) not in repr(shares[0])


# Fewer than k, duplicates, indices


@pytest.mark.parametrize(("k", "n"), [(2, 3), (3, 5), (5, 5)])
def test_fewer_than_k_shares_are_refused(k: int, n: int) -> None:
    _key, quorum, shares = make(k, n)
    for subset in itertools.combinations(shares, k - 1):
        with pytest.raises(InvalidInputError, match=rf"^{k - 1} of {k} shares: this quorum needs {k} distinct shares") as caught:
            combine(quorum, subset, context=CONTEXT)
        assert caught.value.field == "shares"


def test_duplicate_shares_do_not_count_twice() -> None:
    _key, quorum, shares = make(3, 5)
    with pytest.raises(InvalidInputError, match="share 2 was given twice"):
        combine(quorum, [shares[0], shares[1], shares[1]], context=CONTEXT)
    assert str(progress(quorum, [shares[0], shares[1], shares[1]])) == "2 of 3"


def test_a_share_index_out_of_range_is_refused() -> None:
    _key, quorum, shares = make(2, 3)
    _key, _other, other_shares = make(2, 5)
    with pytest.raises(InvalidInputError, match="share index 5 is out of range; this quorum's shares are numbered 1–3"):
        combine(quorum, [shares[0], other_shares[4]], context=CONTEXT)
    with pytest.raises(InvalidInputError, match="share index 4 is out of range"):
        quorum.wrapped_share(4)
    for index in (0, MAX_CUSTODIANS + 1, True, "1"):
        with pytest.raises(MalformedQuorumError, match="share: index"):
            Share(quorum.id, index, shares[0].value)  # type: ignore[arg-type]


# Wrong shares fail loudly, never with a wrong key


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_flipped_bit_in_any_share_is_named(data: st.DataObject) -> None:
    _key, quorum, shares = make(2, 3)
    position = data.draw(st.integers(min_value=0, max_value=len(shares[0].value) - 1))
    bit = data.draw(st.integers(min_value=0, max_value=7))
    victim = data.draw(st.sampled_from(shares))
    damaged = dataclasses.replace(victim, value=flip(victim.value, position, bit))
    given_shares = [damaged if share.index == victim.index else share for share in shares]
    with pytest.raises(ShareMismatchError, match=rf"^the shares do not open this quorum: share {victim.index} does not match") as caught:
        combine(quorum, given_shares, context=CONTEXT)
    assert caught.value.index == victim.index
    with pytest.raises(ShareMismatchError):
        verify_share(quorum, damaged)


@pytest.mark.parametrize("position", [0, 7, 15, 16, 31])
def test_a_flipped_share_with_a_forged_commitment_still_fails(position: int) -> None:
    _key, quorum, shares = make(3, 5)
    damaged = dataclasses.replace(shares[2], value=flip(shares[2].value, position))
    forged = forge_commitment(quorum, damaged)
    verify_share(forged, damaged)  # the commitment no longer catches it ...
    with pytest.raises(QuorumMismatchError, match=r"^the shares do not open this quorum: shares 1, 2, 3 combine") as caught:
        combine(forged, [shares[0], shares[1], damaged], context=CONTEXT)  # ... the GCM tag does
    assert isinstance(caught.value, VerificationError)
    assert not isinstance(caught.value, ShareMismatchError)
    assert combine(forged, [shares[0], shares[1], shares[3]], context=CONTEXT)  # the others still open it


def test_a_flipped_bit_in_the_wrapped_key_fails() -> None:
    _key, quorum, shares = make(2, 3)
    for position in range(len(quorum.wrapped_key)):
        damaged = dataclasses.replace(quorum, wrapped_key=flip(quorum.wrapped_key, position))
        with pytest.raises(QuorumMismatchError, match=r"^the shares do not open this quorum"):
            combine(damaged, shares[:2], context=CONTEXT)


@pytest.mark.parametrize("field", ["k", "n"])
def test_an_altered_threshold_fails(field: str) -> None:
    _key, quorum, shares = make(2, 4)
    damaged = dataclasses.replace(quorum, **{field: 3})
    with pytest.raises(QuorumMismatchError):
        combine(damaged, shares[:3], context=CONTEXT)


def test_the_wrong_context_fails() -> None:
    _key, quorum, shares = make(2, 3)
    with pytest.raises(QuorumMismatchError, match="the wrong context"):
        combine(quorum, shares[:2], context=b"incamera meeting 43 sealed-release")
    pair = CustodianKeyPair.generate()
    alone = split(new_meeting_key(), k=1, custodians=[pair.public], context=CONTEXT)
    with pytest.raises(DecryptionError, match="does not unwrap"):
        open_share(alone.wrapped_share(1), pair.private, context=b"incamera meeting 43 sealed-release")


def test_a_share_from_another_quorum_fails() -> None:
    key, quorum, shares = make(2, 3)
    pairs = custodians(3)
    other = split(key, k=2, custodians=[pair.public for pair in pairs], context=CONTEXT)  # same key, same context
    stranger = open_share(other.wrapped_share(2), pairs[1].private, context=CONTEXT)
    with pytest.raises(ShareMismatchError, match="share 2 was opened from another quorum") as caught:
        combine(quorum, [shares[0], stranger], context=CONTEXT)
    assert caught.value.index == 2
    relabelled = dataclasses.replace(stranger, quorum_id=quorum.id)
    with pytest.raises(ShareMismatchError, match="share 2 does not match its commitment"):
        combine(quorum, [shares[0], relabelled], context=CONTEXT)
    with pytest.raises(QuorumMismatchError, match=r"^the shares do not open this quorum"):
        combine(forge_commitment(quorum, relabelled), [shares[0], relabelled], context=CONTEXT)


def test_a_bad_share_beyond_the_first_k_is_still_named() -> None:
    _key, quorum, shares = make(2, 4)
    damaged = dataclasses.replace(shares[3], value=flip(shares[3].value, 0))
    with pytest.raises(ShareMismatchError) as caught:
        combine(quorum, [*shares[:3], damaged], context=CONTEXT)
    assert caught.value.index == 4


# The custodian's step


def test_a_custodian_cannot_open_anothers_share() -> None:
    pairs = custodians(3)
    quorum = split(new_meeting_key(), k=2, custodians=[pair.public for pair in pairs], context=CONTEXT)
    with pytest.raises(DecryptionError, match="wrapped for another custodian"):
        open_share(quorum.wrapped_share(1), pairs[1].private, context=CONTEXT)
    with pytest.raises(DecryptionError):
        open_share(quorum.wrapped_share(3), CustodianKeyPair.generate().private, context=CONTEXT)


def test_a_flipped_bit_anywhere_in_a_wrapped_share_fails() -> None:
    pair = CustodianKeyPair.generate()
    quorum = split(new_meeting_key(), k=1, custodians=[pair.public, CustodianKeyPair.generate().public], context=CONTEXT)
    wrapped = quorum.wrapped_share(1)
    for position in range(len(wrapped)):
        with pytest.raises((DecryptionError, MalformedQuorumError)):
            open_share(flip(wrapped, position), pair.private, context=CONTEXT)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda w: w[:-1], "wrapped share is 1196 bytes; expected 1197"),
        (lambda w: b"XXXX" + w[4:], "wrapped share starts 5858585801; expected 4943515701"),
        (lambda w: w[:4] + b"\x02" + w[5:], "expected 4943515701 \\(version 1\\)"),
        (lambda w: w[:21] + b"\x03" + w[22:], "names share 3 with k = 1 of n = 2"),
        (lambda w: w[:22] + b"\x00" + w[23:], "names share 1 with k = 0 of n = 2"),
    ],
)
def test_a_malformed_wrapped_share_is_named(mutate: Callable[[bytes], bytes], message: str) -> None:
    pair = CustodianKeyPair.generate()
    quorum = split(new_meeting_key(), k=1, custodians=[pair.public, CustodianKeyPair.generate().public], context=CONTEXT)
    with pytest.raises(MalformedQuorumError, match=message) as caught:
        open_share(mutate(quorum.wrapped_share(1)), pair.private, context=CONTEXT)
    assert caught.value.field == "wrapped_share"


# Progress


def test_progress_counts_distinct_valid_shares_of_k() -> None:
    _key, quorum, shares = make(3, 5)
    _other_key, _other, strangers = make(3, 5)
    assert progress(quorum, []) == Progress(0, 3)
    assert str(progress(quorum, [])) == "0 of 3"
    assert not progress(quorum, shares[:2]).complete
    assert str(progress(quorum, [*shares[:2], strangers[2], shares[0]])) == "2 of 3"
    damaged = dataclasses.replace(shares[2], value=flip(shares[2].value, 5))
    assert str(progress(quorum, [*shares[:2], damaged])) == "2 of 3"
    assert progress(quorum, shares[:3]).complete
    assert str(progress(quorum, shares)) == "5 of 3"


# split's arguments


def test_split_refuses_bad_arguments() -> None:
    publics = [pair.public for pair in custodians(3)]
    key = new_meeting_key()
    cases: list[tuple[dict[str, object], str, str]] = [
        ({"k": 0}, "k", "k is 0; expected 1–3"),
        ({"k": 4}, "k", "k is 4; expected 1–3"),
        ({"k": True}, "k", "k is True"),
        ({"custodians": []}, "custodians", "a quorum has 0 custodians; expected 1–64"),
        ({"custodians": [publics[0], publics[1], publics[0]]}, "custodians", "custodians 1 and 3 have the same public key"),
        ({"context": b""}, "context", "context is empty"),
        ({"meeting_key": key[:16]}, "key", "meeting key is 16 bytes; expected 32"),
    ]
    for change, field, message in cases:
        arguments: dict[str, object] = {"meeting_key": key, "k": 2, "custodians": publics, "context": CONTEXT, **change}
        with pytest.raises(InvalidInputError, match=message) as caught:
            split(**arguments)  # type: ignore[arg-type]
        assert caught.value.field == field


def test_combine_and_open_refuse_an_empty_context() -> None:
    pairs = custodians(1)
    quorum = split(new_meeting_key(), k=1, custodians=[pairs[0].public], context=CONTEXT)
    with pytest.raises(InvalidInputError, match="context is empty"):
        open_share(quorum.wrapped_share(1), pairs[0].private, context=b"")
    share = open_share(quorum.wrapped_share(1), pairs[0].private, context=CONTEXT)
    with pytest.raises(InvalidInputError, match="context is empty"):
        combine(quorum, [share], context=b"")


# Serialisation


def test_quorum_json_round_trip() -> None:
    key, quorum, shares = make(3, 5)
    text = quorum.to_json()
    document = json.loads(text)
    assert document["format"] == FORMAT == "incamera-quorum/v1"
    assert (document["k"], document["n"]) == (3, 5)
    assert [entry["index"] for entry in document["shares"]] == [1, 2, 3, 4, 5]
    again = Quorum.from_json(text)
    assert again == quorum
    assert Quorum.from_json(text.encode()) == quorum
    assert combine(again, shares[2:], context=CONTEXT) == key


def test_share_round_trip() -> None:
    _key, quorum, shares = make(2, 3)
    for share in shares:
        assert Share.from_bytes(share.to_bytes()) == share
        assert Share.from_text(f"  {share.to_text()}\n") == share
        verify_share(quorum, Share.from_text(share.to_text()))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "share is 0 bytes; expected 54"),
        ("not base64!", "share: the base64 does not decode"),
        (base64.b64encode(b"ICQT\x01" + bytes(49)).decode(), "share starts 4943515401; expected 4943515301"),
        (base64.b64encode(b"ICQS\x02" + bytes(49)).decode(), "expected 4943515301 \\(version 1\\)"),
        (base64.b64encode(b"ICQS\x01" + bytes(16) + b"\x00" + bytes(32)).decode(), "share: index is 0"),
    ],
)
def test_a_malformed_share_is_named(text: str, message: str) -> None:
    with pytest.raises(MalformedQuorumError, match=message) as caught:
        Share.from_text(text)
    assert caught.value.field == "share"


def _mutations() -> list[tuple[Callable[[dict[str, object]], object], str, str]]:
    def replace(**changes: object) -> Callable[[dict[str, object]], object]:
        return lambda document: {**document, **changes}

    def without(key: str) -> Callable[[dict[str, object]], object]:
        return lambda document: {name: value for name, value in document.items() if name != key}

    def in_share(position: int, **changes: object) -> Callable[[dict[str, object]], object]:
        def mutate(document: dict[str, object]) -> object:
            entries = [dict(entry) for entry in document["shares"]]  # type: ignore[attr-defined]
            entries[position].update(changes)
            return {**document, "shares": entries}

        return mutate

    def swap_shares(document: dict[str, object]) -> object:
        entries = list(document["shares"])  # type: ignore[call-overload]
        entries[0], entries[1] = {**entries[1], "index": 1}, {**entries[0], "index": 2}
        return {**document, "shares": entries}

    b64 = base64.b64encode
    return [
        (lambda _document: [], "quorum", "quorum: expected a JSON object; found list"),
        (without("wrapped_key"), "quorum", "quorum: missing wrapped_key"),
        (replace(extra=1), "quorum", "quorum: unexpected extra"),
        (replace(format="incamera-quorum/v2"), "version", "quorum format is 'incamera-quorum/v2'; expected 'incamera-quorum/v1'"),
        (replace(n=0), "n", "n is 0; expected an integer from 1 to 64"),
        (replace(n="3"), "n", "n is '3'"),
        (replace(k=4), "k", "k is 4; expected an integer from 1 to 3"),
        (replace(k=True), "k", "k is True"),
        (replace(k=2.0), "k", "k is 2.0"),
        (replace(id=b64(bytes(15)).decode()), "id", "id is 15 bytes; expected 16"),
        (replace(id=5), "id", "id: expected a base64 string; found int"),
        (replace(wrapped_key="%%%"), "wrapped_key", "wrapped_key: the base64 does not decode"),
        (replace(wrapped_key=b64(bytes(60)).decode()), "wrapped_key", "wrapped_key is 60 bytes; expected 61"),
        (replace(shares={}), "shares", "shares: expected a list of n = 3 entries; found dict"),
        (lambda document: {**document, "shares": document["shares"][:2]}, "shares", "found 2 entries"),  # type: ignore[index]
        (in_share(1, index=3), "shares[1]", "shares\\[1\\].index is 3; expected 2 \\(shares in order\\)"),
        (in_share(1, index=9), "shares[1].index", "shares\\[1\\].index is 9; expected an integer from 1 to 3"),
        (in_share(2, commitment=b64(bytes(31)).decode()), "shares[2].commitment", "shares\\[2\\].commitment is 31 bytes; expected 32"),
        (in_share(0, wrapped=b64(bytes(10)).decode()), "shares[0].wrapped", "shares\\[0\\].wrapped is 10 bytes; expected 1197"),
        (in_share(0, wrapped=b64(bytes(1197)).decode()), "wrapped_share", "wrapped share starts 0000000000"),
        (in_share(0, note=""), "shares[0]", "shares\\[0\\]: unexpected note"),
        (swap_shares, "shares[0]", "shares\\[0\\].wrapped is not share 1 of this quorum"),
    ]


@pytest.mark.parametrize(("mutate", "field", "message"), _mutations())
def test_a_malformed_quorum_is_named(mutate: Callable[[dict[str, object]], object], field: str, message: str) -> None:
    _key, quorum, _shares = make(2, 3)
    document = json.loads(quorum.to_json())
    with pytest.raises(MalformedQuorumError, match=message) as caught:
        Quorum.from_json(json.dumps(mutate(document)))
    assert caught.value.field == field


def test_a_quorum_from_another_quorums_json_is_refused() -> None:
    _key, quorum, _shares = make(2, 3)
    _key, other, _shares = make(2, 3)
    document = json.loads(quorum.to_json())
    document["shares"][1] = json.loads(other.to_json())["shares"][1]
    with pytest.raises(MalformedQuorumError, match=r"shares\[1\]\.wrapped is not share 2 of this quorum"):
        Quorum.from_json(json.dumps(document))


@pytest.mark.parametrize("text", ["", "{", b"\xff\xfe", "null"])
def test_not_json_is_named(text: str | bytes) -> None:
    with pytest.raises(MalformedQuorumError, match="quorum"):
        Quorum.from_json(text)
