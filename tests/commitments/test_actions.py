"""Commitments through their actions and commands: what is refused (nothing recorded), reports and
status changes logged without confidential values, evidence sealed, imports all or none,
refreshes and reminders with a valid .ics."""

from __future__ import annotations

import datetime as dt
import io
import json

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command

from incamera.commitments import actions
from incamera.commitments.access import reportable_commitments
from incamera.commitments.models import Commitment, Report
from incamera.kernel.errors import InvalidInputError, RowsInvalidError
from incamera.ledger.models import Event, LogEntry
from incamera.resolutions.models import ResolutionState
from tests.commitments.conftest import OWNER, START, Committed, at, commit
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Commitment.objects.count(), Report.objects.count(), Event.objects.filter(type__startswith="commitment.").count()


def test_a_condition_naming_an_unknown_metric_is_refused_and_nothing_is_recorded(committed: Committed) -> None:
    before = _counts()
    with pytest.raises(InvalidInputError) as caught:
        actions.do_create_commitment(
            committed.resolution,
            owner=OWNER,
            description="Smelt less.",
            due=dt.date(2027, 1, 1),
            metric="recycled_share",
            condition={"metric": "tonnes_smelted", "comparison": "<=", "target": 10, "by": "2027-01-01"},
            by=committed.cast.organizer,
        )
    assert "'tonnes_smelted', which the commitment does not declare (declared: recycled_share)" in caught.value.message
    assert _counts() == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"owner": "Atlantis"}, "delegation", "Atlantis is not a delegation taking part in this meeting"),
        ({"metric": "Recycled Share"}, "attribute", "lower-case letters"),
        ({"due": dt.date(2026, 6, 30)}, "ends_at", "the condition's date 2026-12-31 is after the due date 2026-06-30"),
        ({"description": " "}, "description", "1 to 2000 characters"),
    ],
)
def test_a_commitment_with_a_bad_field_is_refused_naming_it(
    committed: Committed, change: dict[str, object], field: str, words: str
) -> None:
    arguments: dict[str, object] = {
        "owner": OWNER,
        "description": "Raise it.",
        "due": dt.date(2026, 12, 31),
        "metric": "recycled_share",
        "condition": {"metric": "recycled_share", "comparison": ">=", "target": 60, "by": "2026-12-31"},
    } | change
    before = _counts()
    with pytest.raises(InvalidInputError) as caught:
        actions.do_create_commitment(committed.resolution, by=committed.cast.organizer, **arguments)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert words in caught.value.message
    assert _counts() == before


def test_a_withdrawn_resolution_takes_no_commitment(committed: Committed) -> None:
    from incamera.kernel.errors import TransitionError

    committed.resolution.state = ResolutionState.WITHDRAWN
    committed.resolution.save()
    with pytest.raises(TransitionError, match="withdrawn"):
        commit(committed.cast, committed.resolution)


def test_each_report_and_status_change_is_logged_without_confidential_values(committed: Committed) -> None:
    from incamera.ledger.sequencer import sequence_pending

    commitment = committed.commitment
    assert commitment.status == "on_track"
    report, verdict = actions.do_report(
        commitment, value=61.25, date=dt.date(2026, 9, 1), by=committed.cast.delegate, clock=at("2026-09-02")
    )
    assert verdict.status == "fulfilled"
    assert verdict.explanation.startswith("fulfilled: 61.25 reported on 2026-09-01")
    commitment.refresh_from_db()
    assert commitment.status == "fulfilled"
    events = list(Event.objects.filter(type__startswith="commitment.").order_by("id"))
    assert [e.type for e in events] == ["commitment.created", "commitment.reported", "commitment.status_changed"]
    assert events[1].payload == {"commitment": str(commitment.uuid), "report": report.pk, "evidence": False}
    assert events[2].payload == {"commitment": str(commitment.uuid), "from": "on_track", "to": "fulfilled"}
    assert events[2].actor == committed.cast.delegate
    sequence_pending()
    for entry in LogEntry.objects.filter(event__in=events):
        body = json.loads(bytes(entry.data))
        assert body["public"] == {}
        text = bytes(entry.data).decode()
        for secret in ("61.25", "2026-09-01", OWNER, "recycled", str(commitment.uuid)):
            assert secret not in text


def test_evidence_is_sealed_under_the_meeting_key_and_opens_for_the_reader(committed: Committed) -> None:
    data = b"%PDF-1.4 customs declaration of recycled cobalt"
    report, _verdict = actions.do_report(
        committed.commitment,
        value=40,
        date=dt.date(2026, 3, 1),
        evidence=("declaration.pdf", data),
        by=committed.cast.delegate,
        clock=at("2026-03-02"),
    )
    report.refresh_from_db()
    assert b"customs" not in bytes(report.evidence)
    assert report.evidence_size == len(data)
    assert actions.evidence_of(report) == ("declaration.pdf", data)


def test_shredding_the_meeting_key_leaves_no_evidence_readable_and_keeps_the_values(committed: Committed) -> None:
    from incamera.kernel.errors import ConflictError
    from incamera.materials.actions import do_shred_materials

    report, _verdict = actions.do_report(
        committed.commitment,
        value=40,
        date=dt.date(2026, 3, 1),
        evidence=("a.pdf", b"%PDF secret"),
        by=committed.cast.delegate,
        clock=at("2026-03-02"),
    )
    do_shred_materials(committed.cast.meeting, by=committed.cast.organizer)
    report.refresh_from_db()
    assert bytes(report.evidence) == b""
    with pytest.raises(ConflictError, match="shredded"):
        actions.evidence_of(report)
    assert actions.verdict_of(committed.commitment, clock=at("2026-03-02")).status == "on_track"  # the values stay


@pytest.mark.parametrize(
    ("value", "date", "field"),
    [(float("nan"), "2026-03-01", "value"), (float("inf"), "2026-03-01", "value"), (40.0, "2026-03-03", "timestamp")],
)
def test_a_report_that_is_not_a_measurement_is_refused_and_nothing_is_recorded(
    committed: Committed, value: float, date: str, field: str
) -> None:
    before = _counts()
    with pytest.raises(InvalidInputError) as caught:
        actions.do_report(
            committed.commitment, value=value, date=dt.date.fromisoformat(date), by=committed.cast.delegate, clock=at("2026-03-02")
        )
    assert caught.value.field == field
    assert _counts() == before


def test_an_import_with_a_broken_row_imports_nothing_and_lists_every_bad_line(committed: Committed) -> None:
    cast = committed.cast
    others = commit(cast, committed.resolution, owner="Observer Delegation")
    mine = committed.commitment.pk
    data = (
        "commitment,value,date\n"
        f"{mine},41,2026-02-01\n"
        f"{mine},forty,2026-03-01\n"
        f"{others.pk},10,2026-03-01\n"
        f"{mine},43,01/04/2026\n"
        f"{mine},44,2026-05-01\n"
    ).encode()
    allowed = reportable_commitments(cast.delegate, cast.meeting)
    assert [c.pk for c in allowed] == [mine]
    before = _counts()
    with pytest.raises(RowsInvalidError) as caught:
        actions.do_import_reports(data, allowed, by=cast.delegate, clock=at("2026-06-01"))
    assert [(r.row, r.field) for r in caught.value.rows] == [(3, "value"), (4, "commitment"), (5, "date")]
    assert f"no commitment {others.pk} that you may report on" in caught.value.rows[1].message
    assert _counts() == before
    good = f"commitment,value,date\n{mine},41,2026-02-01\n{mine},44,2026-05-01\n".encode()
    done = actions.do_import_reports(good, allowed, by=cast.delegate, clock=at("2026-06-01"))
    assert [r.value for r, _v in done] == [41, 44]
    assert Event.objects.filter(type="commitment.reported").count() == 2


def test_an_xlsx_import_is_read_like_a_csv(committed: Committed) -> None:
    from incamera.tables import write_xlsx

    data = write_xlsx(["commitment", "value", "date"], [[str(committed.commitment.pk), "50", "2026-04-01"]], title="reports")
    cast = committed.cast
    done = actions.do_import_reports(data, reportable_commitments(cast.organizer, cast.meeting), by=cast.organizer, clock=at("2026-06-01"))
    assert [(r.value, r.date) for r, _v in done] == [(50.0, dt.date(2026, 4, 1))]


def test_a_refresh_logs_a_status_change_once_when_it_is_seen(committed: Committed) -> None:
    changed = actions.do_refresh_statuses(clock=at("2026-05-01"))  # 120 days of silence: more than a quarter
    assert [(c.pk, previous, verdict.status) for c, previous, verdict in changed] == [(committed.commitment.pk, "on_track", "at_risk")]
    assert actions.do_refresh_statuses(clock=at("2026-05-02")) == []
    assert Event.objects.filter(type="commitment.status_changed").count() == 1


def test_the_refresh_command_recomputes_on_todays_date(committed: Committed) -> None:
    yesterday = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
    lapsed = commit(committed.cast, committed.resolution, by=yesterday)
    out = io.StringIO()
    call_command("commitments", "refresh", stdout=out)
    assert f"commitment {lapsed.pk}: on_track → overdue (overdue: {yesterday} has passed with no report by then" in out.getvalue()
    assert Event.objects.get(type="commitment.status_changed", payload__commitment=str(lapsed.uuid)).payload["to"] == "overdue"


def test_reminders_reach_the_owner_delegation_with_the_due_date_as_an_ics(committed: Committed, cast: Cast) -> None:
    fulfilled = commit(cast, committed.resolution, owner="Observer Delegation", target=10)
    actions.do_report(fulfilled, value=12, date=dt.date(2026, 2, 1), by=cast.observer, clock=at("2026-02-02"))
    out = io.StringIO()
    call_command("commitments", "remind", "--days", "30", "--base-url", "https://incamera.example/", stdout=out)
    assert "1 reminder(s) sent for 1 commitment(s); 1 status change(s) logged" in out.getvalue()  # the fulfilled one is not reminded
    assert Event.objects.filter(type="commitment.status_changed", payload__commitment=str(committed.commitment.uuid)).exists()
    (message,) = mail.outbox
    assert message.to == ["delegate@example.org"]
    assert "2026-12-31" in message.subject
    assert f"https://incamera.example/meetings/{cast.meeting.pk}/commitments/{committed.commitment.pk}/" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2026, 12, 31)
    assert event.decoded("dtend") == dt.date(2027, 1, 1)
    assert str(event["uid"]) == f"commitment-{committed.commitment.uuid}@incamera"


def test_the_dashboard_counts_statuses_per_resolution_and_delegation_and_the_rate_by_month(committed: Committed) -> None:
    cast = committed.cast
    other = commit(cast, committed.resolution, owner="Observer Delegation", target=10)
    actions.do_report(other, value=12, date=dt.date(2026, 3, 15), by=cast.observer, clock=at("2026-03-16"))
    board = actions.dashboard_for(cast.meeting, clock=at("2026-04-10"))
    assert board.totals == {"fulfilled": 1, "at_risk": 1}  # the delegate's: silent for 99 days
    assert [(owner, dict(counts)) for owner, counts in board.by_delegation] == [
        ("Delegate Delegation", {"at_risk": 1}),
        ("Observer Delegation", {"fulfilled": 1}),
    ]
    assert [(r.title, dict(c)) for r, c in board.by_resolution] == [("On recycled cobalt", {"at_risk": 1, "fulfilled": 1})]
    assert [(end.isoformat(), fulfilled, total) for end, fulfilled, total in board.rate] == [
        ("2026-01-31", 0, 2),
        ("2026-02-28", 0, 2),
        ("2026-03-31", 1, 2),
        ("2026-04-10", 1, 2),
    ]
    assert START.date() == board.rows[0].commitment.created_at.date()
