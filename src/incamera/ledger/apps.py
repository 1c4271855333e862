from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "incamera.ledger"
    label = "ledger"
    verbose_name = "transparency log"

    def ready(self) -> None:
        from django.conf import settings

        from incamera.crypto.keys import load_or_create_key_file

        # The key-encryption key exists from the first start on (crypto/keys.py): the log seals
        # its salts under it, and materials wrap their meeting keys under it.
        load_or_create_key_file(settings.INCAMERA_KEK_PATH)
