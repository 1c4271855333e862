from django.apps import AppConfig


class CliConfig(AppConfig):
    """The ``incamera`` command itself and its server: the top of the house, beside urls and api."""

    name = "incamera.cli"
    label = "cli"
    verbose_name = "command line"
