"""Shredding with key epochs (issue 9, finding 1): the cost of re-wrapping every other live
meeting key, printed beside a baseline from the same run.

    .venv/bin/python bench/shred.py [--meetings 2000]

In a fresh SQLite data directory, MEETINGS meetings each get a meeting key (bulk-created, wrapped
under the current epoch).  Then:

- baseline: the shred as it was before epochs, emptying one row (an UPDATE in a transaction);
- measured: ``do_shred_materials`` on one meeting, which re-wraps the other MEETINGS − 1 keys
  under a fresh epoch key file, destroys the old file after the commit and checkpoints the WAL.

Per key, the re-wrap is one AES-GCM unwrap and wrap of 61 bytes plus one row UPDATE.  Asserts
nothing; numbers on shared 2-core machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=2000)
    meetings = parser.parse_args().meetings
    data = Path(tempfile.mkdtemp(prefix="incamera-bench-shred-"))
    os.environ["INCAMERA_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import transaction

    from incamera.accounts.models import User
    from incamera.crypto import envelope
    from incamera.crypto.keys import epoch_key_path, load_or_create_key_file
    from incamera.materials.actions import do_shred_materials
    from incamera.materials.models import MeetingKey
    from incamera.meetings.models import Meeting

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench@example.org", "correct horse battery staple", full_name="Bench", may_organize=True)
    start = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    Meeting.objects.bulk_create(
        [Meeting(title=f"Meeting {i}", starts_at=start, ends_at=start + dt.timedelta(hours=1), created_by=user) for i in range(meetings)]
    )
    from django.conf import settings

    kek = load_or_create_key_file(epoch_key_path(settings.INCAMERA_KEK_DIR, 1))
    rows = [
        MeetingKey(
            meeting=m, wrapped=envelope.wrap_key(kek, envelope.new_meeting_key(), aad=f"incamera meeting {m.pk}".encode()), kek_epoch=1
        )
        for m in Meeting.objects.all()
    ]
    MeetingKey.objects.bulk_create(rows)
    first, second = Meeting.objects.order_by("pk")[:2]

    began = time.perf_counter()
    with transaction.atomic():  # the shred before epochs: empty one wrapped key
        MeetingKey.objects.filter(meeting=second).update(wrapped=b"", shredded_at=dt.datetime.now(dt.UTC))
    baseline = time.perf_counter() - began

    began = time.perf_counter()
    do_shred_materials(first, by=user)
    measured = time.perf_counter() - began
    moved = meetings - 2
    print(f"live meeting keys re-wrapped: {moved:,}")
    print(f"baseline  shred by emptying one row            {baseline * 1000:9.1f} ms")
    print(
        f"measured  shred with a new epoch (re-wrap all) {measured * 1000:9.1f} ms   ({measured / max(moved, 1) * 1e6:.0f} µs per live key)"
    )


if __name__ == "__main__":
    main()
