from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "incamera.agreements"
    label = "agreements"
    verbose_name = "confidentiality agreements"

    def ready(self) -> None:
        from incamera.agreements.actions import has_signed, unsigned_members
        from incamera.meetings.gates import register_automatic_item, register_content_gate

        # Until their current NDA is signed, participants see nothing beyond the meeting's
        # logistics and the NDA page; the "All NDAs signed" item ticks itself.
        register_content_gate("nda", has_signed)
        register_automatic_item("ndas_signed", lambda meeting: not unsigned_members(meeting))
