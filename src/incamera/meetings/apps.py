from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "incamera.meetings"
    label = "meetings"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        for section in (
            Section("overview", "overview", gettext_noop("Overview"), "meetings:detail", "logistics", 0),
            Section("details", "prepare", gettext_noop("Details"), "meetings:edit", "organize", 10),
            Section("agenda", "prepare", gettext_noop("Agenda"), "meetings:agenda", "content", 20, also=("meetings:agenda_edit",)),
            Section("participants", "prepare", gettext_noop("Participants"), "meetings:participants", "participants", 30),
            Section("readiness", "prepare", gettext_noop("Readiness"), "meetings:readiness", "content", 80),
            Section("record", "record", gettext_noop("Tamper-evident record"), "meetings:record", "logistics", 10),
        ):
            register_section(section)
