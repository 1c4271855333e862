from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "incamera.resolutions"
    label = "resolutions"
    verbose_name = "outcomes"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "resolutions",
                "outcomes",
                gettext_noop("Resolutions"),
                "resolutions:list",
                "content",
                10,
                also=("resolutions:create", "resolutions:detail", "resolutions:close"),
            )
        )
