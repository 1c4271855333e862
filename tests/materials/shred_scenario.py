"""Run by tests/materials/test_shred_destroys.py in a process of its own, on a real data directory
(SQLite file and its WAL, or a PostgreSQL database of its own): builds two meetings with encrypted
materials, a custodian and a focal point's credential, or shreds the first one, and reports as
JSON what the test needs to search the data directory afterwards; it copies the data directory
as the running process leaves it into SHRED_SNAPSHOTS/before and /after.

Usage: INCAMERA_DATA_DIR=… SHRED_SNAPSHOTS=… [INCAMERA_DATABASE_URL=…] python tests/materials/shred_scenario.py setup|shred
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

MARKER = os.environ.get("SHRED_MARKER", "credential-of-rafael-rep").encode()  # unique per run: the WAL is the cluster's
PDF = (
    b"%PDF-1.4\n% "
    + MARKER
    + b"\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)


def _setup() -> dict[str, object]:
    from incamera.accounts.models import User
    from incamera.crypto.hybrid import CustodianKeyPair, public_to_text
    from incamera.invitations.actions import do_approve_representative
    from incamera.materials import actions as materials
    from incamera.materials.models import Document, MeetingKey
    from incamera.meetings import actions as meetings
    from incamera.meetings.models import Membership
    from incamera.secretariats.actions import default_secretariat, do_grant_role

    organizer = User.objects.create_user("organizer@example.org", "correct horse battery staple", full_name="Olga")
    secretariat = default_secretariat()
    do_grant_role(secretariat, organizer, "organizer", by=None)
    start = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)
    made = []
    for title in ("Shredded roundtable", "Kept roundtable"):
        meeting = meetings.do_create_meeting(
            meetings.MeetingInput(
                title=title,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                timezone="UTC",
                profile="chatham_house",
                languages=["en"],
            ),
            secretariat=secretariat,
            by=organizer,
        )
        materials.do_upload(meeting, filename="brief.txt", title="Brief", data=f"The {title} brief.\n".encode() * 40, by=organizer)
        made.append(meeting)
    shredded, kept = made
    pair = CustodianKeyPair.generate()
    materials.do_add_custodian(shredded, name="Custodian One", public_key_text=public_to_text(pair.public_bytes()), by=organizer)
    focal_user = User.objects.create_user("focal@example.org", "correct horse battery staple", full_name="Fiona Focal")
    focal = meetings.do_add_member(shredded, focal_user, role="focal_point", delegation="Chile", by=organizer)
    assert isinstance(focal, Membership)
    do_approve_representative(
        focal, email="rep@example.org", full_name="Rafael Rep", filename="note-verbale.pdf", credential=PDF, base_url="http://testserver"
    )
    _snapshot("before")
    return {
        "meeting": shredded.pk,
        "wrapped": bytes(MeetingKey.objects.get(meeting=shredded).wrapped).hex(),
        "kept": kept.pk,
        "documents": {str(d.pk): bytes(d.ciphertext).hex() for d in Document.objects.filter(meeting=shredded)},
    }


def _shred() -> dict[str, object]:
    from incamera.accounts.models import User
    from incamera.crypto import envelope
    from incamera.materials import actions as materials
    from incamera.materials.models import Document
    from incamera.meetings.models import Meeting

    organizer = User.objects.get(email="organizer@example.org")
    shredded, kept = Meeting.objects.order_by("pk")[:2]
    materials.do_shred_materials(shredded, by=organizer)
    document = Document.objects.get(meeting=kept)
    key = materials.meeting_key(kept)
    plain = envelope.decrypt(key, bytes(document.ciphertext), aad=f"incamera meeting {kept.pk} document {document.pk}".encode())
    _snapshot("after")
    return {"kept_key": key.hex(), "kept_plain_sha256": hashlib.sha256(plain).hexdigest()}


def _snapshot(name: str) -> None:
    """Copy the data directory as the running server leaves it (SQLite's WAL is checkpointed away
    only when the last connection closes): what a backup or a thief of the disk would find."""
    from django.conf import settings

    shutil.copytree(settings.DATA_DIR, Path(os.environ["SHRED_SNAPSHOTS"]) / name, ignore=shutil.ignore_patterns("cache"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
    import django

    django.setup()
    json.dump(_setup() if sys.argv[1] == "setup" else _shred(), sys.stdout)


if __name__ == "__main__":
    main()
