from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "incamera.roster"
    label = "roster"
    verbose_name = "roster"
