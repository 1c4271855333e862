"""``incamera createadmin``: create (or promote) a platform admin who may also organise meetings."""

from __future__ import annotations

import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from incamera.accounts.models import User
from incamera.kernel.errors import InvalidInputError
from incamera.kernel.text import clean_email, clean_name
from incamera.ledger.events import record_event
from incamera.web.commands import DomainCommand


class Command(DomainCommand):
    help = "Create a platform admin (asks for the password unless --password-stdin)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            email = clean_email(options["email"])
            name = clean_name(options["name"], field="name", required=False)
        except InvalidInputError as exc:
            raise CommandError(exc.diagnostics()) from exc
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Again: ") != password:
                raise CommandError("the two passwords differ")
        try:
            validate_password(password, User(email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            record_event("account.admin_created" if created else "account.admin_promoted", actor=None, payload={"user": user.pk})
        self.stdout.write(f"platform admin {'created' if created else 'updated'}: {email}")
        self.stdout.write(
            f"to organise meetings, give them a role in a secretariat: incamera secretariat grant {email} --secretariat NAME --role organizer"
        )
