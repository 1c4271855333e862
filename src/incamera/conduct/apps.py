from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "incamera.conduct"
    label = "conduct"
    verbose_name = "the session"
