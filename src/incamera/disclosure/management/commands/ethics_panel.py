"""``incamera ethics_panel``: who sits on a secretariat's ethics review panel.

incamera ethics_panel add --secretariat NAME --email ADDRESS
incamera ethics_panel list [--secretariat NAME]"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from incamera.accounts.models import User
from incamera.disclosure.actions import do_add_reviewer
from incamera.disclosure.models import EthicsReviewer
from incamera.kernel.errors import NotFoundError
from incamera.secretariats.models import Secretariat
from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "A secretariat's ethics review panel, which decides petitions for early disclosure."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True, metavar="{add,list}")
        add = commands.add_parser("add", help="seat a person on a secretariat's panel")
        add.add_argument("--secretariat", required=True)
        add.add_argument("--email", required=True)
        listing = commands.add_parser("list", help="the panels and who sits on them")
        listing.add_argument("--secretariat", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "add":
            secretariat = Secretariat.objects.filter(name=options["secretariat"]).first()
            if secretariat is None:
                raise NotFoundError(f"no secretariat named {options['secretariat']!r}")
            user = User.objects.filter(email__iexact=options["email"].strip()).first()
            if user is None:
                raise NotFoundError(f"no account with the address {options['email']!r}")
            do_add_reviewer(secretariat, user, by=None)
            self.stdout.write(f"{user} now sits on the ethics review panel of {secretariat.name}")
            return
        rows = EthicsReviewer.objects.select_related("secretariat", "user").order_by("secretariat__name", "user__email")
        if options["secretariat"]:
            rows = rows.filter(secretariat__name=options["secretariat"])
        for row in rows:
            self.stdout.write(f"{row.secretariat.name}: {row.user} <{row.user.email}>")
        if not rows:
            self.stdout.write("no ethics reviewers yet")
