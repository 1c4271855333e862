from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "incamera.accounts"
    label = "accounts"
