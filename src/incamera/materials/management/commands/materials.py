"""``incamera materials``: list documents, and write the exact copy a recipient would download.

incamera materials list [--json]
incamera materials copy --document ID --recipient EMAIL --output FILE
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from incamera.kernel.errors import Error, NotFoundError
from incamera.web.commands import DomainCommand, exit_code


class Command(DomainCommand):
    help = "Meeting materials: list them, or write a recipient's copy (logged like a download)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="documents with id, meeting and type")
        listing.add_argument("--json", action="store_true")
        copy = sub.add_parser("copy", help="write the copy RECIPIENT's download would give, and log it")
        copy.add_argument("--document", type=int, required=True)
        copy.add_argument("--recipient", required=True, help="the recipient's e-mail")
        copy.add_argument("--output", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth.models import AnonymousUser

        from incamera.accounts.models import User
        from incamera.materials.access import access_document
        from incamera.materials.actions import recipient_copy
        from incamera.materials.models import Document
        from incamera.web.access import get_or_404

        if options["action"] == "list":
            from incamera.materials.models import MeetingKey

            shredded = set(MeetingKey.objects.filter(shredded_at__isnull=False).values_list("meeting_id", flat=True))
            rows = [
                {
                    "id": d.pk,
                    "meeting": d.meeting_id,
                    "meeting_title": d.meeting.title,
                    "title": d.title,
                    "type": d.kind,
                    "size": d.size,
                    "shredded": d.meeting_id in shredded,
                }
                for d in Document.objects.select_related("meeting").defer("ciphertext").order_by("pk")
            ]
            if options["json"]:
                self.stdout.write(json.dumps(rows, ensure_ascii=False))
            elif not rows:
                self.stdout.write("no documents")
            else:
                for r in rows:
                    note = "  (shredded: cannot be read)" if r["shredded"] else ""
                    self.stdout.write(f"{r['id']:>5}  meeting {r['meeting']:<4} {r['type']:<5} {r['title']}{note}")
            return
        try:
            document = get_or_404(Document.objects.select_related("meeting"), f"document {options['document']}", pk=options["document"])
        except NotFoundError as exc:
            raise CommandError(exc.message) from exc
        user = User.objects.filter(email=options["recipient"].strip().lower()).first()
        try:
            access_document(user or AnonymousUser(), document.meeting_id, document.pk)
            assert user is not None  # an anonymous recipient was refused above
        except NotFoundError as exc:
            msg = f"{options['recipient']} may not read document {document.pk} (not a participant, or the NDA is not signed)"
            raise CommandError(msg) from exc
        output: Path = options["output"]
        try:  # claimed before the copy is made (and logged), so a copy is never logged unwritten
            handle = output.open("xb")
        except FileExistsError as exc:
            raise CommandError(f"{output} exists; choose another file") from exc
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}") from exc
        with handle:
            try:
                copy = recipient_copy(document, user, action="copy")
            except Error as exc:
                handle.close()
                output.unlink(missing_ok=True)
                raise CommandError(exc.diagnostics(), returncode=exit_code(exc)) from exc
            handle.write(copy.data)
        self.stdout.write(f"wrote {len(copy.data)} bytes for {user.email} (mark {copy.mark.hex()}) to {options['output']}")
