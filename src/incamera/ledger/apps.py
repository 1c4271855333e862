from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "incamera.ledger"
    label = "ledger"
    verbose_name = "transparency log"
