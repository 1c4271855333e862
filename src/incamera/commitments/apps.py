from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "incamera.commitments"
    label = "commitments"
    verbose_name = "commitments"

    def ready(self) -> None:
        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "commitments",
                "outcomes",
                gettext_noop("Commitments"),
                "commitments:dashboard",
                "content",
                20,
                also=("commitments:commitment",),
            )
        )
