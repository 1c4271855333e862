from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "incamera.service"
    label = "service"
    verbose_name = "double-blind service"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section("service", "prepare", gettext_noop("Service codes"), "service:page", "service", 90, also=("service:people",))
        )
