from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "incamera.materials"
    label = "materials"
