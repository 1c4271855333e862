from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "incamera.vetting"
    label = "vetting"
    verbose_name = "vetting"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "vetting",
                "prepare",
                gettext_noop("Vetting"),
                "vetting:matrix",
                "vetting",  # organizers of the meeting who organise for its secretariat: it reads the roster
                40,
                also=("vetting:observers", "vetting:rotation"),
            )
        )
