from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from incamera.meetings.models import Meeting


class CommitmentsConfig(AppConfig):
    name = "incamera.commitments"
    label = "commitments"
    verbose_name = "commitments"

    def ready(self) -> None:
        from incamera.materials.keyring import shredding

        shredding.connect(_shred_evidence, dispatch_uid="commitments.shred_evidence")

        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "commitments",
                "outcomes",
                gettext_noop("Commitments"),
                "commitments:dashboard",
                "content",
                20,
                also=("commitments:commitment",),
            )
        )


def _shred_evidence(sender: object, *, meeting: Meeting, **kwargs: object) -> int:
    """Evidence files are sealed under the meeting key, which the shred destroys: they are
    unreadable already; their ciphertext is emptied too (defence in depth).  The reports' values
    stay: they are the commitments' record, as the resolutions' digests are."""
    from incamera.commitments.models import Report

    return Report.objects.filter(commitment__resolution__meeting=meeting).exclude(evidence_size=0).update(evidence=b"")
