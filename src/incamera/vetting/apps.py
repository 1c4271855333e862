from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "incamera.vetting"
    label = "vetting"
    verbose_name = "vetting"
