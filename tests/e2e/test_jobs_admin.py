"""The admin's list of background jobs in Chromium: progress, failures, filters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from cinematheque.jobs.models import Job
from tests.factories import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_the_jobs_list_shows_progress_and_failures(
    desktop, phone, live_server, tmp_path
):
    shots = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    Job.objects.create(
        name="search.rebuild",
        state=Job.State.RUNNING,
        attempts=1,
        progress_done=4200,
        progress_total=17472,
        progress_message="Indexing films",
        worker="web-1:4242:4243",
    )
    failed = Job.objects.create(
        name="ingest.tmdb_changes",
        state=Job.State.FAILED,
        attempts=3,
        error="CommandError: TMDB answered 401: check TMDB_API_KEY.",
        traceback="Traceback (most recent call last):\n  …\nCommandError: TMDB answered 401",
    )
    Job.objects.create(name="recommendations.rebuild", state=Job.State.DONE, attempts=1)
    admin = make_user(role="admin", username="root")
    signed_in(desktop, live_server, admin)
    desktop.goto(f"{live_server.url}/admin/jobs/job/")
    assert desktop.get_by_text("4,200 / 17,472 (24 %) Indexing films").is_visible()
    desktop.screenshot(path=shots / "admin-jobs.png", full_page=True)
    desktop.goto(f"{live_server.url}/admin/jobs/job/{failed.pk}/change/")
    assert desktop.get_by_text("TMDB answered 401: check TMDB_API_KEY.").is_visible()
    desktop.screenshot(path=shots / "admin-job-failed.png", full_page=True)
    signed_in(phone, live_server, admin)
    phone.goto(f"{live_server.url}/admin/jobs/job/?state__exact=failed")
    assert phone.get_by_text("ingest.tmdb_changes").first.is_visible()
    phone.screenshot(path=shots / "admin-jobs-phone.png", full_page=True)
