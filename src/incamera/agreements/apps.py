from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "incamera.agreements"
    label = "agreements"
