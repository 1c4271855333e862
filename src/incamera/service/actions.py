"""Double-blind service (issue 4, §7): per-meeting, per-service random codes.

Service staff see codes and needs, never names; only organizers can map a code to a person.
Codes come from ``service/codes.py`` (CSPRNG, unambiguous alphabet), drawn anew for
every meeting and every service, so they cannot be linked across either.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.db import transaction

from incamera.accounts.models import User
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event
from incamera.meetings.models import Meeting, Membership, Role
from incamera.service.codes import SERVICES, issue_codes
from incamera.service.models import ServiceCode

__all__ = ["ServiceRow", "code_table", "do_issue_service_codes", "do_set_needs", "occasion_of", "service_rows"]


def occasion_of(meeting: Meeting) -> str:
    """The meeting and its first day in its own time zone, as printed lists carry them:
    "Critical minerals roundtable · 2030-03-01"."""
    try:
        zone = zoneinfo.ZoneInfo(meeting.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return f"{meeting.title} · {meeting.starts_at.astimezone(zone).date().isoformat()}"


def _served(meeting: Meeting) -> list[Membership]:
    return list(meeting.memberships.exclude(role=Role.SERVICE).select_related("user"))


def do_issue_service_codes(meeting: Meeting, *, by: User) -> int:
    """(Re)issue every served participant's codes for every service; old codes stop meaning anything."""
    members = _served(meeting)
    codes = issue_codes([str(m.pk) for m in members], services=SERVICES)
    with transaction.atomic():
        ServiceCode.objects.filter(meeting=meeting).delete()
        ServiceCode.objects.bulk_create(
            ServiceCode(meeting=meeting, membership_id=int(pid), service=service, code=code)
            for service, by_person in codes.items()
            for pid, code in by_person.items()
        )
        record_event("service_codes.issued", actor=by, meeting=meeting, payload={"participants": len(members), "services": list(SERVICES)})
    return len(members)


def do_set_needs(membership: Membership, *, dietary: str, access: str, by: User) -> Membership:
    dietary = clean_name(dietary, field="dietary_needs", required=False)
    access = clean_name(access, field="access_needs", required=False)
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(dietary_needs=dietary, access_needs=access)
        record_event("membership.needs_set", actor=by, meeting=membership.meeting, payload={"membership": membership.pk})
    membership.refresh_from_db()
    return membership


@dataclass(frozen=True)
class ServiceRow:
    code: str
    needs: str
    person: str = ""  # filled only for organizers


def service_rows(meeting: Meeting, service: str, *, with_names: bool) -> list[ServiceRow]:
    """A service's list, sorted by code (which carries no order information about people)."""
    rows = []
    for sc in ServiceCode.objects.filter(meeting=meeting, service=service).select_related("membership__user"):
        member = sc.membership
        needs = member.dietary_needs if service == "catering" else member.access_needs if service in {"seating", "interpretation"} else ""
        rows.append(ServiceRow(code=sc.code, needs=needs, person=member.user.display_name if with_names else ""))
    return sorted(rows, key=lambda r: r.code)


def code_table(meeting: Meeting) -> list[tuple[Membership, list[str]]]:
    """For organizers: each participant (service staff excepted) with their code per service, in
    the order of SERVICES ("—" where none was issued)."""
    codes: dict[int, dict[str, str]] = {}
    for row in ServiceCode.objects.filter(meeting=meeting):
        codes.setdefault(row.membership_id, {})[row.service] = row.code
    members = meeting.memberships.exclude(role=Role.SERVICE).select_related("user").order_by("user__full_name")
    return [(m, [codes.get(m.pk, {}).get(s, "—") for s in SERVICES]) for m in members]
