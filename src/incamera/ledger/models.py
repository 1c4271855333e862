"""The event table (every state change writes one row in the same transaction) and the
transparency-log tables: entries (pending until sequenced), tiles and signed checkpoints.

The sequencer writes the entries' indexes, the changed tiles and the new checkpoint in one
database transaction, so a crash leaves either the whole batch in the log or none of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Event(models.Model):
    type = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"


class LogEntry(models.Model):
    event = models.OneToOneField(Event, null=True, blank=True, on_delete=models.PROTECT, related_name="log_entry")
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    index = models.PositiveBigIntegerField(null=True, blank=True, unique=True)  # None until sequenced
    data = models.BinaryField()  # the entry: RFC 8785 canonical JSON
    leaf_hash = models.BinaryField()  # RFC 9162 leaf hash of data
    sealed_salt = models.BinaryField(blank=True)  # the commitment's salt, AES-GCM under a key derived from the KEK
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["index"]), models.Index(fields=["meeting", "index"])]

    def __str__(self) -> str:
        return f"entry {self.index if self.index is not None else 'pending'}"


class Tile(models.Model):
    """A c2sp.org/tlog-tiles hash tile: up to 256 hashes of tree level ``8 × level``."""

    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    width = models.PositiveSmallIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="one_tile_per_position")]

    def __str__(self) -> str:
        return f"tile {self.level}/{self.index} ({self.width})"


class Checkpoint(models.Model):
    size = models.PositiveBigIntegerField(unique=True)
    root_hash = models.BinaryField()
    note = models.TextField()  # the signed checkpoint (log signatures)
    cosigned_note = models.TextField(blank=True)  # with witness cosignatures, when gathered
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class WitnessRecord(models.Model):
    """The size each configured witness last cosigned, so the next request proves consistency from it."""

    url = models.URLField(unique=True)
    size = models.PositiveBigIntegerField(default=0)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.url} at {self.size}"
