"""Double-blind service: the random codes that stand for participants with service staff."""

from __future__ import annotations

from django.db import models

from incamera.meetings.models import Meeting


class ServiceCode(models.Model):
    """A random per-meeting, per-service code standing for one participant (double-blind service)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="service_codes")
    membership = models.ForeignKey("meetings.Membership", on_delete=models.CASCADE, related_name="service_codes")
    service = models.CharField(max_length=32)
    code = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "service", "code"], name="unique_code_per_service"),
            models.UniqueConstraint(fields=["membership", "service"], name="one_code_per_person_and_service"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.code}"
