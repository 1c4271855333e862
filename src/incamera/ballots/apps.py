from __future__ import annotations

from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "incamera.ballots"
    label = "ballots"
    verbose_name = "secret ballots"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "ballots",
                "outcomes",
                gettext_noop("Secret ballots"),
                "ballots:list",
                "content",
                20,
                also=("ballots:detail",),
            )
        )
