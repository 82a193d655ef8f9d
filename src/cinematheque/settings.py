"""Settings for cinematheque, driven by environment variables; offline defaults.

Every variable is listed in the README's configuration table.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from cinematheque.config import (
    cache_from_url,
    data_dir_from_environment,
    data_dir_prepare,
    database_from_url,
    env_bool,
    env_list,
    read_or_create_secret,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir_from_environment()

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create_secret(
    DATA_DIR / "secret_key"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "cinematheque.members",  # first: its `migrate` adopts pre-members accounts
    "cinematheque.jobs",
    "cinematheque.pages",
    "ninja",  # serves the Swagger UI of /api/v1/docs from static files (offline)
    "cinematheque.catalogue",
    "cinematheque.people",
    "cinematheque.ingest",
    "cinematheque.editorial",
    "cinematheque.watch",
    "cinematheque.recommendations",
    "cinematheque.search",
    "cinematheque.api",
    "django_otp",  # the admin's second factor (members/two_factor.py)
    "django_otp.plugins.otp_totp",
    "axes",  # last: its lock-out page and records of failed log-ins
]

MIDDLEWARE = [
    "cinematheque.health.HealthCheckMiddleware",  # /healthz, /readyz: before all
    # /metrics (loopback or a token), and every other request counted and timed.
    "cinematheque.metrics.middleware.MetricsMiddleware",
    "cinematheque.logs.RequestLogMiddleware",  # request ids, one log line each
    # A view failing because the database does not answer: 503 with Retry-After.
    "cinematheque.errors.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache, so that a cached page gets the policy too.
    "cinematheque.pages.security_headers.SecurityHeadersMiddleware",
    "cinematheque.errors.QueryStringLimitMiddleware",
    "cinematheque.errors.RequestBodyLimitMiddleware",  # 413 before the body is read
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files never reach it), before sessions: a cache hit
    # skips the rest of the stack.
    "cinematheque.pages.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "cinematheque.pages.signed_in_hint.SignedInHintMiddleware",
    "cinematheque.pages.middleware.MemberPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # a locked-out log-in gets the lock-out page
]

ROOT_URLCONF = "cinematheque.urls"
WSGI_APPLICATION = "cinematheque.wsgi.application"

# The public pages are Jinja2 templates in <app>/jinja2/ (rendered about twice as
# fast as Django's language; see "Templates" in the README). The admin, the e-mails
# and Django's own forms keep Django's templates in <app>/templates/.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "cinematheque.templating.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cinematheque.catalogue.context_processors.site",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cinematheque.catalogue.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), DATA_DIR)}
data_dir_prepare(  # 0700 directory, 0600 database: it holds password hashes
    DATA_DIR,
    sqlite_path=Path(DATABASES["default"]["NAME"])
    if DATABASES["default"]["ENGINE"].endswith("sqlite3")
    else None,
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {"default": cache_from_url(CACHE_URL, DATA_DIR)}
# Serve visitors' pages from the cache (pages/cache.py); off: every page is rendered.
PAGE_CACHE_ENABLED = env_bool("CINEMATHEQUE_PAGE_CACHE", default=True)
# A list or count of the catalogue that took longer than this to build (ms) is served
# in its previous version, after a change, while a thread builds it again
# (pages/cache.py `versioned_value`); 0: always built in the request.
LISTS_GRACE_MS = int(os.environ.get("CINEMATHEQUE_LISTS_GRACE_MS") or 50)
# Which source's value a film shows, per field (parsed by catalogue/provenance.py).
SOURCE_PREFERENCE = os.environ.get("CINEMATHEQUE_SOURCE_PREFERENCE", "")

AUTH_USER_MODEL = "members.User"
# Argon2 for every new or changed password; the others verify (and upgrade on log-in)
# the hashes of accounts made before it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes counts failed log-ins (the site's and the admin's): after
# AXES_FAILURE_LIMIT failures for one username from one address, that pair is
# refused for AXES_COOLOFF_TIME, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cinematheque.members.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "cinematheque.members.account_views.locked_out"
AXES_VERBOSE = False

LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "members:settings"
LOGOUT_REDIRECT_URL = "catalogue:home"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# TMDB (ingest/tmdb.py, `cinematheque import tmdb`): a key or a read-access token, the
# API's address (a proxy, or the tests' replay server) and requests per second.
TMDB_API_KEY = os.environ.get("TMDB_API_KEY", "")
TMDB_READ_ACCESS_TOKEN = os.environ.get("TMDB_READ_ACCESS_TOKEN", "")
TMDB_API_URL = os.environ.get("TMDB_API_URL", "https://api.themoviedb.org/3")
# Where-to-watch region when neither the member, a cookie nor Accept-Language says.
CINEMATHEQUE_REGION = (os.environ.get("CINEMATHEQUE_REGION") or "US").upper()[:2]
TMDB_REQUESTS_PER_SECOND = os.environ.get("TMDB_REQUESTS_PER_SECOND", "20")
# How many of a film's people (directors, then the cast in billing order) a TMDB film
# import also fetches from /person/{id}; 0 fetches none.
TMDB_PEOPLE_PER_FILM = os.environ.get("TMDB_PEOPLE_PER_FILM", "10")
# A local copy of TMDB's images under the data directory, served at /images/ (off:
# the pages link TMDB's image server). Sizes are caps in bytes.
IMAGE_CACHE = env_bool("CINEMATHEQUE_IMAGE_CACHE", default=False)
IMAGE_CACHE_DIR = DATA_DIR / "images"
IMAGE_CACHE_MAX_FILE_BYTES = int(
    os.environ.get("CINEMATHEQUE_IMAGE_CACHE_MAX_FILE_BYTES") or 5_000_000
)
IMAGE_CACHE_MAX_BYTES = int(
    os.environ.get("CINEMATHEQUE_IMAGE_CACHE_MAX_BYTES") or 2_000_000_000
)
# The `internal` nginx location that sends library files for the app
# (X-Accel-Redirect, e.g. "/_protected_media/"); empty: the app sends them itself.
WATCH_ACCEL_REDIRECT = os.environ.get("CINEMATHEQUE_ACCEL_REDIRECT", "")

# Background jobs (jobs/, `cinematheque worker`): the queue (jobs/queue.py: Redis if
# CACHE_URL is Redis, else SQLite in the data directory), how often a running job
# writes its heartbeat, after how long without one it is queued again, and whether
# `cinematheque serve` starts a worker beside the site (default: when the queue is
# the embedded SQLite one).
JOBS_URL = os.environ.get("JOBS_URL", "")
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS") or 5)
JOBS_STALE_AFTER_SECONDS = float(os.environ.get("JOBS_STALE_AFTER_SECONDS") or 60)
JOBS_EMBEDDED_WORKER = os.environ.get("JOBS_EMBEDDED_WORKER", "")
JOBS_RESEND_AFTER_SECONDS = float(os.environ.get("JOBS_RESEND_AFTER_SECONDS") or 600)
JOBS_KEEP_DAYS = float(os.environ.get("JOBS_KEEP_DAYS") or 30)  # then deleted
# Periodic jobs: crontabs "minute hour day month weekday" in UTC; empty: off.
JOBS_SCHEDULE_TMDB_CHANGES = os.environ.get("JOBS_SCHEDULE_TMDB_CHANGES", "30 3 * * *")
JOBS_SCHEDULE_LIBRARY_SCAN = os.environ.get("JOBS_SCHEDULE_LIBRARY_SCAN", "15 * * * *")
JOBS_SCHEDULE_WATCH_OFFERS = os.environ.get("JOBS_SCHEDULE_WATCH_OFFERS", "45 4 * * *")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# A proxy (nginx) cannot read inside the 0700 data directory: collect elsewhere for it.
STATIC_ROOT = Path(
    os.environ.get("CINEMATHEQUE_STATIC_ROOT") or DATA_DIR / "static"
).expanduser()
STATICFILES_DIRS = [BASE_DIR / "static"]  # site-wide CSS and images
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites learn our origin, never the page: YouTube's embedded player refuses to
# play without a referrer, which "same-origin" would withhold.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Served over HTTPS (behind a proxy that terminates TLS and sets X-Forwarded-Proto):
# cookies only over HTTPS, with `__Host-` names (no subdomain can set or read them),
# and the CSRF cookie hidden from scripts (pages take the token from their forms or
# from the personal endpoints).
HTTPS = env_bool("CINEMATHEQUE_HTTPS", default=False) and not DEBUG
# Messages wait in the session: no cookie of their own (pages/cookie_names.py).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # Browsers keep to HTTPS for a year, on subdomains too; `preload` only allows the
    # operator to submit the domain to browsers' preload list. A site that shares its
    # domain with plain-HTTP subdomains turns those off.
    SECURE_HSTS_SECONDS = int(os.environ.get("CINEMATHEQUE_HSTS_SECONDS") or 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CINEMATHEQUE_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("CINEMATHEQUE_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = True
    # Health checks come from the machine itself, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# The largest request body (an export upload: members/imports/records.py's 25 MB,
# plus the form around it); larger ones get the 413 page before anything reads them.
MAX_REQUEST_BODY_BYTES = 26 * 1024 * 1024

# Prometheus metrics at /metrics (cinematheque/metrics): off with
# CINEMATHEQUE_METRICS=0; read by loopback clients no proxy forwarded, or, when a
# token is set, only by clients that send it as `Authorization: Bearer`.
METRICS_ENABLED = env_bool("CINEMATHEQUE_METRICS", default=True)
METRICS_TOKEN = os.environ.get("CINEMATHEQUE_METRICS_TOKEN", "")

# Staff sign in to the admin with a code of their authenticator app too.
ADMIN_TWO_FACTOR = env_bool("CINEMATHEQUE_ADMIN_2FA", default=HTTPS)
OTP_TOTP_ISSUER = "cinematheque"

# Password-reset mail: printed on the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cinematheque@localhost")

# LOG_FORMAT=json: one JSON object a line (cinematheque/logs.py); LOG_LEVEL=INFO
# adds a line per request and per job.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {"()": "cinematheque.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
