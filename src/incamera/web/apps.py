from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "incamera.web"
    label = "web"
    verbose_name = "web layer"
