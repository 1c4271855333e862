"""Issue 9, finding 12: every command answers a domain error with one line and an exit code.

Reproduced first: ``incamera trace`` after a shred ended in a Python traceback (ConflictError).
The commands run here as an operator runs them: in a process of their own, on a data directory.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from incamera.kernel.errors import ConfigurationError, ConflictError, InvalidInputError, NotFoundError, VerificationError
from incamera.materials import actions as materials
from incamera.web.commands import EXIT_CODES, exit_code
from tests.conftest import Cast

BRIEF = ("The briefing sets out the supply of cobalt and lithium, the refining capacity, and the questions for the session. " * 12).encode()


def test_every_branch_of_the_error_tree_has_an_exit_code() -> None:
    assert exit_code(InvalidInputError("x")) == exit_code(NotFoundError("x")) == 2
    assert exit_code(ConflictError("x")) == 3
    assert exit_code(VerificationError("x")) == 4
    assert exit_code(ConfigurationError("x")) == 5
    assert sorted(set(EXIT_CODES.values())) == [2, 3, 4, 5]


@pytest.mark.django_db
def test_trace_after_a_shred_is_one_line_and_an_exit_code(cast: Cast, tmp_path: Path) -> None:
    document = materials.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    copy = tmp_path / "copy.md"
    copy.write_bytes(materials.recipient_copy(document, cast.delegate).data)
    materials.do_shred_materials(cast.meeting, by=cast.organizer)
    with pytest.raises(CommandError, match="shredded") as caught:
        call_command("trace", str(copy), "--meeting", str(cast.meeting.pk))
    assert caught.value.returncode == 3
    with pytest.raises(CommandError, match="shredded"):
        call_command(
            "materials", "copy", "--document", str(document.pk), "--recipient", cast.delegate.email, "--output", str(tmp_path / "x")
        )


def test_the_web_trace_page_names_the_reason(cast: Cast, tmp_path: Path, db: None) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import client_for

    document = materials.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    data = materials.recipient_copy(document, cast.delegate).data
    materials.do_shred_materials(cast.meeting, by=cast.organizer)
    page = client_for(cast.organizer).post(f"/meetings/{cast.meeting.pk}/materials/trace/", {"leaked": SimpleUploadedFile("c.md", data)})
    assert "shredded" in page.content.decode()


def test_a_command_in_its_own_process_prints_no_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INCAMERA_", "DJANGO_"))}
    env |= {"INCAMERA_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    command = [sys.executable, "-c", "from incamera.cli import main; main()"]
    subprocess.run([*command, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=300)
    bad = tmp_path / "notes.txt"
    bad.write_text("nothing to trace here")
    done = subprocess.run(
        [*command, "trace", str(bad), "--meeting", "999"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert "Traceback" not in done.stderr
    assert done.returncode in {0, 2}


@pytest.mark.django_db
def test_a_copy_that_cannot_be_written_is_neither_made_nor_logged(cast: Cast, tmp_path: Path) -> None:
    from incamera.materials.models import AccessRecord

    document = materials.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    missing = tmp_path / "no such folder" / "copy.md"
    with pytest.raises(CommandError, match="cannot write"):
        call_command("materials", "copy", "--document", str(document.pk), "--recipient", cast.delegate.email, "--output", str(missing))
    assert not AccessRecord.objects.filter(document=document).exists()


@pytest.mark.django_db
def test_downloading_a_shredded_document_says_why(cast: Cast) -> None:
    from tests.conftest import client_for

    document = materials.do_upload(cast.meeting, filename="brief.md", title="Brief", data=BRIEF, by=cast.organizer)
    materials.do_shred_materials(cast.meeting, by=cast.organizer)
    page = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/materials/{document.pk}/download", follow=True)
    assert "shredded" in page.content.decode()
