"""Laksa's one settings module: everything comes from `LAKSA_*` variables (see laksa.lib.env).

The defaults run a complete service on one machine: SQLite in WAL mode, photos in a local folder,
huey's SQLite queue. Per-city policy (hours, SLA, categories) lives in the database, not here.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url
from PIL import Image

from laksa.lib.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str(
    "SECRET_KEY", "laksa-insecure-development-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    "laksa.org",
    "laksa.catalog",
    "laksa.reports",
    "laksa.intake",
    "laksa.notify",
    "laksa.dispatch",
    "laksa.console",
    "laksa.api",
    "laksa.live",
    "laksa.open311",
    "laksa.field",
    "laksa.public",
    "laksa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "laksa.org.middleware.CityTimezoneMiddleware",
]

ROOT_URLCONF = "laksa.urls"
WSGI_APPLICATION = "laksa.wsgi.application"
ASGI_APPLICATION = "laksa.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "laksa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "laksa.org.context_processors.jurisdiction",
            ],
        },
    },
]

# --- Database: SQLite (WAL, immediate transactions) by default, PostgreSQL by URL -------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'laksa.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Immediate transactions take the write lock at BEGIN, so two writers queue instead of
        # failing with "database is locked" half-way through an action.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a real file too: an in-memory shared-cache database locks whole tables and would
    # not behave like the WAL file the service runs on.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "public:home"

# --- Language and time: Indonesian first, English complete; stored in UTC, shown in the city's zone
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "laksa" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")

# --- Files ----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at every start without it
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {
        "BACKEND": env_str("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG


def _xstatic_dirs() -> list[tuple[str, str]]:
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as markercluster

    return [("vendor/leaflet", leaflet.BASE_DIR), ("vendor/markercluster", markercluster.BASE_DIR)]


STATICFILES_DIRS = [*_xstatic_dirs(), BASE_DIR / "laksa" / "static"]

# Uploads: a photo is checked for size before it is decoded; the request as a whole is capped too.
LAKSA_PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 15 * 1024 * 1024)
LAKSA_PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 40_000_000)
LAKSA_PHOTOS_PER_REPORT = 5
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
Image.MAX_IMAGE_PIXELS = LAKSA_PHOTO_MAX_PIXELS
warnings.simplefilter("error", Image.DecompressionBombWarning)

# --- City data and map ----------------------------------------------------------------------------
LAKSA_AREAS_DIR = env_str("AREAS_DIR", str(BASE_DIR.parent / "shared" / "data"))
LAKSA_JURISDICTION = env_str("JURISDICTION", "")
LAKSA_TILE_URL = env_str("TILE_URL", "")
# The address people reach the site at, for links made outside a request (the TV's kiosk link, and
# later the messages to citizens). By default what `make run` serves on this machine (its PORT).
_served_at = f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
LAKSA_BASE_URL = env_str("BASE_URL", _served_at).rstrip("/")
LAKSA_TILE_ATTRIBUTION = env_str("TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")

# --- Background jobs: huey on SQLite by default, Redis at scale -----------------------------------
_redis_url = env_str("REDIS_URL", "")
HUEY = {
    "name": "laksa",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "utc": True,
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if _redis_url:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": _redis_url})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

# --- The live stream (laksa/live) -------------------------------------------------------------------
LAKSA_REDIS_URL = _redis_url
LAKSA_LIVE_POLL = env_float("LIVE_POLL", 0.25)
"""Seconds between looks at the event table when nothing can wake the stream (SQLite, no Redis)."""
LAKSA_LIVE_SAFETY_POLL = env_float("LIVE_SAFETY_POLL", 5.0)
"""Seconds between looks when LISTEN/NOTIFY or Redis wakes the stream: only a safety net."""
LAKSA_LIVE_KEEPALIVE = env_float("LIVE_KEEPALIVE", 15.0)
LAKSA_LIVE_MAX_SECONDS = env_float("LIVE_MAX_SECONDS", 3600.0)
"""A stream ends after this long and the browser reconnects (resuming), so no process holds one
connection forever and a deploy drains within the hour."""

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # SIGAP's queue reads it when it sends (sigap.js)
CSRF_FAILURE_VIEW = "laksa.field.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
