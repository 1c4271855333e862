"""``incamera serve``: a production WSGI server (gunicorn, threads) with static files by whitenoise."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management import CommandError, call_command

from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Serve incamera with gunicorn (migrating first unless --no-migrate)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--host",
            default=os.environ.get("INCAMERA_HOST", "localhost"),
            help="interface to bind (default: localhost; use 0.0.0.0 for all)",
        )
        parser.add_argument("--port", type=int, default=int(os.environ.get("INCAMERA_PORT", "8000")), help="port (default 8000)")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("INCAMERA_WORKERS", "2")), help="worker processes (default 2)"
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("INCAMERA_THREADS", "8")), help="threads per worker (default 8)"
        )
        parser.add_argument(
            "--streams",
            type=int,
            default=None,
            help="live streams (the speakers list's server-sent events) per worker, each a thread beside --threads "
            "(default INCAMERA_STREAMS, 300); beyond, pages poll every second",
        )
        parser.add_argument("--no-migrate", action="store_true", help="do not apply pending migrations first")

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from incamera.wsgi import application

        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        warning = console_mail_warning()
        if warning:
            self.stderr.write(warning)

        from django.conf import settings

        if options["streams"] is not None:
            if options["streams"] < 0:
                raise CommandError("--streams must be 0 or more")
            settings.INCAMERA_STREAMS = options["streams"]
        streams = settings.INCAMERA_STREAMS
        # The hub was built when the URLs were loaded: give it the number the workers will run with.
        from incamera.conduct.live import hub

        hub.capacity = streams

        host = options["host"]
        binds = [f"{host}:{options['port']}"]
        if host == "localhost":
            # http://localhost (passkeys) and http://127.0.0.1 must both answer.
            binds = [f"127.0.0.1:{options['port']}"]
            if _ipv6_available():
                binds.append(f"[::1]:{options['port']}")
        config = {
            "bind": binds,
            "workers": options["workers"],
            # Each live stream holds a thread until it ends: they get threads of their own, so that
            # the pages' threads stay free (conduct/live.py).
            "threads": options["threads"] + streams,
            "worker_class": "gthread",
            "accesslog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
        }

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        self.stdout.write(f"incamera serving on http://localhost:{options['port']} (Ctrl-C stops)")
        Server().run()


def _ipv6_available() -> bool:
    import socket

    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


def console_mail_warning() -> str | None:
    """A warning when mails (with invitation codes and reset links) go to the console, i.e. into
    the server's logs, outside the demo (``INCAMERA_DEMO=1``)."""
    from django.conf import settings

    if settings.EMAIL_BACKEND.endswith("console.EmailBackend") and os.environ.get("INCAMERA_DEMO") != "1":
        return (
            "warning: e-mails, with their one-time codes and links, are printed on this console and end up in its logs; "
            "set INCAMERA_SMTP_HOST to send them (or INCAMERA_DEMO=1 for the demo)"
        )
    return None
