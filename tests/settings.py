"""Test settings: incamera's own, a throwaway data directory, and the database named by
INCAMERA_TEST_DATABASE_URL (PostgreSQL in CI's second pass) or SQLite."""

import os
import tempfile

os.environ.setdefault("INCAMERA_DATA_DIR", tempfile.mkdtemp(prefix="incamera-test-"))

import dj_database_url

from incamera.settings import *  # noqa: F403

_url = os.environ.get("INCAMERA_TEST_DATABASE_URL")
if _url:
    DATABASES = {"default": dj_database_url.parse(_url)}
    # A name of our own, created and dropped by the test run.
    DATABASES["default"]["TEST"] = {"NAME": f"incamera_test_{os.getpid()}"}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]
