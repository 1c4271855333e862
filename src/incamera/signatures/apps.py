from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "incamera.signatures"
    label = "signatures"
    verbose_name = "signatures"
