"""Django settings for incamera, read from INCAMERA_* environment variables.

See docs/operations.md for every variable.  Nothing here opens a connection or a socket.
"""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path

import dj_database_url
import platformdirs

from incamera.crypto.keys import load_or_create_secret_key, private_path
from incamera.i18n.languages import INTERFACE_LANGUAGES

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def tighten_permissions(path: Path, *, mode: int, create: bool = False) -> None:
    """Make ``path`` its owner's only (``private_path``), and warn rather than refuse to start when
    that cannot be done (a volume owned by another account, say)."""
    private_path(path, mode=mode, create=create)
    current = stat.S_IMODE(path.stat().st_mode) if path.exists() else mode
    if current & ~mode:
        message = f"{path} has mode {current:o} and could not be changed to {mode:o}: other accounts may read it; fix its permissions"
        warnings.warn(message, stacklevel=2)


DATA_DIR = Path(os.environ.get("INCAMERA_DATA_DIR") or platformdirs.user_data_dir("incamera"))
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
tighten_permissions(DATA_DIR, mode=0o700)  # also when it existed with wider permissions (issue 9, finding 9)

SECRET_KEY = os.environ.get("INCAMERA_SECRET_KEY") or load_or_create_secret_key(DATA_DIR / "secret.key")
# The install's root secret (log pseudonyms and salts, fingerprint marks; never rotated) and the
# folder of the epoch key-encryption keys that wrap meeting keys (crypto/keys.py).
INCAMERA_KEK_PATH = Path(os.environ.get("INCAMERA_KEK_PATH") or DATA_DIR / "kek.key")
INCAMERA_KEK_DIR = Path(os.environ.get("INCAMERA_KEK_DIR") or DATA_DIR / "keks")
# Each secretariat's seal for the PDF record of adopted resolutions (secretariats/seal.py).
INCAMERA_SEAL_DIR = Path(os.environ.get("INCAMERA_SEAL_DIR") or DATA_DIR / "seals")

DEBUG = _env_bool("INCAMERA_DEBUG", default=False)
ALLOWED_HOSTS = _env_list("INCAMERA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("INCAMERA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "incamera.web",
    "incamera.ledger",
    "incamera.accounts",
    "incamera.secretariats",
    "incamera.meetings",
    "incamera.roster",
    "incamera.invitations",
    "incamera.vetting",
    "incamera.service",
    "incamera.agreements",
    "incamera.materials",
    "incamera.conduct",
    "incamera.room",
    "incamera.notes",
    "incamera.resolutions",
    "incamera.ballots",
    "incamera.disclosure",
    "incamera.commitments",
    "incamera.signatures",
    "incamera.search",
    "incamera.demo",
    "incamera.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "incamera.web.middleware.PermissionsPolicyMiddleware",
    "incamera.web.middleware.ErrorMiddleware",
]

ROOT_URLCONF = "incamera.urls"
WSGI_APPLICATION = "incamera.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "incamera.secretariats.access.account_capabilities",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("INCAMERA_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'incamera.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Created 0600 before SQLite opens it; SQLite gives the -wal and -shm files it creates the same
    # mode, and those an older release left readable by others are tightened here.
    if str(DATABASES["default"]["NAME"]) not in {"", ":memory:"}:
        tighten_permissions(Path(str(DATABASES["default"]["NAME"])), mode=0o600, create=True)
        for suffix in ("-wal", "-shm"):
            tighten_permissions(Path(f"{DATABASES['default']['NAME']}{suffix}"), mode=0o600)
    DATABASES["default"]["CONN_MAX_AGE"] = 600  # per thread; saves the connect and PRAGMAs on every request
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so concurrent transactions queue instead of failing with "database is locked".
        # secure_delete zeroes what a delete or an update frees (a shredded key's old wrap among
        # them) instead of leaving it in free pages: defence in depth for crypto-shredding.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
    }

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}
if os.environ.get("INCAMERA_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["INCAMERA_REDIS_URL"],
    }

# Rendered workspace pages are kept in each process's memory until the database changes, for at
# most this many seconds (incamera/web/pagecache.py); 0 turns it off.
INCAMERA_PAGE_CACHE_SECONDS = int(os.environ.get("INCAMERA_PAGE_CACHE_SECONDS", "30"))
# The speakers list's live updates (conduct/live.py): how often each server process looks for new
# events, and how many streams one process holds (each one a thread; beyond, pages poll).
INCAMERA_PUSH_POLL_SECONDS = float(os.environ.get("INCAMERA_PUSH_POLL_SECONDS", "0.1"))
INCAMERA_STREAMS = int(os.environ.get("INCAMERA_STREAMS", "300"))

AUTH_USER_MODEL = "accounts.User"
# Every password check goes through the throttled backend, which ends the chain on a failure; the
# plain ModelBackend after it only restores sessions of logins that name it (passkeys, invitations).
AUTHENTICATION_BACKENDS = [
    "incamera.accounts.backends.ThrottledModelBackend",
    "incamera.accounts.backends.SessionBackend",  # what sign-ins are recorded under; checks nothing itself
    "django.contrib.auth.backends.ModelBackend",  # restores sessions recorded before it
]
# Sessions in the database, read with one plain statement (accounts/sessions.py).
SESSION_ENGINE = "incamera.accounts.sessions"
# Proxies whose X-Forwarded-For is believed when throttling (comma-separated addresses).
INCAMERA_TRUSTED_PROXIES = _env_list("INCAMERA_TRUSTED_PROXIES", "")
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "meetings:dashboard"
LOGOUT_REDIRECT_URL = "accounts:signin"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60

LANGUAGE_CODE = "en"
LANGUAGES = list(INTERFACE_LANGUAGES)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- e-mail: console by default, a directory of .eml files or SMTP when configured -------------
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}[os.environ.get("INCAMERA_EMAIL_BACKEND", "smtp" if os.environ.get("INCAMERA_SMTP_HOST") else "console")]
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
EMAIL_HOST = os.environ.get("INCAMERA_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("INCAMERA_SMTP_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("INCAMERA_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("INCAMERA_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("INCAMERA_SMTP_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("INCAMERA_FROM_EMAIL", "incamera <noreply@localhost>")

# --- security ---------------------------------------------------------------------------------
HTTPS = _env_bool("INCAMERA_HTTPS", default=False)
SESSION_COOKIE_SECURE = _env_bool("INCAMERA_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("INCAMERA_BEHIND_PROXY", default=False) else None

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- product settings --------------------------------------------------------------------------
INCAMERA_SITE_NAME = os.environ.get("INCAMERA_SITE_NAME", "incamera")
INCAMERA_INVITATION_DAYS = int(os.environ.get("INCAMERA_INVITATION_DAYS", "14"))
INCAMERA_RP_ID = os.environ.get("INCAMERA_RP_ID", "")  # empty: the request's host
INCAMERA_CSV_MAX_BYTES = int(os.environ.get("INCAMERA_CSV_MAX_BYTES", str(2 * 1024 * 1024)))
INCAMERA_CSV_MAX_ROWS = int(os.environ.get("INCAMERA_CSV_MAX_ROWS", "5000"))
# Transparency log: the origin names the log and its key; witnesses are "URL VKEY" pairs split by ';'.
INCAMERA_LOG_ORIGIN = os.environ.get("INCAMERA_LOG_ORIGIN", "incamera.localhost/log")
INCAMERA_LOG_WITNESSES = [w.split() for w in os.environ.get("INCAMERA_LOG_WITNESSES", "").split(";") if w.strip()]
INCAMERA_LOG_SEQUENCER = os.environ.get("INCAMERA_LOG_SEQUENCER", "inline")  # or "worker": `incamera log sequence --follow`
# The video bridge of the virtual closed room (Jitsi Meet with token authentication; room/tokens.py):
# its URL, the application ID, and the HS256 application secret, or instead an RS256 private key
# (PEM file) with the key ID under which the bridge fetches its public half.  No URL: no room.
INCAMERA_BRIDGE_URL = os.environ.get("INCAMERA_BRIDGE_URL", "").strip()
INCAMERA_BRIDGE_APP_ID = os.environ.get("INCAMERA_BRIDGE_APP_ID", "").strip()
INCAMERA_BRIDGE_SECRET = os.environ.get("INCAMERA_BRIDGE_SECRET", "")
INCAMERA_BRIDGE_KEY_FILE = os.environ.get("INCAMERA_BRIDGE_KEY_FILE", "")
INCAMERA_BRIDGE_KID = os.environ.get("INCAMERA_BRIDGE_KID", "")
INCAMERA_BRIDGE_AUDIENCE = os.environ.get("INCAMERA_BRIDGE_AUDIENCE", "jitsi")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("INCAMERA_LOG_LEVEL", "WARNING")},
}
