from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "incamera.materials"
    label = "materials"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "materials",
                "prepare",
                gettext_noop("Materials"),
                "materials:list",
                "content",
                70,
                also=("materials:access", "materials:trace"),
            )
        )
