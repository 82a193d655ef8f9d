"""Settings for the test suite: fast hashing, in-memory cache, throwaway data dir."""

import tempfile
from pathlib import Path

from cinematheque.settings import *  # noqa: F403
from cinematheque.settings import DATABASES

_TMP = Path(tempfile.mkdtemp(prefix="cinematheque-tests-"))

DATA_DIR = _TMP
MEDIA_ROOT = _TMP / "media"
IMAGE_CACHE_DIR = _TMP / "images"
STATIC_ROOT = _TMP / "static"
STATIC_ROOT.mkdir()  # whitenoise warns (an error under pytest) when it is missing
SECRET_KEY = "tests-only-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = str(_TMP / "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test-db.sqlite3")}
# No test reaches TMDB: a test that forgets the replay server gets a refused
# connection on the loopback, not a request to api.themoviedb.org.
TMDB_API_URL = "http://127.0.0.1:9/3"
TMDB_API_KEY = ""
TMDB_READ_ACCESS_TOKEN = ""
JOBS_URL = "immediate:"  # each job runs where it is queued; tests/jobs use real queues
# Every list and count is built in the request that finds it outdated: tests read
# what they just changed (tests/pages/test_list_grace.py turns the grace on).
LISTS_GRACE_MS = 0
