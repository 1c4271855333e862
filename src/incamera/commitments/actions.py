"""Commitments on resolutions (issue 13, §5): creating them, reporting their indicator (one report,
a CSV/XLSX import, or the API), computing their status (``conditions.py``), noticing and logging
status changes, reminders with an .ics of the due date, and the dashboard's figures.

Every report and every status change is logged (``commitment.reported``,
``commitment.status_changed``) in the transaction that writes it; the log gets no value in clear
(``ledger/log.py``).  The access layer (``access.py``) decides who may report on what: imports
take the set of commitments the caller may report on."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from incamera.commitments import conditions
from incamera.commitments.conditions import Condition, Status, Verdict
from incamera.commitments.models import Commitment, Report
from incamera.i18n.errors import translated
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import InvalidInputError, NotFoundError, RowError, RowsInvalidError, TransitionError
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event
from incamera.materials import keyring
from incamera.meetings.actions import check_record_open
from incamera.meetings.ics import all_day_ics
from incamera.meetings.models import Meeting, Membership
from incamera.resolutions.models import Resolution, ResolutionState
from incamera.tables import TableSpec, read_records

if TYPE_CHECKING:
    from incamera.accounts.models import User

__all__ = [
    "EXPORT_COLUMNS",
    "MAX_EVIDENCE_BYTES",
    "REPORT_COLUMNS",
    "REPORT_TABLE",
    "Dashboard",
    "Row",
    "check_commitment",
    "check_report",
    "commitments_of",
    "condition_of",
    "dashboard_for",
    "do_create_commitment",
    "do_import_reports",
    "do_refresh_statuses",
    "do_report",
    "due_for_reminder",
    "evidence_of",
    "export_rows",
    "owners_in",
    "reminder_recipients",
    "reports_of",
    "resolutions_taking_commitments",
    "send_reminder",
    "verdict_of",
    "verdicts_for",
]

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
MAX_DESCRIPTION = 2000
REPORT_COLUMNS = ("commitment", "value", "date")
REPORT_TABLE = TableSpec(required=REPORT_COLUMNS, max_rows=5000)
EXPORT_COLUMNS = (
    "commitment",
    "resolution",
    "owner",
    "description",
    "metric",
    "unit",
    "condition",
    "due",
    "status",
    "rule",
    "latest_value",
    "latest_date",
)
_METRIC = re.compile(r"[a-z][a-z0-9_]{0,63}")
_CLOSED_RESOLUTIONS = {ResolutionState.REJECTED, ResolutionState.WITHDRAWN}


def _today(clock: Clock) -> dt.date:
    return clock.now().astimezone(dt.UTC).date()


def condition_of(commitment: Commitment) -> Condition:
    """The commitment's condition, parsed (it was checked when stored)."""
    return conditions.parse_condition(commitment.condition, metrics=(commitment.metric,))


def commitments_of(meeting: Meeting) -> list[Commitment]:
    """The meeting's commitments, by due date."""
    return list(Commitment.objects.filter(resolution__meeting=meeting).select_related("resolution").order_by("due", "id"))


def owners_in(meeting: Meeting) -> list[str]:
    """The delegations of ``meeting``'s participants, as their memberships name them."""
    names = Membership.objects.filter(meeting=meeting).exclude(delegation="").values_list("delegation", flat=True)
    return sorted(set(names))


def resolutions_taking_commitments(meeting: Meeting) -> list[Resolution]:
    """The meeting's resolutions that may take commitments (not rejected, not withdrawn)."""
    return list(Resolution.objects.filter(meeting=meeting).exclude(state__in=_CLOSED_RESOLUTIONS))


@dataclass(frozen=True)
class CleanCommitment:
    owner: str
    description: str
    due: dt.date
    metric: str
    unit: str
    condition: Condition


def check_commitment(
    resolution: Resolution, *, owner: str, description: str, due: dt.date, metric: str, unit: str, condition: object
) -> CleanCommitment:
    """The commitment's fields, checked: InvalidInputError names the field at fault, a condition
    naming a metric the commitment does not declare included."""
    owner = clean_name(owner, field="delegation")
    if owner not in owners_in(resolution.meeting):
        msg = _("%(owner)s is not a delegation taking part in this meeting (known: %(known)s)") % {
            "owner": owner,
            "known": ", ".join(owners_in(resolution.meeting)) or _("none"),
        }
        raise InvalidInputError(msg, field="delegation")
    text = description.strip()
    if not text or len(text) > MAX_DESCRIPTION:
        msg = _("the description must have 1 to %(limit)d characters; found %(found)d") % {"limit": MAX_DESCRIPTION, "found": len(text)}
        raise InvalidInputError(msg, field="description")
    metric = metric.strip()
    if not _METRIC.fullmatch(metric):
        msg = _("the metric's name must be lower-case letters, digits and _ (e.g. recycled_share); found %(found)s") % {
            "found": repr(metric)[:80]
        }
        raise InvalidInputError(msg, field="attribute")
    unit = clean_name(unit, field="label", required=False)
    if len(unit) > 32:
        raise InvalidInputError(_("the unit has at most 32 characters"), field="label")
    parsed = conditions.parse_condition(condition, metrics=(metric,))
    late = [c for c in parsed.clauses if c.by > due]
    if late:
        msg = _("the condition's date %(by)s is after the due date %(due)s") % {"by": late[0].by.isoformat(), "due": due.isoformat()}
        raise InvalidInputError(msg, field="ends_at")
    return CleanCommitment(owner, text, due, metric, unit, parsed)


def do_create_commitment(
    resolution: Resolution,
    *,
    owner: str,
    description: str,
    due: dt.date,
    metric: str,
    unit: str = "",
    condition: object,
    by: User,
    clock: Clock = system_clock,
) -> Commitment:
    clean = check_commitment(resolution, owner=owner, description=description, due=due, metric=metric, unit=unit, condition=condition)
    with transaction.atomic():
        check_record_open(resolution.meeting)
        state = Resolution.objects.filter(pk=resolution.pk).values_list("state", flat=True).get()
        if state in _CLOSED_RESOLUTIONS:
            raise TransitionError(
                _("the resolution was %(state)s: it takes no commitment") % {"state": ResolutionState(state).label.lower()}
            )
        commitment = Commitment.objects.create(
            resolution=resolution,
            owner=clean.owner,
            description=clean.description,
            due=clean.due,
            metric=clean.metric,
            unit=clean.unit,
            condition=clean.condition.to_json(),
            created_at=clock.now(),
            created_by=by,
        )
        commitment.status = verdict_of(commitment, clock=clock).status
        commitment.save(update_fields=["status"])
        record_event("commitment.created", actor=by, meeting=resolution.meeting, payload={"commitment": str(commitment.uuid)}, clock=clock)
    return commitment


# --- status -----------------------------------------------------------------------------------


def _history(reports: Iterable[tuple[dt.date, float]]) -> list[tuple[int, float]]:
    return sorted((day.toordinal(), value) for day, value in reports)


def verdict_of(commitment: Commitment, *, clock: Clock = system_clock, today: dt.date | None = None) -> Verdict:
    """The commitment's status now (or on ``today``), with the rule that decided it."""
    history = _history(commitment.reports.values_list("date", "value"))
    return conditions.evaluate(condition_of(commitment), history, today=today or _today(clock), start=commitment.created_at.date())


def verdicts_for(commitments: Sequence[Commitment], *, today: dt.date | None = None, clock: Clock = system_clock) -> dict[int, Verdict]:
    """Every commitment's verdict now (or on ``today``), with one query for all their reports."""
    histories: dict[int, list[tuple[int, float]]] = defaultdict(list)
    ids = [c.pk for c in commitments]
    for commitment_id, day, value in (
        Report.objects.filter(commitment_id__in=ids).order_by("date", "id").values_list("commitment_id", "date", "value")
    ):
        histories[commitment_id].append((day.toordinal(), value))
    today_n = (today or _today(clock)).toordinal()
    return {
        c.pk: conditions.evaluate(condition_of(c), histories.get(c.pk, []), today=today_n, start=c.created_at.date().toordinal())
        for c in commitments
    }


def _observe(commitment: Commitment, verdict: Verdict, *, by: User | None, clock: Clock) -> bool:
    """Log and keep a status that differs from the last one observed (inside a transaction)."""
    if verdict.status == commitment.status:
        return False
    payload = {"commitment": str(commitment.uuid), "from": commitment.status, "to": verdict.status.value}
    record_event("commitment.status_changed", actor=by, meeting=commitment.resolution.meeting, payload=payload, clock=clock)
    commitment.status = verdict.status.value
    commitment.save(update_fields=["status"])
    return True


def do_refresh_statuses(*, clock: Clock = system_clock) -> list[tuple[Commitment, str, Verdict]]:
    """Recompute every commitment's status on today's date and log each change seen (the daily
    ``incamera commitments refresh``).  Returns (commitment, previous status, verdict) per change."""
    today = _today(clock)
    commitments = list(Commitment.objects.select_related("resolution__meeting"))
    verdicts = verdicts_for(commitments, today=today)
    changed = []
    for commitment in commitments:
        verdict = verdicts[commitment.pk]
        if verdict.status == commitment.status:
            continue
        with transaction.atomic():
            locked = Commitment.objects.select_for_update(of=("self",)).select_related("resolution__meeting").get(pk=commitment.pk)
            previous = locked.status
            if _observe(locked, verdict_of(locked, today=today), by=None, clock=clock):
                changed.append((locked, previous, verdict))
    return changed


# --- reports ----------------------------------------------------------------------------------


def evidence_label(report: Report) -> str:
    """What an evidence file's ciphertext is bound to: its report's row."""
    return f"commitment-evidence {report.pk}"


@dataclass(frozen=True)
class CleanReport:
    value: float
    date: dt.date
    evidence: tuple[str, bytes] | None


def check_report(value: float, date: dt.date, evidence: tuple[str, bytes] | None = None, *, today: dt.date) -> CleanReport:
    """A report's value and date: a finite number, a date not after today."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not abs(value) < 1e15:  # NaN, infinities, huge ints
        raise InvalidInputError(_("the value must be a finite number; found %(found)s") % {"found": repr(value)[:40]}, field="value")
    if date > today:
        msg = _("the report is dated %(date)s, after today (%(today)s); report values already measured") % {
            "date": date.isoformat(),
            "today": today.isoformat(),
        }
        raise InvalidInputError(msg, field="timestamp")
    if date.year < 1900:
        raise InvalidInputError(_("the report is dated %(date)s; give a date after 1900") % {"date": date.isoformat()}, field="timestamp")
    if evidence is not None:
        name, data = evidence
        if len(data) > MAX_EVIDENCE_BYTES:
            msg = _("the evidence file is %(size)s bytes; at most %(limit)s are accepted") % {
                "size": f"{len(data):,}",
                "limit": f"{MAX_EVIDENCE_BYTES:,}",
            }
            raise InvalidInputError(msg, field="file")
        evidence = (clean_name(name, field="file")[:150] or "evidence", data) if data else None
    return CleanReport(float(value), date, evidence)


def _store_report(commitment: Commitment, clean: CleanReport, *, by: User, clock: Clock) -> Report:
    report = Report.objects.create(commitment=commitment, value=clean.value, date=clean.date, reported_by=by, created_at=clock.now())
    if clean.evidence is not None:
        name, data = clean.evidence
        report.evidence = keyring.seal(commitment.resolution.meeting, data, label=evidence_label(report))
        report.evidence_name, report.evidence_size = name, len(data)
        report.save(update_fields=["evidence", "evidence_name", "evidence_size"])
    payload = {"commitment": str(commitment.uuid), "report": report.pk, "evidence": clean.evidence is not None}
    record_event("commitment.reported", actor=by, meeting=commitment.resolution.meeting, payload=payload, clock=clock)
    return report


def do_report(
    commitment: Commitment,
    *,
    value: float,
    date: dt.date,
    evidence: tuple[str, bytes] | None = None,
    by: User,
    clock: Clock = system_clock,
) -> tuple[Report, Verdict]:
    """One report of the commitment's indicator (the access layer let ``by`` report on it); the
    status it leads to is logged when it changes."""
    today = _today(clock)
    clean = check_report(value, date, evidence, today=today)
    with transaction.atomic():
        locked = Commitment.objects.select_for_update(of=("self",)).select_related("resolution__meeting").get(pk=commitment.pk)
        report = _store_report(locked, clean, by=by, clock=clock)
        verdict = verdict_of(locked, today=today)
        _observe(locked, verdict, by=by, clock=clock)
    return report, verdict


def _parse_row(record: dict[str, str], allowed: dict[int, Commitment], *, today: dt.date) -> tuple[Commitment, CleanReport]:
    text = record["commitment"]
    commitment = allowed.get(int(text)) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    if commitment is None:
        raise InvalidInputError(_("no commitment %(id)s that you may report on") % {"id": text[:20]}, field="id")
    try:
        value = float(record["value"]) if record["value"] else math.nan  # "12,5" is refused, never read as 125
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidInputError(_("%(found)s is not a number") % {"found": repr(record["value"])[:40]}, field="value")
    try:
        date = dt.date.fromisoformat(record["date"]) if len(record["date"]) == 10 else None
    except ValueError:
        date = None
    if date is None:
        raise InvalidInputError(_("%(found)s is not a date written YYYY-MM-DD") % {"found": repr(record["date"])[:40]}, field="timestamp")
    return commitment, check_report(value, date, today=today)


_ROW_COLUMNS = {"id": "commitment", "value": "value", "timestamp": "date"}


def do_import_reports(
    data: bytes, allowed: Collection[Commitment], *, by: User, clock: Clock = system_clock
) -> list[tuple[Report, Verdict]]:
    """Reports from a CSV or XLSX file (columns commitment, value, date), all or none: a line
    naming a commitment not in ``allowed`` (those the caller may report on), a value that is not
    a number or a date that is not one refuses the file, with every bad line listed."""
    today = _today(clock)
    by_id = {c.pk: c for c in allowed}
    errors: list[RowError] = []
    rows: list[tuple[Commitment, CleanReport]] = []
    for line, record in read_records(data, REPORT_TABLE, gettext=_, errors=errors):
        try:
            rows.append(_parse_row(record, by_id, today=today))
        except InvalidInputError as exc:
            errors.append(RowError(line, _ROW_COLUMNS.get(exc.field or "", exc.field or "row"), translated(exc)))
    if errors:
        raise RowsInvalidError(sorted(errors, key=lambda e: e.row))
    if not rows:
        raise InvalidInputError(_("the file has a header but no report"), field="file")
    reports = []
    with transaction.atomic():
        locked = {
            c.pk: c
            for c in Commitment.objects.select_for_update(of=("self",))
            .select_related("resolution__meeting")
            .filter(pk__in={c.pk for c, _clean in rows})
        }
        for commitment, clean in rows:
            reports.append(_store_report(locked[commitment.pk], clean, by=by, clock=clock))
        verdicts = {}
        for commitment in locked.values():
            verdicts[commitment.pk] = verdict_of(commitment, today=today)
            _observe(commitment, verdicts[commitment.pk], by=by, clock=clock)
    return [(report, verdicts[report.commitment_id]) for report in reports]


def reports_of(commitment: Commitment) -> list[Report]:
    """The commitment's reports, the latest first (evidence files left sealed)."""
    return list(commitment.reports.defer("evidence").order_by("-date", "-id"))


def evidence_of(report: Report) -> tuple[str, bytes]:
    """The report's evidence file, unsealed: (name, bytes).  NotFoundError when it has none;
    ConflictError once the meeting's materials were shredded (its key is gone)."""
    if not report.evidence_size:
        raise NotFoundError(f"report {report.pk} has no evidence file")
    meeting = report.commitment.resolution.meeting
    return report.evidence_name, keyring.open_sealed(meeting, bytes(report.evidence), label=evidence_label(report))


# --- reminders --------------------------------------------------------------------------------


def due_for_reminder(*, days: int, clock: Clock = system_clock) -> list[tuple[Commitment, Verdict]]:
    """Unfulfilled commitments due within ``days`` days, or overdue, with their verdicts."""
    today = _today(clock)
    commitments = list(
        Commitment.objects.filter(due__lte=today + dt.timedelta(days=days)).select_related("resolution__meeting").order_by("due", "id")
    )
    verdicts = verdicts_for(commitments, today=today)
    return [(c, verdicts[c.pk]) for c in commitments if verdicts[c.pk].status is not Status.FULFILLED]


def reminder_recipients(commitment: Commitment) -> list[str]:
    """The addresses of the owner delegation's participants in the meeting."""
    rows = Membership.objects.filter(meeting_id=commitment.resolution.meeting_id, delegation=commitment.owner).select_related("user")
    return sorted({m.user.email for m in rows})


def send_reminder(commitment: Commitment, verdict: Verdict, *, base_url: str) -> int:
    """Mail the owner delegation's participants a reminder with the due date as an .ics event.
    Returns the number of messages sent."""
    from django.urls import reverse

    meeting = commitment.resolution.meeting
    link = base_url.rstrip("/") + reverse("commitments:commitment", args=[meeting.pk, commitment.pk])
    context = {
        "commitment": commitment,
        "meeting": meeting,
        "rule": verdict.render(_),
        "status": _(conditions.STATUS_LABELS[verdict.status]),
        "link": link,
    }
    sent = 0
    for address in reminder_recipients(commitment):
        message = EmailMessage(
            subject=render_to_string("commitments/email/reminder_subject.txt", context).strip(),
            body=render_to_string("commitments/email/reminder_body.txt", context),
            to=[address],
        )
        calendar = all_day_ics(
            uid=f"commitment-{commitment.uuid}@incamera",
            title=_("Commitment due: %(description)s") % {"description": commitment.description[:120]},
            day=commitment.due,
            description=verdict.render(_),
            url=link,
        )
        message.attach(f"commitment-{commitment.pk}.ics", calendar, "text/calendar; method=PUBLISH; charset=utf-8")
        message.send()
        sent += 1
    return sent


# --- the dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    commitment: Commitment
    verdict: Verdict
    latest: tuple[dt.date, float] | None


@dataclass(frozen=True)
class Dashboard:
    rows: list[Row]
    by_resolution: list[tuple[Resolution, Counter[str]]]
    by_delegation: list[tuple[str, Counter[str]]]
    totals: Counter[str]
    # (month end, fulfilled, commitments existing then): the fulfilment rate over time
    rate: list[tuple[dt.date, int, int]]


_MONTHS = 24


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends = []
    year, month = first.year, first.month
    while True:
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        end = min(following - dt.timedelta(days=1), last)
        ends.append(end)
        if end >= last:
            break
        year, month = following.year, following.month
    return ends[-_MONTHS:]


def dashboard_for(meeting: Meeting, *, clock: Clock = system_clock) -> Dashboard:
    """Every commitment of the meeting's resolutions with its verdict, the counts per resolution
    and per delegation, and the fulfilment rate at each month's end (the last 24)."""
    today = _today(clock)
    commitments = list(
        Commitment.objects.filter(resolution__meeting=meeting).select_related("resolution").order_by("resolution_id", "due", "id")
    )
    histories: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    for commitment_id, day, value in (
        Report.objects.filter(commitment__in=commitments).order_by("date", "id").values_list("commitment_id", "date", "value")
    ):
        histories[commitment_id].append((day, value))
    parsed = {c.pk: condition_of(c) for c in commitments}
    rows = []
    for c in commitments:
        history = histories.get(c.pk, [])
        verdict = conditions.evaluate(parsed[c.pk], _history(history), today=today, start=c.created_at.date())
        rows.append(Row(c, verdict, history[-1] if history else None))
    totals: Counter[str] = Counter(row.verdict.status.value for row in rows)
    per_resolution: dict[int, tuple[Resolution, Counter[str]]] = {}
    per_delegation: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        per_resolution.setdefault(row.commitment.resolution_id, (row.commitment.resolution, Counter()))[1][row.verdict.status.value] += 1
        per_delegation[row.commitment.owner][row.verdict.status.value] += 1
    rate = []
    if commitments:
        for end in _month_ends(min(c.created_at.date() for c in commitments), today):
            existing = [c for c in commitments if c.created_at.date() <= end]
            fulfilled = sum(
                conditions.evaluate(
                    parsed[c.pk], _history(r for r in histories.get(c.pk, []) if r[0] <= end), today=end, start=c.created_at.date()
                ).status
                is Status.FULFILLED
                for c in existing
            )
            rate.append((end, fulfilled, len(existing)))
    return Dashboard(
        rows=rows,
        by_resolution=list(per_resolution.values()),
        by_delegation=sorted(per_delegation.items()),
        totals=totals,
        rate=rate,
    )


def export_rows(dashboard: Dashboard) -> list[list[str]]:
    """The dashboard's commitments as EXPORT_COLUMNS rows (statuses and rules in the reader's language)."""
    return [
        [
            str(row.commitment.pk),
            row.commitment.resolution.title,
            row.commitment.owner,
            row.commitment.description,
            row.commitment.metric,
            row.commitment.unit,
            condition_of(row.commitment).describe(),
            row.commitment.due.isoformat(),
            row.verdict.status.value,
            row.verdict.render(_),
            "" if row.latest is None else f"{row.latest[1]:g}",
            "" if row.latest is None else row.latest[0].isoformat(),
        ]
        for row in dashboard.rows
    ]
