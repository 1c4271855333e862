"""The ``incamera`` command: Django's management commands with incamera's settings preset.

incamera serve [--host H] [--port P]   production server (gunicorn + whitenoise)
incamera demo                          seed the demo meetings (idempotent)
incamera createadmin                   create a platform admin
incamera redact --roster FILE [--jsonl]  de-attribute text (no Django: starts in milliseconds)
incamera migrate | check | --help
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "redact":  # pure code: no settings, no database
        from incamera.redact.cli import main as redact

        raise SystemExit(redact(args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
    from django.core.management import execute_from_command_line

    args[0] = "incamera"
    if len(args) == 1:
        args.append("help")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
