from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "incamera.core"
    label = "core"
    verbose_name = "incamera core"

    def ready(self) -> None:
        from django.conf import settings

        from incamera.crypto.keys import load_or_create_key_file

        # The key-encryption key exists from the first start on (crypto/keys.py).
        load_or_create_key_file(settings.INCAMERA_KEK_PATH)
