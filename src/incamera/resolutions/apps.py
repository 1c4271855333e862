from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from incamera.meetings.models import Meeting


class ResolutionsConfig(AppConfig):
    name = "incamera.resolutions"
    label = "resolutions"
    verbose_name = "outcomes"

    def ready(self) -> None:
        from incamera.materials.keyring import shredding

        shredding.connect(_shred_texts, dispatch_uid="resolutions.shred_texts")

        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "resolutions",
                "outcomes",
                gettext_noop("Resolutions"),
                "resolutions:list",
                "content",
                10,
                also=("resolutions:create", "resolutions:detail", "resolutions:close"),
            )
        )


def _shred_texts(sender: object, *, meeting: Meeting, **kwargs: object) -> int:
    """Every text sealed here (the versions' texts, amendments and their decisions, objections,
    reservations) is under the meeting key, which the shred destroys: unreadable already, their
    ciphertext is emptied too (defence in depth); the rows and their digests stay, as the log's."""
    from incamera.resolutions.models import Amendment, Objection, Reservation, ResolutionText

    emptied = ResolutionText.objects.filter(version__resolution__meeting=meeting).update(ciphertext=b"")
    emptied += Amendment.objects.filter(resolution__meeting=meeting).update(ciphertext=b"", decision_ciphertext=b"")
    emptied += Objection.objects.filter(adoption__resolution__meeting=meeting).update(ciphertext=b"")
    emptied += Reservation.objects.filter(resolution__meeting=meeting).update(ciphertext=b"")
    return emptied
