"""Session notes, sealed: a row holds the meeting, the agenda item, when and by whom, and the
ciphertext.  What the note says (its text, under a closed record its speaker, and the salt of
its commitment in the log) is sealed under the meeting key (``materials.keyring.seal``), bound to
the note's id, so nothing of it is in clear in the database; there is no speaker column, so
under Chatham House a speaker cannot be stored even by mistake."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["Note"]


class Note(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="notes")
    agenda_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    # JSON {"text", "speaker"?, "salt"} sealed under the meeting key; emptied by a shred.
    ciphertext = models.BinaryField()
    # Under the closed record: when the note went into the sealed record (disclosure), sealed to
    # the custodian quorum; its ciphertext here is emptied then.
    sealed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    # The note-taker, as the ledger keeps its actors: an erased account leaves the note, unnamed.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.pk} of meeting {self.meeting_id}"
