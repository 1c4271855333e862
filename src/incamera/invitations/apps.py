from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "incamera.invitations"
    label = "invitations"
    verbose_name = "invitations"
