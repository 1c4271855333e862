"""WSGI entry point for ``incamera serve`` and any WSGI server."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the templates' modules) lives as long as the worker:
# moved out of the collector's reach, it is no longer scanned by every full collection, which
# took the workspace pages' p95 from 50–120 ms down to 17–46 ms under bench/serve.py (issue 10).
gc.freeze()
