from django.apps import AppConfig


class I18nConfig(AppConfig):
    """Registers the template filters (``{% load incamera %}``); the app has no models."""

    name = "incamera.i18n"
    label = "i18n"
    verbose_name = "languages and translation"
