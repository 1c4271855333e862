"""Run by tests/test_upgrade.py in a process of its own, with incamera's settings on a data dir
that an earlier release created: reports, as JSON, what the upgraded code finds there.

Usage: INCAMERA_DATA_DIR=… [INCAMERA_DATABASE_URL=…] python tests/upgrade_check.py
"""

from __future__ import annotations

import json
import os
import sys
from importlib import resources


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from incamera.crypto import envelope
    from incamera.ledger.keys import log_vkeys
    from incamera.ledger.log import disclosed_salt
    from incamera.ledger.models import LogEntry
    from incamera.ledger.receipts import receipt_for
    from incamera.materials import actions as materials
    from incamera.materials.models import Document
    from incamera.tlog.verify import verify_receipt

    with connection.cursor() as cursor:
        tables = {}
        for name in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{name}"')
            tables[name] = cursor.fetchone()[0]
    documents = {}
    for document in Document.objects.select_related("meeting"):
        plain = envelope.decrypt(materials.meeting_key(document.meeting), bytes(document.ciphertext), aad=materials._doc_aad(document))
        documents[document.filename] = {"size": len(plain), "starts": plain[:5].decode("latin-1")}
    briefing = resources.files("incamera.demo.data").joinpath("briefing.md").read_bytes()
    receipts = 0
    for entry in LogEntry.objects.filter(index__isnull=False):
        verify_receipt(receipt_for(entry), log_vkey=log_vkeys()[0])
        disclosed_salt(entry)
        receipts += 1
    json.dump(
        {
            "tables": tables,
            "documents": documents,
            "briefing_matches": any(d["size"] == len(briefing) for d in documents.values()),
            "receipts_verified": receipts,
            "content_types": sorted(f"{c.app_label}.{c.model}" for c in ContentType.objects.all()),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
