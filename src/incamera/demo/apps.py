from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "incamera.demo"
    label = "demo"
    verbose_name = "demo data"
