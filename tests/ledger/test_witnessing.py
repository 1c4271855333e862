"""The log asks a real witness (incamera's own witness server, on a local port) to cosign its
checkpoints, publishes the cosigned checkpoint, and receipts satisfy a 1-of-1 witness policy."""

import threading

import pytest
from django.test import Client

from incamera.ledger import sequencer
from incamera.ledger.keys import log_origin, log_signers, log_vkeys
from incamera.ledger.models import LogEntry, WitnessRecord
from incamera.ledger.receipts import receipt_for
from incamera.ledger.witnessing import gather_cosignatures
from incamera.tlog.cosignature import Cosigner
from incamera.tlog.verify import WitnessPolicyError, verify_receipt
from incamera.tlog.witness import MemoryWitnessState, Witness, make_http_server
from tests.conftest import Cast, make_meeting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _worker_sequencer(settings) -> None:  # type: ignore[no-untyped-def]
    """Real commits happen here (the live server needs them); sequence by hand, as a worker would."""
    settings.INCAMERA_LOG_SEQUENCER = "worker"


@pytest.fixture
def witness_url(settings):  # type: ignore[no-untyped-def]
    cosigner = Cosigner.generate("witness.example")
    witness = Witness(logs={log_origin(): [s.verifier() for s in log_signers()]}, cosigners=[cosigner], state=MemoryWitnessState())  # type: ignore[attr-defined]
    server = make_http_server(witness, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.INCAMERA_LOG_WITNESSES = [[url, cosigner.verifier().to_vkey()]]
    yield url, cosigner.verifier().to_vkey()
    server.shutdown()


def test_checkpoints_are_cosigned_and_published(cast: Cast, witness_url: tuple[str, str]) -> None:
    url, witness_vkey = witness_url
    first = sequencer.sequence_pending()
    assert first is not None
    gather_cosignatures(first)
    served = Client().get("/log/checkpoint").content.decode()
    assert "\u2014 witness.example " in served
    assert WitnessRecord.objects.get(url=url).size == first.size
    # The log grows; the witness gets a consistency proof from the size it cosigned.
    make_meeting(cast.organizer, title="Grown")
    second = sequencer.sequence_pending()
    assert second is not None
    gather_cosignatures(second)
    assert WitnessRecord.objects.get(url=url).size == second.size
    entry = LogEntry.objects.filter(index__isnull=False).order_by("index").first()
    assert entry is not None
    receipt = receipt_for(entry)
    verify_receipt(receipt, log_vkey=log_vkeys()[0], witness_vkeys=[witness_vkey], witnesses_required=1)
    other = Cosigner.generate("other.example").verifier().to_vkey()
    with pytest.raises(WitnessPolicyError):
        verify_receipt(receipt, log_vkey=log_vkeys()[0], witness_vkeys=[other], witnesses_required=1)


def test_an_unreachable_witness_leaves_the_log_serving_its_own_note(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INCAMERA_LOG_WITNESSES = [["http://127.0.0.1:9", Cosigner.generate("gone.example").verifier().to_vkey()]]
    checkpoint = sequencer.sequence_pending()
    assert checkpoint is not None
    assert gather_cosignatures(checkpoint) == checkpoint.note
    assert WitnessRecord.objects.get().last_error
    assert Client().get("/log/checkpoint").content.decode() == checkpoint.note


def test_verify_log_command_applies_a_witness_policy(cast: Cast, witness_url: tuple[str, str], live_server) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.management import CommandError, call_command

    _url, witness_vkey = witness_url
    checkpoint = sequencer.sequence_pending()
    assert checkpoint is not None
    gather_cosignatures(checkpoint)
    out = io.StringIO()
    base = f"{live_server.url}/log"
    call_command("verify", "log", "--url", base, "--vkey", log_vkeys()[0], "--witness-vkey", witness_vkey, "--witnesses", "1", stdout=out)
    assert "cosigned by at least 1 of 1 witnesses" in out.getvalue()
    stranger = Cosigner.generate("stranger.example").verifier().to_vkey()
    with pytest.raises(CommandError, match="verification failed"):
        call_command("verify", "log", "--url", base, "--vkey", log_vkeys()[0], "--witness-vkey", stranger, "--witnesses", "1")


def test_the_witness_command_says_when_its_port_is_taken_and_when_its_key_folder_is_not_usable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Open items of issue 9, finding 12: one line and an exit code, never a traceback."""
    import socket

    from django.core.management import call_command
    from django.core.management.base import CommandError

    vkey = log_vkeys()[0]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=rf"cannot listen on 127\.0\.0\.1:{port}: .*choose another with --port"):
            call_command("witness", "--name", "w.example", "--log", vkey, "--port", str(port), "--state", str(tmp_path / "s.sqlite3"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(CommandError, match=r"cannot create or read the key file .*not-a-folder/witness\.key"):
        call_command("witness", "key", "--name", "w.example", "--key", str(blocker / "witness.key"))
