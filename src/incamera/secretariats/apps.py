from django.apps import AppConfig


class SecretariatsConfig(AppConfig):
    name = "incamera.secretariats"
    label = "secretariats"
    verbose_name = "secretariats"
