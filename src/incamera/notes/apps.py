from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from incamera.meetings.models import Meeting


class NotesConfig(AppConfig):
    name = "incamera.notes"
    label = "notes"
    verbose_name = "session notes"

    def ready(self) -> None:
        from incamera.materials.keyring import shredding

        shredding.connect(_shred_notes, dispatch_uid="notes.shred_notes")

        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(Section("notes", "session", gettext_noop("Notes"), "notes:notes", "content", 20))


def _shred_notes(sender: object, *, meeting: Meeting, **kwargs: object) -> int:
    """Notes are sealed under the meeting key, which the shred destroys: they are unreadable
    already; their ciphertext is emptied too (defence in depth), the rows stay as the log's."""
    from incamera.notes.models import Note

    return Note.objects.filter(meeting=meeting).update(ciphertext=b"")
