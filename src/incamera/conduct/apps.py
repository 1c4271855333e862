from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "incamera.conduct"
    label = "conduct"
    verbose_name = "the session"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section("speakers", "session", gettext_noop("Speakers list"), "conduct:speakers", "content", 5, also=("conduct:projector",))
        )
        register_section(Section("inclusion", "session", gettext_noop("Speaking time and inclusion"), "conduct:inclusion", "organize", 10))
