"""``/api/v1/meetings/{id}/commitments``: a meeting's commitments; ``/api/v1/commitments/{id}``:
one commitment; each with its status and the rule that decided it; and
``POST /api/v1/commitments/{id}/reports`` ``{"value", "date", "evidence"?}``: a report of its
indicator (issue 13, §5).

- The caller reads the meeting's content (else 404); to report they take part for the owner
  delegation or organise the meeting, else the commitment does not exist for them (404) and
  nothing is recorded.
- ``evidence`` is ``{"filename", "content"}``, the content in base64 (RFC 4648 §4), at most
  5 MiB decoded; it is sealed under the meeting key.
- A value that is not a finite number, or a date after today, is 422 naming the field.
- 201 answers with the report and the status it leads to; a status change is logged.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from incamera.accounts.api import TokenAuth, api_user
from incamera.commitments.access import access_commitment, access_commitments
from incamera.commitments.actions import MAX_EVIDENCE_BYTES, commitments_of, condition_of, do_report, verdict_of, verdicts_for
from incamera.commitments.conditions import Status as CommitmentStatus
from incamera.commitments.conditions import Verdict
from incamera.commitments.models import Commitment
from incamera.kernel.errors import InvalidInputError
from incamera.web.api import responses

router = Router(tags=["outcomes"])
meeting_router = Router(tags=["outcomes"])  # mounted at /meetings
COMMITMENTS_READ = TokenAuth("meetings:read")
COMMITMENTS_WRITE = TokenAuth("meetings:write")


class CommitmentOut(Schema):
    id: int
    resolution: str = Field(description="the resolution's UUID")
    owner: str = Field(description="the owner delegation")
    description: str
    due: dt.date
    metric: str
    unit: str
    condition: dict[str, Any] = Field(description='{"metric", "comparison", "target", "by"} or {"all": [...]}')
    status: CommitmentStatus = Field(description="computed from the reports and today's date, never typed")
    rule: str = Field(description="the rule that decided the status, with its values")


class EvidenceIn(Schema):
    filename: str = Field(min_length=1, max_length=150, pattern=r"\S")
    content: str = Field(max_length=(MAX_EVIDENCE_BYTES * 4) // 3 + 4, description="the file, base64 (RFC 4648 §4)")


class ReportIn(Schema):
    value: float = Field(allow_inf_nan=False, description="the indicator's value, in the commitment's unit")
    date: dt.date = Field(description="when the value was measured: not after today")
    evidence: EvidenceIn | None = None


class ReportOut(Schema):
    id: int
    value: float
    date: dt.date
    evidence: bool
    status: CommitmentStatus
    rule: str


def _shown(commitment: Commitment, verdict: Verdict | None = None) -> dict[str, Any]:
    verdict = verdict or verdict_of(commitment)
    return {
        "id": commitment.pk,
        "resolution": str(commitment.resolution.uuid),
        "owner": commitment.owner,
        "description": commitment.description,
        "due": commitment.due,
        "metric": commitment.metric,
        "unit": commitment.unit,
        "condition": condition_of(commitment).to_json(),
        "status": verdict.status,
        "rule": verdict.explanation,
    }


@meeting_router.get(
    "/{meeting_id}/commitments", response=responses({200: list[CommitmentOut]}), auth=COMMITMENTS_READ, summary="A meeting's commitments"
)
def list_commitments(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    rows = commitments_of(access_commitments(request.user, meeting_id))
    verdicts = verdicts_for(rows)
    return [_shown(c, verdicts[c.pk]) for c in rows]


@router.get("/{commitment_id}", response=responses({200: CommitmentOut}), auth=COMMITMENTS_READ, summary="A commitment and its status")
def get_commitment(request: HttpRequest, commitment_id: int) -> dict[str, Any]:
    return _shown(access_commitment(request.user, commitment_id))


def _evidence(body: EvidenceIn | None) -> tuple[str, bytes] | None:
    if body is None:
        return None
    try:
        data = base64.b64decode(body.content, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInputError(_("the evidence content is not base64"), field="file") from exc
    return body.filename, data


@router.post(
    "/{commitment_id}/reports",
    response=responses({201: ReportOut}),
    auth=COMMITMENTS_WRITE,
    summary="Report the indicator of your delegation's commitment",
)
def add_report(request: HttpRequest, commitment_id: int, body: ReportIn) -> Status[dict[str, Any]]:
    commitment = access_commitment(request.user, commitment_id, report=True)
    report, verdict = do_report(commitment, value=body.value, date=body.date, evidence=_evidence(body.evidence), by=api_user(request))
    return Status(
        201,
        {
            "id": report.pk,
            "value": report.value,
            "date": report.date,
            "evidence": bool(report.evidence_size),
            "status": verdict.status,
            "rule": verdict.explanation,
        },
    )
