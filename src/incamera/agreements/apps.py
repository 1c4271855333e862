from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "incamera.agreements"
    label = "agreements"
    verbose_name = "confidentiality agreements"

    def ready(self) -> None:
        from incamera.agreements.actions import has_signed, signature_progress
        from incamera.meetings.gates import register_automatic_item, register_content_gate

        # Until their current NDA is signed, participants see nothing beyond the meeting's
        # logistics and the NDA page; the "All NDAs signed" item ticks itself.
        register_content_gate("nda", has_signed)
        register_automatic_item("ndas_signed", signature_progress)

        from incamera.kernel.messages import gettext_noop
        from incamera.meetings.workspace import Section, register_section

        register_section(
            Section(
                "nda", "prepare", gettext_noop("Confidentiality agreement"), "agreements:nda", "agreement", 60, also=("agreements:edit",)
            )
        )
