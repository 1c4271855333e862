"""``incamera resolutions``: the meetings' resolutions, for scripts and for the record.

incamera resolutions list [--json]
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Resolutions: list them with their state and digests."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="every resolution: id, meeting, title, state, legal character, versions, digest")
        listing.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from incamera.resolutions.actions import digests_of
        from incamera.resolutions.models import Resolution

        rows: list[dict[str, Any]] = []
        for resolution in Resolution.objects.select_related("meeting").order_by("pk"):
            digests = digests_of(resolution)
            rows.append(
                {
                    "id": resolution.pk,
                    "uuid": str(resolution.uuid),
                    "meeting": resolution.meeting_id,
                    "title": resolution.title,
                    "state": resolution.state,
                    "legal_character": resolution.legal_character,
                    "adoption_method": resolution.adoption_method,
                    "versions": len(digests.versions),
                    "languages": sorted(digests.latest.texts) if digests.versions else [],
                    "digest": digests.whole,
                }
            )
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("no resolutions yet")
        for row in rows:
            self.stdout.write(
                f"{row['id']:>4}  meeting {row['meeting']}  {row['state']:<9} v{row['versions']}  {row['title']}  {row['digest'][:16]}…"
            )
