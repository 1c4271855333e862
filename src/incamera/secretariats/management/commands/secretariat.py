"""``incamera secretariat``: the secretariats and who holds which role in them.

incamera secretariat list [--json]
incamera secretariat create NAME
incamera secretariat grant EMAIL --secretariat NAME --role organizer|roster_manager
incamera secretariat revoke EMAIL --secretariat NAME --role organizer|roster_manager
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Secretariats (each owns its roster and meetings): list, create, grant or revoke a role."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="every secretariat with its members and their roles")
        listing.add_argument("--json", action="store_true")
        create = sub.add_parser("create", help="a new secretariat")
        create.add_argument("name")
        for verb in ("grant", "revoke"):
            change = sub.add_parser(verb, help=f"{verb} a person a role in a secretariat")
            change.add_argument("email")
            change.add_argument("--secretariat", required=True, help="its name")
            change.add_argument("--role", required=True, choices=["organizer", "roster_manager"])

    def handle(self, *args: Any, **options: Any) -> None:
        from incamera.accounts.models import User
        from incamera.kernel.errors import InvalidInputError
        from incamera.secretariats import actions
        from incamera.secretariats.models import Secretariat

        action = options["action"]
        if action == "list":
            rows = [
                {"id": s.pk, "name": s.name, "members": [{"email": m.user.email, "role": m.role} for m in s.members.select_related("user")]}
                for s in Secretariat.objects.order_by("name")
            ]
            if options["json"]:
                self.stdout.write(json.dumps(rows, ensure_ascii=False))
            elif not rows:
                self.stdout.write("no secretariats yet: incamera secretariat create NAME")
            for secretariat in [] if options["json"] else Secretariat.objects.order_by("name"):
                members = ", ".join(f"{m.user.email} ({m.role})" for m in secretariat.members.select_related("user")) or "no members"
                self.stdout.write(f"{secretariat.pk:>4}  {secretariat.name}: {members}")
            return
        if action == "create":
            secretariat = actions.do_create_secretariat(options["name"], by=None)
            self.stdout.write(f"secretariat {secretariat.pk} created: {secretariat.name}")
            return
        secretariat = actions.secretariat_named(options["secretariat"])
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise InvalidInputError(f"no account with the address {options['email']}", field="email")
        if action == "grant":
            actions.do_grant_role(secretariat, user, options["role"], by=None)
            self.stdout.write(f"{user.email} is {options['role']} of {secretariat.name}")
        else:
            actions.do_revoke_role(secretariat, user, options["role"], by=None)
            self.stdout.write(f"{user.email} is no longer {options['role']} of {secretariat.name}")
