"""Commitments (issue 13, §5): what a delegation undertook under a resolution, measured by one
indicator and checked by a condition (``conditions.py``), and the reports of the indicator's value.

Status is computed from the reports (``actions.verdict_of``), never typed; ``status`` here is the
last status observed, kept so that a change can be logged when it is seen and the dashboard can
be filtered; it is always recomputable.  An evidence file is sealed under the meeting key
(``materials.keyring``), bound to its report's row."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

__all__ = ["Commitment", "Report"]


class Commitment(models.Model):
    resolution = models.ForeignKey("resolutions.Resolution", on_delete=models.CASCADE, related_name="commitments")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.CharField(max_length=200)  # a delegation, named as in the meeting's memberships
    description = models.TextField()
    due = models.DateField()
    metric = models.CharField(max_length=64)  # the indicator's name, e.g. recycled_share
    unit = models.CharField(max_length=32, blank=True)  # e.g. %
    condition = models.JSONField()  # conditions.Condition.to_json()
    status = models.CharField(max_length=16, default="on_track")  # the last status observed
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"commitment {self.pk} of {self.owner}"


class Report(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reports")
    value = models.FloatField()
    date = models.DateField()
    evidence = models.BinaryField(blank=True, default=b"")  # sealed under the meeting key (actions.evidence_label)
    evidence_name = models.CharField(max_length=150, blank=True)
    evidence_size = models.PositiveIntegerField(default=0)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["commitment", "date"], name="report_by_commitment_date")]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.commitment_id}"
