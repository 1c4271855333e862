"""Run by tests/test_upgrade.py in a process of its own, with incamera's settings on a data dir
that an earlier release created: reports, as JSON, what the upgraded code finds there.

Usage: INCAMERA_DATA_DIR=… RELEASE_LOG_VKEY=… [INCAMERA_DATABASE_URL=…] python tests/upgrade_check.py
"""

from __future__ import annotations

import hashlib
import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from incamera.ledger.models import LogEntry
    from incamera.ledger.receipts import receipt_for
    from incamera.materials.models import Document
    from incamera.tlog.verify import verify_receipt

    with connection.cursor() as cursor:
        tables = {}
        for name in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{name}"')
            tables[name] = cursor.fetchone()[0]
    documents = {d.filename: hashlib.sha256(bytes(d.ciphertext)).hexdigest() for d in Document.objects.all()}
    receipts = 0
    if os.environ.get("RELEASE_LOG_VKEY"):  # the old release's log, before anything new is logged
        for entry in LogEntry.objects.filter(index__isnull=False):
            verify_receipt(receipt_for(entry), log_vkey=os.environ["RELEASE_LOG_VKEY"])
            receipts += 1
    json.dump(
        {
            "tables": tables,
            "documents": documents,
            "receipts_verified": receipts,
            "content_types": sorted(f"{c.app_label}.{c.model}" for c in ContentType.objects.all()),
            "secretariats": _secretariats(),
        },
        sys.stdout,
    )


def _secretariats() -> dict[str, object]:
    """Whose meetings, roster and organizers the upgrade put where (issue 9, finding 2)."""
    from incamera.meetings.models import Meeting
    from incamera.roster.models import Delegation, RosterPerson
    from incamera.secretariats.models import Secretariat, SecretariatMember

    return {
        "names": sorted(Secretariat.objects.values_list("name", flat=True)),
        "meetings": sorted(set(Meeting.objects.values_list("secretariat__name", flat=True))),
        "delegations": sorted(set(Delegation.objects.values_list("secretariat__name", flat=True))),
        "people": sorted(set(RosterPerson.objects.values_list("secretariat__name", flat=True))),
        "roles": sorted({(m.user.email, m.role) for m in SecretariatMember.objects.select_related("user")}),
    }


if __name__ == "__main__":
    main()
