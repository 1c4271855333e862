"""The roster: delegations, their dated attributes and their people (issue 4, §1).

Imports take CSV or XLSX through the one import pipeline (``tables/imports.py``), validate every
row first and write all rows or none, with a report by line.  ``do_*`` functions own their
transaction and record an event.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import InvalidInputError, RowError, RowsInvalidError
from incamera.kernel.text import clean_email, clean_name
from incamera.ledger.events import record_event
from incamera.roster.models import Delegation, DelegationAttribute, DelegationKind, RosterPerson
from incamera.secretariats.models import Secretariat
from incamera.tables import TableSpec, read_records

__all__ = [
    "ATTRIBUTE_COLUMNS",
    "ATTRIBUTE_TABLE",
    "ROSTER_COLUMNS",
    "ROSTER_TABLE",
    "RosterRow",
    "check_attribute_file",
    "check_roster_file",
    "delegations_with_people",
    "do_import_attributes",
    "do_import_roster",
    "roster_of",
    "roster_rows",
]

ROSTER_COLUMNS = ("delegation", "kind", "region", "full_name", "email", "title")
ATTRIBUTE_COLUMNS = ("delegation", "attribute", "year", "value")
ROSTER_TABLE = TableSpec(required=ROSTER_COLUMNS[:-1], optional=ROSTER_COLUMNS[-1:])
ATTRIBUTE_TABLE = TableSpec(required=ATTRIBUTE_COLUMNS)
_KINDS = {k.lower(): k for k in DelegationKind.values} | {str(label).lower(): value for value, label in DelegationKind.choices}


@dataclass(frozen=True)
class RosterRow:
    line: int
    delegation: str
    kind: str
    region: str
    full_name: str
    email: str
    title: str


def _kind(text: str) -> str:
    if text.lower() not in _KINDS:
        msg = _("'%(kind)s' is not a kind of delegation (expected one of %(kinds)s)") % {
            "kind": text,
            "kinds": ", ".join(DelegationKind.values),
        }
        raise InvalidInputError(msg, field="kind")
    return _KINDS[text.lower()]


def _year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 3000:
        raise InvalidInputError(_("'%(year)s' is not a year (expected e.g. 2025)") % {"year": text}, field="year")
    return int(text)


def check_roster_file(data: bytes, secretariat: Secretariat) -> list[RosterRow]:
    """Validate a roster file (one row per person); raise RowsInvalidError listing every bad row."""
    rows: list[RosterRow] = []
    errors: list[RowError] = []
    records = read_records(data, ROSTER_TABLE, gettext=_, errors=errors)
    emails: dict[str, int] = {}
    delegations: dict[str, tuple[str, str, int]] = {}
    existing_people = dict(RosterPerson.objects.filter(secretariat=secretariat).values_list("email", "delegation__name"))
    existing_delegations = {d.name: (d.kind, d.region) for d in Delegation.objects.filter(secretariat=secretariat)}
    for line, record in records:
        try:
            delegation = clean_name(record["delegation"], field="delegation")
            kind = _kind(record["kind"])
            region = clean_name(record["region"], field="region")
            full_name = clean_name(record["full_name"], field="full_name")
            email = clean_email(record["email"])
            title = clean_name(record["title"], field="title", required=False)
        except InvalidInputError as exc:
            errors.append(RowError(line, exc.field or "row", translated(exc)))
            continue
        if email in emails:
            errors.append(RowError(line, "email", _("%(email)s also appears on line %(line)d") % {"email": email, "line": emails[email]}))
            continue
        if existing_people.get(email, delegation) != delegation:
            msg = _("%(email)s is already on the roster with %(other)s") % {"email": email, "other": existing_people[email]}
            errors.append(RowError(line, "email", msg))
            continue
        first = delegations.get(delegation) or (*existing_delegations.get(delegation, (kind, region)), line)
        if (first[0], first[1]) != (kind, region):
            msg = _(
                "%(delegation)s is %(kind)s in %(region)s on line %(line)d (or in the roster); one delegation has one kind and region"
            ) % {
                "delegation": delegation,
                "kind": first[0],
                "region": first[1],
                "line": first[2],
            }
            errors.append(RowError(line, "kind", msg))
            continue
        delegations.setdefault(delegation, (kind, region, line))
        emails[email] = line
        rows.append(RosterRow(line, delegation, kind, region, full_name, email, title))
    if errors:
        raise RowsInvalidError(errors)
    if not rows:
        raise InvalidInputError(_("the roster file has a header but nobody in it"), field="file")
    return rows


def do_import_roster(data: bytes, secretariat: Secretariat, *, by: User) -> tuple[int, int]:
    """Into ``secretariat``'s roster, all rows or none.  Returns (delegations created, people added
    or updated)."""
    rows = check_roster_file(data, secretariat)
    created = 0
    with transaction.atomic():
        for row in rows:
            delegation, new = Delegation.objects.get_or_create(
                secretariat=secretariat, name=row.delegation, defaults={"kind": row.kind, "region": row.region}
            )
            created += int(new)
            RosterPerson.objects.update_or_create(
                secretariat=secretariat,
                email=row.email,
                defaults={"delegation": delegation, "full_name": row.full_name, "title": row.title},
            )
        payload = {"secretariat": secretariat.pk, "people": len(rows), "delegations_created": created}
        record_event("roster.imported", actor=by, payload=payload)
    return created, len(rows)


@dataclass(frozen=True)
class AttributeRow:
    line: int
    delegation: str
    attribute: str
    year: int
    value: str


def check_attribute_file(data: bytes, secretariat: Secretariat) -> list[AttributeRow]:
    known = set(Delegation.objects.filter(secretariat=secretariat).values_list("name", flat=True))
    rows: list[AttributeRow] = []
    errors: list[RowError] = []
    records = read_records(data, ATTRIBUTE_TABLE, gettext=_, errors=errors)
    seen: dict[tuple[str, str, int], int] = {}
    for line, record in records:
        try:
            delegation = clean_name(record["delegation"], field="delegation")
            attribute = clean_name(record["attribute"], field="attribute").lower().replace(" ", "_")
            value = clean_name(record["value"], field="value")
            year = _year(record["year"])
        except InvalidInputError as exc:
            errors.append(RowError(line, exc.field or "row", translated(exc)))
            continue
        if delegation not in known:
            errors.append(
                RowError(line, "delegation", _("%(delegation)s is not on the roster; import it first") % {"delegation": delegation})
            )
            continue
        key = (delegation, attribute, year)
        if key in seen:
            errors.append(RowError(line, "year", _("the same attribute and year also appear on line %(line)d") % {"line": seen[key]}))
            continue
        seen[key] = line
        rows.append(AttributeRow(line, delegation, attribute, year, value))
    if errors:
        raise RowsInvalidError(errors)
    if not rows:
        raise InvalidInputError(_("the file has a header but no attributes"), field="file")
    return rows


def do_import_attributes(data: bytes, secretariat: Secretariat, *, by: User) -> int:
    rows = check_attribute_file(data, secretariat)
    with transaction.atomic():
        delegations = {d.name: d for d in Delegation.objects.filter(secretariat=secretariat, name__in={r.delegation for r in rows})}
        for row in rows:
            DelegationAttribute.objects.update_or_create(
                delegation=delegations[row.delegation], key=row.attribute, year=row.year, defaults={"value": row.value}
            )
        record_event("roster.attributes_imported", actor=by, payload={"secretariat": secretariat.pk, "rows": len(rows)})
    return len(rows)


def roster_rows(secretariat: Secretariat) -> list[list[str]]:
    """``secretariat``'s roster for export, one row per person (ROSTER_COLUMNS)."""
    return [
        [p.delegation.name, p.delegation.kind, p.delegation.region, p.full_name, p.email, p.title]
        for p in RosterPerson.objects.filter(secretariat=secretariat).select_related("delegation").order_by("delegation__name", "full_name")
    ]


def roster_of(secretariat: Secretariat | int) -> QuerySet[Delegation]:
    """The delegations of ``secretariat``'s roster (a secretariat or its id): every other app
    reaches the roster through here, so that no one sees another secretariat's."""
    return Delegation.objects.filter(secretariat=secretariat)


def delegations_with_people(secretariat: Secretariat) -> QuerySet[Delegation]:
    """``secretariat``'s delegations with ``people_count`` and their dated attributes."""
    return roster_of(secretariat).annotate(people_count=Count("people")).prefetch_related("attributes")
