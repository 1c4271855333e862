"""``incamera demo``: seed a realistic demo (idempotent).

A Chatham House roundtable on critical-minerals supply chains with a dozen participants from
states, international organisations, companies and NGOs, and a "three nos" consultation.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from incamera.accounts.models import User
from incamera.meetings import actions
from incamera.meetings.models import Meeting

DEMO_PASSWORD = "incamera-demo-2026"  # noqa: S105 - printed on purpose: demo data only
DOMAIN = "demo.incamera.example"

ORGANIZER = ("secretariat", "Helena Marsh", "Roundtable Secretariat")
PEOPLE = [
    # (local part, name, delegation, role)
    ("c.rojas", "Camila Rojas", "Chile — Ministry of Mining", "delegate"),
    ("f.soto", "Felipe Soto", "Chile — Ministry of Mining", "focal_point"),
    ("jp.mbuyi", "Jean-Pierre Mbuyi", "Democratic Republic of the Congo", "delegate"),
    ("s.rahmawati", "Siti Rahmawati", "Indonesia — Ministry of Energy and Mineral Resources", "delegate"),
    ("l.brandt", "Lukas Brandt", "Germany — Federal Ministry for Economic Affairs", "delegate"),
    ("wang.lei", "王磊 (Wang Lei)", "China — Ministry of Commerce", "delegate"),
    ("a.okafor", "Amara Okafor", "UNCTAD", "delegate"),
    ("m.dubois", "Marie Dubois", "OECD", "observer"),
    ("d.fernandez", "Diego Fernández", "Andes Lithium Corporation (multinational)", "delegate"),
    ("g.uwase", "Grace Uwase", "Kivu Artisanal Refiners (SME)", "delegate"),
    ("p.natarajan", "Priya Natarajan", "Resource Justice Network (NGO)", "observer"),
    ("t.silva", "Tomás Silva", "Institute for Mineral Economics", "observer"),
    ("catering", "Lakeside Catering", "Service staff", "service"),
]
AGENDA = [
    ("Opening; the Chatham House Rule and how notes are kept", 20),
    ("Concentration of processing capacity and chokepoints", 75),
    ("Traceability and due diligence from mine to magnet", 75),
    ("Fair value for producing countries and artisanal miners", 60),
    ("What each participant will take home; next steps", 30),
]


class Command(BaseCommand):
    help = "Seed the demo meetings and accounts (safe to run again)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--quiet-if-present", action="store_true", help="print nothing when the demo is already there")

    def handle(self, *args: Any, **options: Any) -> None:
        organizer, created = self._user(*ORGANIZER[:2], organize=True)
        people = {local: self._user(local, name)[0] for local, name, _d, _r in PEOPLE}
        geneva = zoneinfo.ZoneInfo("Europe/Zurich")
        start = dt.datetime(2027, 1, 20, 9, 0, tzinfo=geneva)

        roundtable = Meeting.objects.filter(created_by=organizer, profile="chatham_house").first()
        if roundtable is None:
            roundtable = actions.do_create_meeting(
                actions.MeetingInput(
                    title="Critical minerals supply chains: resilience, traceability and fair value",
                    description="A closed roundtable of producing and consuming states, international organisations, companies and civil society.",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=8),
                    timezone="Europe/Zurich",
                    venue="Palais des Nations, Room XII, Geneva",
                    mode="hybrid",
                    languages=["en", "fr", "zh"],
                    profile="chatham_house",
                ),
                by=organizer,
            )
            for title, minutes in AGENDA:
                actions.do_add_agenda_item(roundtable, title=title, minutes=minutes, by=organizer)
            for local, _name, delegation, role in PEOPLE:
                actions.do_add_member(roundtable, people[local], role=role, delegation=delegation, by=organizer)
            actions.do_transition_meeting(roundtable, "preparing", by=organizer)
            for item in roundtable.checklist.filter(key__in=["device_lockers", "interpretation_booths"]):
                actions.do_set_checklist_item(item, done=True, by=organizer)

        consultation = Meeting.objects.filter(created_by=organizer, profile="three_nos").first()
        if consultation is None:
            consultation = actions.do_create_meeting(
                actions.MeetingInput(
                    title="Consultation on export-control coordination",
                    starts_at=start + dt.timedelta(days=1),
                    ends_at=start + dt.timedelta(days=1, hours=3),
                    timezone="Europe/Zurich",
                    venue="Villa Moynier, Geneva",
                    languages=["en", "zh"],
                    profile="three_nos",
                ),
                by=organizer,
            )
            actions.do_add_agenda_item(consultation, title="Exchange of views on licensing practice", minutes=90, by=organizer)
            for local in ("l.brandt", "wang.lei", "s.rahmawati"):
                delegation = next(d for lp, _n, d, _r in PEOPLE if lp == local)
                actions.do_add_member(consultation, people[local], role="delegate", delegation=delegation, by=organizer)

        if options["quiet_if_present"] and not created:
            return
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  organizer   {organizer.email}")
        for local, name, delegation, role in PEOPLE[:4] + PEOPLE[-2:]:
            self.stdout.write(f"  {role:<11} {local}@{DOMAIN}  ({name}, {delegation})")
        self.stdout.write(f"  … and {len(PEOPLE) - 6} more @{DOMAIN}")

    def _user(self, local: str, name: str, *, organize: bool = False) -> tuple[User, bool]:
        user, created = User.objects.get_or_create(email=f"{local}@{DOMAIN}", defaults={"full_name": name, "may_organize": organize})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user, created
