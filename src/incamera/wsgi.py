"""WSGI entry point for ``incamera serve`` and any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
application = get_wsgi_application()
