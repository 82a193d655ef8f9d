"""Settings of the real workers the tests start: the test database and queue of
the test that starts them, and the tests' jobs app."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.jobs.app"]
DATABASES["default"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
JOBS_URL = os.environ["JOBS_URL"]
JOBS_HEARTBEAT_SECONDS = 0.2
JOBS_STALE_AFTER_SECONDS = 2
