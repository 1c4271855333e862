"""What the session keeps: the events of each agenda item's speakers list (``floor.py``), one row
each, appended and never changed, so that the list is what its rows replay to and every adjustment
stays on record with who made it, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["FloorEventRecord", "FloorEventType"]


class FloorEventType(models.TextChoices):
    """The event classes of ``floor.py``, by name."""

    FLOOR_REQUESTED = "FloorRequested"
    REQUEST_WITHDRAWN = "RequestWithdrawn"
    QUEUE_REORDERED = "QueueReordered"
    FLOOR_GIVEN = "FloorGiven"
    FLOOR_ENDED = "FloorEnded"
    TIMER_PAUSED = "TimerPaused"
    TIMER_RESUMED = "TimerResumed"
    BUDGET_ADJUSTED = "BudgetAdjusted"
    OBSERVER_RIGHT_GRANTED = "ObserverRightGranted"


class FloorEventRecord(models.Model):
    """One event of a speakers list: ``payload`` holds its fields other than ``at`` and ``by``, as
    JSON (enums by value, tuples as lists)."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.CASCADE, related_name="floor_events")
    at = models.DateTimeField()
    # As the ledger's events keep their actor: an erased account leaves the act on record, unnamed.
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    type = models.CharField(max_length=32, choices=FloorEventType.choices)
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.type} on agenda item {self.agenda_item_id} at {self.at.isoformat()}"
