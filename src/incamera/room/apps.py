from django.apps import AppConfig


class RoomConfig(AppConfig):
    name = "incamera.room"
    label = "room"
    verbose_name = "the virtual closed room"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(Section("room", "session", gettext_noop("Virtual room"), "room:page", "content", 30))
