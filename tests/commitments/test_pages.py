"""The commitments pages: the dashboard (counts, the chart with its table, each rule), its empty
state, the organizer's form, the owner's report form and evidence, imports and exports."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incamera.commitments import actions
from incamera.commitments.models import Commitment, Report
from tests.commitments.conftest import Committed, at
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def _url(committed: Committed, tail: str = "") -> str:
    return f"/meetings/{committed.cast.meeting.pk}/commitments/{tail}"


def test_the_dashboard_is_empty_until_a_commitment_is_recorded(cast: Cast) -> None:
    html = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/commitments/").content.decode()
    assert 'id="no-commitments"' in html
    assert "<svg" not in html
    organizer = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/commitments/").content.decode()
    assert "Commitments belong to a resolution: draft one first." in organizer


def test_the_dashboard_shows_statuses_the_rate_chart_with_its_table_and_each_rule(committed: Committed) -> None:
    actions.do_report(committed.commitment, value=61, date=dt.date(2026, 9, 1), by=committed.cast.delegate, clock=at("2026-09-02"))
    response = client_for(committed.cast.observer).get(_url(committed))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<svg role="img" aria-labelledby="rate-title"', html)
    assert '<table id="rate-table">' in html
    assert "<td>2026-09</td><td>1</td><td>1</td><td>100%</td>" in html
    assert "fulfilled: 61 reported on 2026-09-01 meets recycled_share &gt;= 60 by 2026-12-31" in html
    assert '<th scope="row">Delegate Delegation</th><td>1</td>' in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None  # no inline script
    assert "Import reports" not in html  # the observer reports on nothing
    assert 'aria-current="page">Commitments</a>' in html


def test_an_organizer_records_a_commitment_and_a_bad_metric_is_shown_not_stored(committed: Committed) -> None:
    client = client_for(committed.cast.organizer)
    form = {
        "commitment-resolution": committed.resolution.pk,
        "commitment-owner": "Observer Delegation",
        "commitment-description": "Publish smelter audits.",
        "commitment-metric": "audits_published",
        "commitment-unit": "audits",
        "commitment-comparison": ">=",
        "commitment-target": "12",
        "commitment-due": "2027-06-30",
    }
    response = client.post(_url(committed, "add"), form)
    assert response.status_code == 302
    created = Commitment.objects.get(owner="Observer Delegation")
    assert created.condition == {"metric": "audits_published", "comparison": ">=", "target": 12, "by": "2027-06-30"}
    before = Commitment.objects.count()
    bad = client.post(_url(committed, "add"), form | {"commitment-metric": "Audits!"})
    assert bad.status_code == 422
    assert "lower-case letters" in bad.content.decode()
    assert Commitment.objects.count() == before
    assert client_for(committed.cast.delegate).post(_url(committed, "add"), form).status_code == 404
    unknown = json.dumps({"metric": "tonnes", "comparison": "<=", "target": 5, "by": "2027-01-01"})
    refused = client.post(_url(committed, "add"), form | {"commitment-advanced": unknown})
    assert refused.status_code == 422
    assert "the condition names the metric &#x27;tonnes&#x27;, which the commitment does not declare" in refused.content.decode()
    milestones = {
        "all": [
            {"metric": "audits_published", "comparison": ">=", "target": t, "by": by} for t, by in ((4, "2026-12-31"), (12, "2027-06-30"))
        ]
    }
    assert client.post(_url(committed, "add"), form | {"commitment-advanced": json.dumps(milestones)}).status_code == 302
    assert Commitment.objects.latest("id").condition == milestones
    assert Commitment.objects.count() == before + 1


def test_the_owner_reports_with_evidence_and_others_get_404_with_nothing_recorded(committed: Committed) -> None:
    page = _url(committed, f"{committed.commitment.pk}/")
    owner = client_for(committed.cast.delegate)
    assert "Report the indicator" in owner.get(page).content.decode()
    upload = SimpleUploadedFile("audit.pdf", b"%PDF audit of recycled cobalt", content_type="application/pdf")
    response = owner.post(page + "report", {"report-value": "45", "report-date": "2026-03-01", "report-evidence": upload})
    assert response.status_code == 302
    report = Report.objects.get()
    assert b"audit of" not in bytes(report.evidence)
    evidence = f"{page}reports/{report.pk}/evidence"
    download = owner.get(evidence)
    assert download.status_code == 200
    assert b"".join(download) == b"%PDF audit of recycled cobalt"
    observer = client_for(committed.cast.observer)
    assert "Report the indicator" not in observer.get(page).content.decode()
    assert observer.post(page + "report", {"report-value": "99", "report-date": "2026-03-01"}).status_code == 404
    assert observer.get(evidence).status_code == 404
    assert Report.objects.count() == 1
    future = owner.post(page + "report", {"report-value": "50", "report-date": "2099-01-01"})
    assert future.status_code == 422
    assert "after today" in future.content.decode()
    assert Report.objects.count() == 1


def test_an_import_with_a_broken_row_shows_every_bad_line_and_imports_nothing(committed: Committed) -> None:
    pk = committed.commitment.pk
    data = f"commitment,value,date\n{pk},41,2026-02-01\n{pk},lots,2026-03-01\n".encode()
    client = client_for(committed.cast.delegate)
    response = client.post(_url(committed, "import"), {"reports-file": SimpleUploadedFile("r.csv", data, content_type="text/csv")})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Problems found (nothing was imported)" in html
    assert "<td>3</td><td>value</td>" in html
    assert Report.objects.count() == 0
    good = f"commitment,value,date\n{pk},41,2026-02-01\n".encode()
    assert client.post(_url(committed, "import"), {"reports-file": SimpleUploadedFile("r.csv", good)}).status_code == 302
    assert Report.objects.count() == 1


def test_the_dashboard_exports_as_csv_and_xlsx(committed: Committed) -> None:
    import openpyxl

    client = client_for(committed.cast.delegate)
    csv = client.get(_url(committed, "export"))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(actions.EXPORT_COLUMNS)
    assert "Delegate Delegation" in text
    assert "recycled_share >= 60 by 2026-12-31" in text
    xlsx = client.get(_url(committed, "export") + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in next(sheet.iter_rows())] == list(actions.EXPORT_COLUMNS)
    assert client_for(committed.cast.outsider).get(_url(committed, "export")).status_code == 404
