"""c2sp.org/tlog-witness: add-checkpoint answers, atomic state, the WSGI app and ``incamera witness``."""

from __future__ import annotations

import base64
import datetime as dt
import io
import stat
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.clock import FixedClock
from incamera.kernel.errors import InvalidInputError
from incamera.ledger.management.commands.witness import Command as WitnessCommand
from incamera.tlog.checkpoint import Checkpoint
from incamera.tlog.cosignature import CosignatureVerifier, Cosigner, cosignature_timestamp
from incamera.tlog.merkle import MemoryTree, consistency_proof, tree_root
from incamera.tlog.note import Ed25519Signer, Note, Signature, open_note, sign_note
from incamera.tlog.witness import (
    MAX_PROOF_LINES,
    SIZE_CONTENT_TYPE,
    AddCheckpointRequest,
    MalformedRequestError,
    MemoryWitnessState,
    SqliteWitnessState,
    Witness,
    WitnessedTree,
    WitnessResponse,
    WitnessState,
    make_http_server,
    make_wsgi_app,
)

ORIGIN = "log.example.org/incamera-test"
WITNESS_NAME = "witness.example.org/w1"
WHEN = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)


class Log:
    """A log in memory that signs checkpoints of any of its sizes and writes add-checkpoint bodies."""

    def __init__(self, signer: Ed25519Signer, entries: Sequence[bytes]) -> None:
        self.signer = signer
        self.tree = MemoryTree()
        for entry in entries:
            self.tree.append_entry(entry)

    def note(self, size: int) -> Note:
        return sign_note(Checkpoint(ORIGIN, size, tree_root(self.tree, size)).to_text(), [self.signer])

    def body(self, old: int, new: int, *, proof: Sequence[bytes] | None = None, note: Note | None = None) -> bytes:
        if proof is None:
            proof = consistency_proof(self.tree, old_size=old, new_size=new) if old else []
        lines = "".join(base64.b64encode(h).decode() + "\n" for h in proof)
        return f"old {old}\n{lines}\n{(note or self.note(new)).to_text()}".encode()


def entries(count: int, *, tag: bytes = b"entry") -> list[bytes]:
    return [tag + b" %d" % i for i in range(count)]


@pytest.fixture(scope="module")
def log_signer() -> Ed25519Signer:
    return Ed25519Signer.generate(ORIGIN)


@pytest.fixture
def log(log_signer: Ed25519Signer) -> Log:
    return Log(log_signer, entries(40))


@pytest.fixture
def cosigner() -> Cosigner:
    return Cosigner.generate(WITNESS_NAME, clock=FixedClock(WHEN))


def make_witness(log_signer: Ed25519Signer, cosigner: Cosigner, state: WitnessState) -> Witness:
    return Witness(logs={ORIGIN: [log_signer.verifier()]}, cosigners=[cosigner], state=state)


@pytest.fixture
def witness(log_signer: Ed25519Signer, cosigner: Cosigner, tmp_path: Path) -> Witness:
    return make_witness(log_signer, cosigner, SqliteWitnessState(tmp_path / "state.sqlite3"))


def assert_cosigned(response: WitnessResponse, log: Log, size: int, cosigner: Cosigner) -> None:
    assert response.status == 200, response.body
    assert response.body.decode().startswith("— ")
    assert response.body.endswith(b"\n")
    # As the spec suggests to clients: append the lines to the checkpoint and open it as a note.
    opened = open_note(log.note(size).to_text() + response.body.decode(), verifiers=[cosigner.verifier()])
    [line] = opened.verified
    assert line.name == WITNESS_NAME
    assert cosignature_timestamp(line) == int(WHEN.timestamp())


def test_cosigns_a_growing_log_in_sequence(witness: Witness, log: Log, cosigner: Cosigner) -> None:
    steps = [(0, 0), (0, 1), (1, 3), (3, 3), (3, 4), (4, 8), (8, 13), (13, 40)]
    for old, new in steps:
        response = witness.add_checkpoint(log.body(old, new))
        assert_cosigned(response, log, new, cosigner)
        assert witness.state.get(ORIGIN) == WitnessedTree(new, tree_root(log.tree, new))


def test_the_first_checkpoint_needs_old_size_zero_and_no_proof(witness: Witness, log: Log, cosigner: Cosigner) -> None:
    assert witness.state.get(ORIGIN) is None
    assert_cosigned(witness.add_checkpoint(log.body(0, 17)), log, 17, cosigner)


def test_a_checkpoint_with_several_signatures_is_cosigned_once_per_witness_key(log_signer: Ed25519Signer, log: Log) -> None:
    first, second = Cosigner.generate(WITNESS_NAME), Cosigner.generate("witness.example.org/w2")
    witness = Witness(logs={ORIGIN: [log_signer.verifier()]}, cosigners=[first, second], state=MemoryWitnessState())
    note = sign_note(log.note(5), [Ed25519Signer.generate("someone.else.example")])
    response = witness.add_checkpoint(log.body(0, 5, note=note))
    assert response.status == 200
    lines = [Signature.from_line(line) for line in response.body.decode().splitlines()]
    assert [line.name for line in lines] == [WITNESS_NAME, "witness.example.org/w2"]
    opened = open_note(note.to_text() + response.body.decode(), verifiers=[first.verifier(), second.verifier()])
    assert len(opened.verified) == 2


def test_an_unknown_origin_is_404(witness: Witness) -> None:
    other = Log(Ed25519Signer.generate("other.example.org/log"), entries(3))
    note = sign_note(Checkpoint("other.example.org/log", 3, tree_root(other.tree, 3)).to_text(), [other.signer])
    response = witness.add_checkpoint(f"old 0\n\n{note.to_text()}".encode())
    assert response.status == 404
    assert b"other.example.org/log" in response.body
    assert witness.state.get("other.example.org/log") is None


def test_a_checkpoint_without_a_valid_log_signature_is_403(witness: Witness, log: Log) -> None:
    impostor = Ed25519Signer.generate(ORIGIN)  # the log's name, another key: an unknown key, ignored
    text = log.note(5).text
    forged = sign_note(text, [impostor])
    good = log.note(5).signatures[0]
    tampered = Note(text, (Signature(good.name, good.key_id, bytes([good.signature[0] ^ 1]) + good.signature[1:]),))
    other_text = sign_note(Checkpoint(ORIGIN, 5, b"\x07" * 32).to_text(), [log.signer]).signatures[0]
    misplaced = Note(text, (other_text,))  # the log's valid signature, but over another checkpoint
    for note in (forged, tampered, misplaced):
        response = witness.add_checkpoint(log.body(0, 5, note=note))
        assert response.status == 403, note
    assert witness.state.get(ORIGIN) is None


def test_a_stale_old_size_is_409_with_the_current_size(witness: Witness, log: Log) -> None:
    response = witness.add_checkpoint(log.body(4, 8))  # nothing cosigned yet: the witness is at 0
    assert (response.status, response.body, response.content_type) == (409, b"0\n", SIZE_CONTENT_TYPE)
    assert witness.add_checkpoint(log.body(0, 5)).status == 200
    assert witness.add_checkpoint(log.body(5, 9)).status == 200
    for old in (0, 5, 8, 10):
        response = witness.add_checkpoint(log.body(old, 12))
        assert (response.status, response.body, response.content_type) == (409, b"9\n", SIZE_CONTENT_TYPE)
    assert witness.state.get(ORIGIN) == WitnessedTree(9, tree_root(log.tree, 9))


def test_a_smaller_checkpoint_is_never_cosigned(witness: Witness, log: Log) -> None:
    assert witness.add_checkpoint(log.body(0, 10)).status == 200
    assert witness.add_checkpoint(log.body(10, 6, proof=[])).status == 400  # old size above the checkpoint's
    response = witness.add_checkpoint(log.body(6, 6))
    assert (response.status, response.body) == (409, b"10\n")
    assert witness.state.get(ORIGIN) == WitnessedTree(10, tree_root(log.tree, 10))


def test_another_root_at_the_recorded_size_is_a_409_split_view(witness: Witness, log: Log, log_signer: Ed25519Signer) -> None:
    empty_but_not = sign_note(Checkpoint(ORIGIN, 0, b"\x07" * 32).to_text(), [log_signer])
    assert witness.add_checkpoint(log.body(0, 0, note=empty_but_not)).status == 409  # size 0 has one root
    assert witness.state.get(ORIGIN) is None
    assert witness.add_checkpoint(log.body(0, 6)).status == 200
    fork = Log(log_signer, entries(6, tag=b"fork"))
    response = witness.add_checkpoint(fork.body(6, 6))
    assert response.status == 409
    assert response.content_type != SIZE_CONTENT_TYPE
    assert witness.state.get(ORIGIN) == WitnessedTree(6, tree_root(log.tree, 6))


def flip(proof: list[bytes], position: int, bit: int) -> list[bytes]:
    changed = bytearray(proof[position])
    changed[bit // 8] ^= 1 << (bit % 8)
    return [*proof[:position], bytes(changed), *proof[position + 1 :]]


def test_a_bad_or_forked_consistency_proof_is_422(witness: Witness, log: Log, log_signer: Ed25519Signer) -> None:
    assert witness.add_checkpoint(log.body(0, 6)).status == 200
    proof = consistency_proof(log.tree, old_size=6, new_size=13)
    cases = {
        "a flipped bit": flip(proof, 1, 77),
        "a hash too few": proof[:-1],
        "a hash too many": [*proof, proof[0]],
        "no proof at all": [],
        "the proof to another size": consistency_proof(log.tree, old_size=6, new_size=14),
    }
    for case, bad in cases.items():
        assert witness.add_checkpoint(log.body(6, 13, proof=bad)).status == 422, case
    # A fork that shares the first 4 entries: its own proof from its size 6 is valid, but not from ours.
    fork = Log(log_signer, [*entries(4), *entries(20, tag=b"fork")])
    assert witness.add_checkpoint(fork.body(6, 13)).status == 422
    # From the empty tree, the proof must be empty.
    fresh = make_witness(log_signer, Cosigner.generate(WITNESS_NAME), MemoryWitnessState())
    assert fresh.add_checkpoint(log.body(0, 8, proof=consistency_proof(log.tree, old_size=4, new_size=8))).status == 422
    assert witness.state.get(ORIGIN) == WitnessedTree(6, tree_root(log.tree, 6))
    assert witness.add_checkpoint(log.body(6, 13)).status == 200  # the right proof still works


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_flipped_proof_bit_is_refused(log_signer: Ed25519Signer, data: st.DataObject) -> None:
    log = Log(log_signer, entries(40))
    old = data.draw(st.integers(1, 38), label="old")
    new = data.draw(st.integers(old + 1, 40), label="new")
    proof = consistency_proof(log.tree, old_size=old, new_size=new)
    witness = make_witness(
        log_signer, Cosigner.generate(WITNESS_NAME), MemoryWitnessState({ORIGIN: WitnessedTree(old, tree_root(log.tree, old))})
    )
    position = data.draw(st.integers(0, len(proof) - 1), label="position")
    bit = data.draw(st.integers(0, 255), label="bit")
    assert witness.add_checkpoint(log.body(old, new, proof=flip(proof, position, bit))).status == 422
    assert witness.add_checkpoint(log.body(old, new, proof=proof)).status == 200


def malformed_bodies(log: Log) -> dict[str, bytes]:
    note = log.note(8).to_text()
    proof_line = base64.b64encode(b"\x01" * 32).decode() + "\n"
    hello = sign_note("hello\n", [log.signer]).to_text()
    return {
        "garbage": b"garbage",
        "empty": b"",
        "no newline after the old size": b"old 0",
        "no old size": f"\n{note}".encode(),
        "old size with a leading zero": f"old 04\n\n{note}".encode(),
        "negative old size": f"old -1\n\n{note}".encode(),
        "old size in words": f"old four\n\n{note}".encode(),
        "old size too large": f"old {1 << 63}\n\n{note}".encode(),
        "two spaces": f"old  0\n\n{note}".encode(),
        "missing blank line": f"old 0\n{note}".encode(),
        "missing blank line after the proof": f"old 4\n{proof_line}{note}".encode(),
        "no checkpoint": b"old 0\n\n",
        "bad base64 proof line": f"old 4\nnot/base64!\n\n{note}".encode(),
        "non-canonical base64": f"old 4\n{proof_line[:-3]}F=\n\n{note}".encode(),
        "proof hash of 31 bytes": f"old 4\n{base64.b64encode(b'x' * 31).decode()}\n\n{note}".encode(),
        "too many proof lines": f"old 4\n{proof_line * (MAX_PROOF_LINES + 1)}\n{note}".encode(),
        "unsigned checkpoint": f"old 0\n\n{log.note(8).text}".encode(),
        "not UTF-8": b"old 0\n\n\xff\xfe" + note.encode(),
        "not a checkpoint": f"old 0\n\n{hello}".encode(),
        "old size above the checkpoint size": log.body(9, 8, proof=[]),
        "carriage returns": f"old 0\r\n\r\n{note}".encode(),
    }


def test_malformed_bodies_are_400(witness: Witness, log: Log) -> None:
    for case, body in malformed_bodies(log).items():
        response = witness.add_checkpoint(body)
        assert response.status == 400, case
        assert response.body.endswith(b"\n")
    assert witness.state.get(ORIGIN) is None


def test_63_proof_lines_parse_and_the_request_round_trips(log: Log) -> None:
    body = log.body(4, 8, proof=[bytes([i]) * 32 for i in range(MAX_PROOF_LINES)])
    request = AddCheckpointRequest.from_text(body)
    assert len(request.proof) == MAX_PROOF_LINES
    assert request.to_text().encode() == body
    with pytest.raises(MalformedRequestError, match="at most 63"):
        AddCheckpointRequest.from_text(log.body(4, 8, proof=[b"\x00" * 32] * 64))


def test_the_state_survives_a_new_sqlite_state_on_the_same_file(
    tmp_path: Path, log: Log, log_signer: Ed25519Signer, cosigner: Cosigner
) -> None:
    path = tmp_path / "witness" / "state.sqlite3"
    path.parent.mkdir()
    first = make_witness(log_signer, cosigner, SqliteWitnessState(path))
    assert first.add_checkpoint(log.body(0, 7)).status == 200
    assert first.add_checkpoint(log.body(7, 11)).status == 200
    again = make_witness(log_signer, cosigner, SqliteWitnessState(path))
    assert again.state.get(ORIGIN) == WitnessedTree(11, tree_root(log.tree, 11))
    assert (again.add_checkpoint(log.body(7, 12)).body, again.add_checkpoint(log.body(11, 12)).status) == (b"11\n", 200)


@pytest.fixture(params=["sqlite", "memory"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> WitnessState:
    return SqliteWitnessState(tmp_path / "state.sqlite3") if request.param == "sqlite" else MemoryWitnessState()


def test_compare_and_set_changes_only_the_size_it_expects(state: WitnessState) -> None:
    a, b = b"\xaa" * 32, b"\xbb" * 32
    assert state.get(ORIGIN) is None
    assert not state.compare_and_set(ORIGIN, old_size=3, new_size=5, new_root=a)  # absent means size 0
    assert state.compare_and_set(ORIGIN, old_size=0, new_size=5, new_root=a)
    assert not state.compare_and_set(ORIGIN, old_size=0, new_size=9, new_root=b)
    assert not state.compare_and_set(ORIGIN, old_size=5, new_size=5, new_root=b)  # same size, another root
    assert state.compare_and_set(ORIGIN, old_size=5, new_size=5, new_root=a)
    assert state.compare_and_set(ORIGIN, old_size=5, new_size=9, new_root=b)
    assert state.get(ORIGIN) == WitnessedTree(9, b)
    assert state.get("another.example/log") is None
    with pytest.raises(InvalidInputError):
        state.compare_and_set(ORIGIN, old_size=9, new_size=8, new_root=b)
    with pytest.raises(InvalidInputError):
        state.compare_and_set(ORIGIN, old_size=9, new_size=10, new_root=b"short")
    assert state.get(ORIGIN) == WitnessedTree(9, b)


def run_together(calls: Sequence[Callable[[], WitnessResponse]]) -> list[WitnessResponse]:
    barrier = threading.Barrier(len(calls))
    results: list[WitnessResponse | None] = [None] * len(calls)

    def run(position: int) -> None:
        barrier.wait()
        results[position] = calls[position]()

    threads = [threading.Thread(target=run, args=(position,)) for position in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(result is not None for result in results)
    return [result for result in results if result is not None]


def test_concurrent_requests_from_one_old_size_let_exactly_one_succeed(
    tmp_path: Path, log: Log, log_signer: Ed25519Signer, cosigner: Cosigner
) -> None:
    path = tmp_path / "state.sqlite3"
    make_witness(log_signer, cosigner, SqliteWitnessState(path)).add_checkpoint(log.body(0, 5))
    for round_ in range(3):
        old = 5 + round_ * 10
        # One witness object per thread, as separate processes sharing the file would be.
        witnesses = [make_witness(log_signer, cosigner, SqliteWitnessState(path)) for _ in range(8)]
        sizes = [old + 1 + i for i in range(8)]
        responses = run_together([lambda w=w, o=old, n=n: w.add_checkpoint(log.body(o, n)) for w, n in zip(witnesses, sizes, strict=True)])
        winners = [n for n, response in zip(sizes, responses, strict=True) if response.status == 200]
        assert len(winners) == 1, [r.status for r in responses]
        assert {r.body for r in responses if r.status != 200} == {f"{winners[0]}\n".encode()}
        assert witnesses[0].state.get(ORIGIN) == WitnessedTree(winners[0], tree_root(log.tree, winners[0]))
        # Bring the log to the next round's starting size.
        assert witnesses[0].add_checkpoint(log.body(winners[0], old + 10)).status == 200


def test_concurrent_identical_requests_let_exactly_one_succeed(witness: Witness, log: Log) -> None:
    assert witness.add_checkpoint(log.body(0, 3)).status == 200
    responses = run_together([lambda: witness.add_checkpoint(log.body(3, 9))] * 6)
    assert sorted(r.status for r in responses) == [200] + [409] * 5


def call_app(
    app: Callable[..., object], *, method: str = "POST", path: str = "/add-checkpoint", body: bytes = b"", **environ: str
) -> tuple[str, dict[str, str], bytes]:
    env: dict[str, object] = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    env.update(environ)
    setup_testing_defaults(env)
    captured: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Callable[[bytes], object]:
        captured.update(status=status, headers=dict(headers))
        return lambda _: None

    chunks = app(env, start_response)
    assert isinstance(chunks, list)
    return str(captured["status"]), dict(captured["headers"]), b"".join(chunks)  # type: ignore[arg-type]


def test_the_wsgi_app_routes_and_limits_requests(witness: Witness, log: Log) -> None:
    app = make_wsgi_app(witness, max_body_bytes=4096)
    status, headers, body = call_app(app, body=log.body(0, 4))
    assert status == "200 OK"
    assert headers["Content-Length"] == str(len(body))
    assert body.startswith("— ".encode())
    status, headers, body = call_app(app, body=log.body(0, 5))
    assert (status, headers["Content-Type"], body) == ("409 Conflict", SIZE_CONTENT_TYPE, b"4\n")
    status, headers, _ = call_app(app, method="GET")
    assert (status, headers["Allow"]) == ("405 Method Not Allowed", "POST")
    assert call_app(app, path="/add-checkpoint/")[0] == "404 Not Found"
    assert call_app(app, path="/")[0] == "404 Not Found"
    assert call_app(app, body=b"x" * 4097)[0] == "413 Request Entity Too Large"
    assert call_app(app, body=b"old 0\n", CONTENT_LENGTH="")[0] == "411 Length Required"
    assert call_app(app, body=b"old 0\n", CONTENT_LENGTH="-1")[0] == "400 Bad Request"
    assert call_app(app, body=b"old 0\n", CONTENT_LENGTH="100")[0] == "400 Bad Request"  # a truncated body
    assert call_app(app, body=b"garbage")[0] == "400 Bad Request"


def test_the_wsgi_app_answers_500_when_the_state_fails(log_signer: Ed25519Signer, cosigner: Cosigner, log: Log) -> None:
    class BrokenState(MemoryWitnessState):
        def compare_and_set(self, origin: str, *, old_size: int, new_size: int, new_root: bytes) -> bool:
            raise OSError("disk full")

    app = make_wsgi_app(make_witness(log_signer, cosigner, BrokenState()))
    status, _, body = call_app(app, body=log.body(0, 4))
    assert status == "500 Internal Server Error"
    assert b"disk full" not in body


@pytest.fixture
def server_url(witness: Witness) -> Iterator[str]:
    server = make_http_server(witness, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def post(url: str, body: bytes) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers["Content-Type"], exc.read()


def test_a_real_server_cosigns_over_http(server_url: str, log: Log, cosigner: Cosigner) -> None:
    status, _, body = post(f"{server_url}/add-checkpoint", log.body(0, 6))
    assert_cosigned(WitnessResponse(status, body), log, 6, cosigner)
    assert post(f"{server_url}/add-checkpoint", log.body(0, 7)) == (409, SIZE_CONTENT_TYPE, b"6\n")
    assert post(f"{server_url}/add-checkpoint", log.body(6, 7, proof=[b"\x00" * 32]))[0] == 422
    assert post(f"{server_url}/elsewhere", b"")[0] == 404
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{server_url}/add-checkpoint", timeout=10)
    with caught.value:
        assert caught.value.code == 405


def test_the_key_command_prints_a_stable_cosignature_vkey(tmp_path: Path) -> None:
    key = tmp_path / "keys" / "witness.key"
    out = io.StringIO()
    call_command("witness", "key", "--name", WITNESS_NAME, "--key", str(key), stdout=out)
    vkey = out.getvalue().strip()
    verifier = CosignatureVerifier.from_vkey(vkey)
    assert verifier.name == WITNESS_NAME
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.stat().st_size == 32
    again = io.StringIO()
    call_command("witness", "key", "--name", WITNESS_NAME, "--key", str(key), stdout=again)
    assert again.getvalue().strip() == vkey


def test_the_key_command_defaults_to_the_data_dir(tmp_path: Path, settings: object) -> None:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    out = io.StringIO()
    call_command("witness", "key", "--name", WITNESS_NAME, stdout=out)
    assert (tmp_path / "witness" / "witness.key").exists()
    CosignatureVerifier.from_vkey(out.getvalue().strip())


def test_the_command_refuses_bad_input(tmp_path: Path) -> None:
    key = str(tmp_path / "witness.key")
    with pytest.raises(CommandError, match="--name"):
        call_command("witness", "key", "--name", "has space", "--key", key, stdout=io.StringIO())
    with pytest.raises(CommandError, match="--log"):
        call_command("witness", "--name", WITNESS_NAME, "--key", key, "--state", str(tmp_path / "s"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--log"):
        call_command("witness", "--name", WITNESS_NAME, "--key", key, "--log", "not+a+vkey", stdout=io.StringIO())
    (tmp_path / "open.key").write_bytes(b"\x00" * 32)
    (tmp_path / "open.key").chmod(0o644)
    with pytest.raises(CommandError, match="mode"):
        call_command("witness", "key", "--name", WITNESS_NAME, "--key", str(tmp_path / "open.key"), stdout=io.StringIO())


def test_the_command_help_describes_both_actions() -> None:
    text = WitnessCommand().create_parser("incamera", "witness").format_help()
    for word in ("serve", "key", "--name", "--log", "--state", "--key", "--host", "--port"):
        assert word in text
