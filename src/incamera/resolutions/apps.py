from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "incamera.resolutions"
    label = "resolutions"
    verbose_name = "outcomes"
