from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from incamera.meetings.models import Meeting


class InvitationsConfig(AppConfig):
    name = "incamera.invitations"
    label = "invitations"
    verbose_name = "invitations"

    def ready(self) -> None:
        from incamera.materials.keyring import shredding

        shredding.connect(_shred_credentials, dispatch_uid="invitations.shred_credentials")

        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "invitations",
                "prepare",
                gettext_noop("Invitations"),
                "invitations:invitations",
                "organize",
                50,
                also=("invitations:credentials",),
            )
        )
        register_section(Section("delegation", "prepare", gettext_noop("My delegation"), "invitations:delegation", "focal_point", 55))


def _shred_credentials(sender: object, *, meeting: Meeting, **kwargs: object) -> int:
    """Credentials are sealed under the meeting key; a shred empties them too (and those a
    release before 0.2 stored in clear)."""
    from incamera.invitations.models import Credential

    return Credential.objects.filter(meeting=meeting).update(data=b"")
