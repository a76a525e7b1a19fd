"""Laksa's one settings module: everything comes from `LAKSA_*` variables (see laksa.lib.env).

The defaults run a complete service on one machine: SQLite in WAL mode, photos in a local folder,
huey's SQLite queue. Per-city policy (hours, SLA, categories) lives in the database, not here.
"""

from __future__ import annotations

import os
import secrets
import warnings
from pathlib import Path

import dj_database_url
from PIL import Image

from laksa.lib import csp, production
from laksa.lib.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# Production mode, its refusals and the key of `make run`: laksa.lib.production, docs/operations.md.
LAKSA_MODE = production.mode()
LAKSA_PRODUCTION = LAKSA_MODE == production.PRODUCTION
_secret_key = env_str("SECRET_KEY", "")
LAKSA_SECRET_KEY_GIVEN = bool(_secret_key)
if _secret_key:
    SECRET_KEY = _secret_key
elif LAKSA_MODE == production.DEVELOPMENT:
    SECRET_KEY = production.development_secret_key(VAR_DIR)
elif LAKSA_MODE == production.TEST:
    SECRET_KEY = "laksa-tests-only-key-" + "x" * 40
else:  # the web entry points refuse to start; a management command gets a key nobody knows
    SECRET_KEY = secrets.token_urlsafe(50)
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
    "laksa.kpi",
    "laksa.kpi.indicators",
    "laksa.open311",
    "laksa.field",
    "laksa.public",
    "laksa.demo",
]

MIDDLEWARE = [
    "laksa.lib.secure_redirect.WriteRedirectMiddleware",  # a write to http: 308, never 301
    "django.middleware.security.SecurityMiddleware",
    "laksa.lib.csp_middleware.PolicyMiddleware",  # django-csp's; before any that answers itself
    "laksa.lib.body_limit.BodyLimitMiddleware",
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
    # Django's, with writers queued rather than left to SQLite's sleeping busy handler.
    DATABASES["default"]["ENGINE"] = "laksa.lib.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        # Immediate transactions take the write lock at BEGIN, so two writers queue instead of
        # failing with "database is locked" half-way through an action.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Connections are kept (DB_CONN_MAX_AGE) as on PostgreSQL: opening the file for each request
    # was two fifths of a light read's cost (docs/performance.md).
    # Tests use a real file too: an in-memory shared-cache database locks whole tables and would
    # not behave like the WAL file the service runs on.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The statements Laksa writes out by hand are prepared by PostgreSQL on a connection's
    # LAKSA_DB_PREPARE-th run of each (laksa.lib.prepared); 0: none (a pooler in transaction mode).
    _prepare = env_int("DB_PREPARE", 5)
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        _prepare if _prepare > 0 else None
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LAKSA_SQLITE_CHECKPOINT_SECONDS = env_float("SQLITE_CHECKPOINT_SECONDS", 1.0)
"""SQLite: a thread of each process copies the WAL back into the database this long after its
commits (laksa/lib/sqlite/checkpoints.py), so that no writer does it while the others wait;
0: the writers do, as SQLite does by default."""

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
# Bodies are capped by path before they are read (laksa.lib.body_limit): where photos come, a
# report's photos at their largest and a megabyte for the rest; elsewhere what a form may hold.
_MB = 1024 * 1024
LAKSA_PHOTO_BODY_MAX_BYTES = env_int(
    "PHOTO_BODY_MAX_BYTES", LAKSA_PHOTOS_PER_REPORT * LAKSA_PHOTO_MAX_BYTES + _MB
)
LAKSA_BODY_MAX_BYTES = env_int("BODY_MAX_BYTES", DATA_UPLOAD_MAX_MEMORY_SIZE)
_json_refusal = "laksa.lib.body_limit.json_refusal"
_page_refusal = "laksa.lib.body_limit.page_refusal"
LAKSA_BODY_REFUSAL = _page_refusal
LAKSA_BODY_LIMITS: list[tuple[str, int, str]] = [
    ("/api/v1/reports", LAKSA_PHOTO_BODY_MAX_BYTES, _json_refusal),
    ("/api/v1/staff/", LAKSA_PHOTO_BODY_MAX_BYTES, _json_refusal),
    ("/api/", LAKSA_BODY_MAX_BYTES, _json_refusal),
    ("/open311/v2/requests.", LAKSA_PHOTO_BODY_MAX_BYTES, "laksa.open311.views.refusal"),
    ("/open311/", LAKSA_BODY_MAX_BYTES, "laksa.open311.views.refusal"),
    ("/lapor/", LAKSA_PHOTO_BODY_MAX_BYTES, _page_refusal),
    ("/buku-tamu/", LAKSA_PHOTO_BODY_MAX_BYTES, _page_refusal),
    ("/sigap/", LAKSA_PHOTO_BODY_MAX_BYTES, _page_refusal),
    ("/console/", LAKSA_PHOTO_BODY_MAX_BYTES, _page_refusal),
    # An e-mail carries its photos in base64, a third larger.
    ("/kanal/surel/", LAKSA_PHOTO_BODY_MAX_BYTES * 4 // 3 + _MB, _json_refusal),
    ("/kanal/", LAKSA_BODY_MAX_BYTES, _json_refusal),
    ("/kinerja/indikator/", 11 * _MB, _page_refusal),  # indicator tables: 10 MB and the form
]
LAKSA_PHOTO_MAX_PIXELS_PER_REQUEST = env_int("PHOTO_MAX_PIXELS_PER_REQUEST", 125_000_000)
"""Pixels decoded for one request's photos together (a JPEG counts at its reduced decoding)."""
LAKSA_PHOTO_PIXELS_IN_FLIGHT = env_int("PHOTO_PIXELS_IN_FLIGHT", 2 * LAKSA_PHOTO_MAX_PIXELS)
"""Pixels one process decodes at once, over all its threads; more waits its turn."""
LAKSA_PHOTO_DECODE_WAIT = env_float("PHOTO_DECODE_WAIT", 30.0)
"""Seconds a photo waits for that turn before it is refused as "busy"."""
LAKSA_PROOF_REUSE_DAYS = env_int("PROOF_REUSE_DAYS", 90)
"""Days back a completion's proof photo is compared with the city's other proofs (reports/proof.py:
the same picture is flagged); 0 compares none."""
# Pillow refuses (DecompressionBombError) any image over twice this before decoding, and warns
# (an error here) over it: the header check in lib.images refuses first, with a reason.
Image.MAX_IMAGE_PIXELS = LAKSA_PHOTO_MAX_PIXELS
warnings.simplefilter("error", Image.DecompressionBombWarning)

# --- City data and map ----------------------------------------------------------------------------
LAKSA_AREAS_DIR = env_str("AREAS_DIR", str(BASE_DIR.parent / "shared" / "data"))
LAKSA_JURISDICTION = env_str("JURISDICTION", "")
LAKSA_TILE_URL = env_str("TILE_URL", "")
LAKSA_RETRY_MINUTES = env_int("RETRY_MINUTES", 10)
"""A report sent again without a key within this many minutes is a likely retry (intake.retries)."""
LAKSA_MAX_KM_OUTSIDE_CITY = env_float("MAX_KM_OUTSIDE_CITY", 50.0)
"""A report's point may lie this far outside the box around the city's areas, no farther."""
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
LAKSA_INBOX_TASK = env_bool("INBOX_TASK", True)
"""After its commit a door starts a huey task for the inbox rows it accepted (intake.inbox.accept).
Off where `laksa intake-drain` processes run beside the web (make run sets it off): they find a
new row within their --poll, and a task for each message cost the door a fifth of its CPU and
the worker a claim the drain had mostly made already (docs/performance.md, the twelfth sitting).
The worker's drain every minute stays the safety net either way."""
if _redis_url:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": _redis_url})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

# --- The live stream (laksa/live) -------------------------------------------------------------------
LAKSA_REDIS_URL = _redis_url

# --- Cache and rate limits (laksa.lib.throttle): Redis when LAKSA_REDIS_URL is set, so every web
# process counts in one place; else each process's memory (each of N workers counts alone).
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "laksa.lib.redis_cache.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "laksa",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LAKSA_RATES = {
    # "count/seconds" per client address (or account), each from its LAKSA_RATE_* variable.
    "report": env_str("RATE_REPORT", "10/600"),  # new reports: /lapor/, POST /api/v1/reports
    "guestbook": env_str("RATE_GUESTBOOK", "5/60"),  # posts to /buku-tamu/
    "support": env_str("RATE_SUPPORT", "30/600"),  # "Dukung" votes, web and API
    "signin_ip": env_str("RATE_SIGNIN_IP", "30/900"),  # failed sign-ins per address
}
LAKSA_API_LOG_DAYS = env_int("API_LOG_DAYS", 90)
"""Days the API request log (ApiRequest) is kept; a job deletes older rows every six hours."""
LAKSA_API_LOG_BATCH = env_int("API_LOG_BATCH", 200)
LAKSA_API_LOG_SECONDS = env_float("API_LOG_SECONDS", 2.0)
"""A web process writes its API request log rows together (org.request_log): once BATCH wait, or
the oldest has waited SECONDS, or at exit. SECONDS 0: no timer thread (the test suite)."""
LAKSA_SIGNIN_FAILURES = env_int("SIGNIN_FAILURES", 5)
"""Failed sign-ins of one username before it is locked."""
LAKSA_SIGNIN_LOCK_SECONDS = env_int("SIGNIN_LOCK_SECONDS", 60)
"""The first lock; each further failure doubles it, up to LAKSA_SIGNIN_LOCK_MAX_SECONDS."""
LAKSA_SIGNIN_LOCK_MAX_SECONDS = env_int("SIGNIN_LOCK_MAX_SECONDS", 3600)
LAKSA_CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
"""Behind a proxy only: the header it writes the client's address into (X-Forwarded-For)."""
LAKSA_TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1)
"""How many proxies of yours append to that header: the address read is that many from the right."""
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
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every response's Content-Security-Policy (laksa/lib/csp.py), in every mode: scripts and styles
# from this site only, images also from the tile server (LAKSA_TILE_URL) and the origins in
# LAKSA_CSP_IMG_SRC (photos kept on object storage), requests to LAKSA_CSP_CONNECT_SRC.
CONTENT_SECURITY_POLICY = csp.policy(
    tile_url=LAKSA_TILE_URL,
    img_src=env_list("CSP_IMG_SRC", []),
    connect_src=env_list("CSP_CONNECT_SRC", []),
)
# Served over HTTPS (on by default in production mode): secure cookies, HSTS, a redirect to https,
# and the TLS proxy's X-Forwarded-Proto trusted (LAKSA_PROXY_SSL_HEADER= empty when none).
LAKSA_HTTPS = env_bool("HTTPS", LAKSA_PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", LAKSA_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if LAKSA_HTTPS:
    _proxy_ssl_header = env_str("PROXY_SSL_HEADER", "X-Forwarded-Proto")
    if _proxy_ssl_header:
        _meta_name = "HTTP_" + _proxy_ssl_header.upper().replace("-", "_")
        SECURE_PROXY_SSL_HEADER = (_meta_name, "https")
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a promise to browsers' built-in lists that a city decides for itself.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": "laksa.lib.one_line_log.OneLineFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {"class": "logging.StreamHandler", "formatter": "one_line"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A request naming another site's Host is noise from scanners: one line, no traceback.
        "django.security.DisallowedHost": {"handlers": ["one_line"], "propagate": False},
    },
}
