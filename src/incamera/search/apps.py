from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "incamera.search"
    label = "search"
    verbose_name = "archive search"
