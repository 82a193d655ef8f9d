"""Settings for cinematheque, driven by environment variables; offline defaults.

Every variable is listed in the README's configuration table.
"""

from __future__ import annotations

import os
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
    "cinematheque.pages",
    "ninja",  # serves the Swagger UI of /api/v1/docs from static files (offline)
    "cinematheque.catalogue",
    "cinematheque.people",
    "cinematheque.ingest",
    "cinematheque.editorial",
    "cinematheque.recommendations",
    "cinematheque.search",
    "cinematheque.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cinematheque.errors.QueryStringLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files never reach it), before sessions: a cache hit
    # skips the rest of the stack.
    "cinematheque.pages.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cinematheque.urls"
WSGI_APPLICATION = "cinematheque.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL"), DATA_DIR)}
# Serve visitors' pages from the cache (pages/cache.py); off: every page is rendered.
PAGE_CACHE_ENABLED = env_bool("CINEMATHEQUE_PAGE_CACHE", default=True)

AUTH_USER_MODEL = "members.User"
# Argon2 for every new or changed password; the others verify (and upgrade on log-in)
# the hashes of accounts made before it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

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
TMDB_REQUESTS_PER_SECOND = os.environ.get("TMDB_REQUESTS_PER_SECOND", "20")

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
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
