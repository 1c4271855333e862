"""``incamera trace FILE [--meeting ID] [--json]``: name the recipient a leaked copy came from."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Trace a leaked copy of a meeting document to its recipient, with a confidence; 'unknown' rather than a guess."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--meeting", type=int, help="limit the search to one meeting")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from incamera.materials.actions import trace_copy
        from incamera.meetings.models import Meeting

        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from exc
        meetings = (
            Meeting.objects.filter(pk=options["meeting"])
            if options["meeting"]
            else Meeting.objects.filter(documents__isnull=False).distinct()
        )
        best: tuple[Any, float, list[tuple[str, float]]] = (None, 0.0, [])
        for meeting in meetings:
            found = trace_copy(meeting, data)
            if found[0] is not None and found[1] > best[1]:
                best = found
        user, confidence, candidates = best
        result = {
            "recipient": user.email if user else None,
            "confidence": round(confidence, 4),
            "candidates": [{"recipient": e, "score": round(s, 4)} for e, s in candidates],
        }
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(f"recipient: {result['recipient'] or 'unknown'} (confidence {result['confidence']})")
