from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "incamera.service"
    label = "service"
    verbose_name = "double-blind service"
