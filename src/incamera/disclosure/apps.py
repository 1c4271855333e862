from __future__ import annotations

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "incamera.disclosure"
    label = "disclosure"
    verbose_name = "disclosure"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "disclosure",
                "disclosure",
                gettext_noop("Schedule and releases"),
                "disclosure:schedule",
                "organize",
                10,
                also=("disclosure:review",),
            )
        )
        register_section(Section("readouts", "disclosure", gettext_noop("Readouts"), "disclosure:readouts", "content", 20))
