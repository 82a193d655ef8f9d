"""A member's upload is imported by a background job: the report page shows the
import's progress, and turns into the report by itself once the job is done."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cinematheque.jobs.models import Job
from cinematheque.jobs.queue import job_queue_reset
from cinematheque.jobs.services import job_execute
from cinematheque.members.models import ImportBatch
from tests.e2e.test_history import signed_in
from tests.factories import make_user
from tests.members.history import LETTERBOXD, make_catalogue, zip_folder

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshots go: SHOTS_DIR to keep them, else a temporary folder."""
    folder = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def queue_without_worker(settings, tmp_path):
    """A real SQLite queue that no worker reads: jobs wait until the test runs them."""
    settings.JOBS_URL = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    job_queue_reset()
    yield
    settings.JOBS_URL = "immediate:"
    job_queue_reset()


def test_the_report_page_follows_the_import_then_shows_the_report(
    desktop, phone, live_server, queue_without_worker, shots
):
    make_catalogue()
    user = make_user(username="ana")
    page = desktop
    signed_in(page, live_server, user)
    page.goto(f"{live_server.url}/me/import/")
    page.get_by_label("Letterboxd").check()
    page.set_input_files(
        "input[type=file]",
        {
            "name": "letterboxd-ana-2024.zip",
            "mimeType": "application/zip",
            "buffer": zip_folder(LETTERBOXD / "extratone"),
        },
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/me/imports/*/")
    assert page.get_by_role("heading", name="Importing your history…").is_visible()
    assert page.get_by_text("Waiting for its turn").is_visible()
    page.screenshot(path=shots / "import-waiting.png", full_page=True)

    batch = ImportBatch.objects.get(user=user)
    Job.objects.filter(pk=batch.job_id).update(
        state=Job.State.RUNNING,
        progress_done=120,
        progress_total=300,
        progress_message="Finding your films",
    )
    page.get_by_text("Finding your films").wait_for()
    assert page.get_by_text("120 of 300").is_visible()
    assert page.locator("progress").get_attribute("value") == "40"
    page.screenshot(path=shots / "import-progress.png", full_page=True)
    phone_page = phone
    signed_in(phone_page, live_server, user)
    phone_page.goto(page.url)
    phone_page.get_by_text("Finding your films").wait_for()
    phone_page.screenshot(path=shots / "import-progress-phone.png", full_page=True)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    Job.objects.filter(pk=batch.job_id).update(state=Job.State.QUEUED)
    job_execute(batch.job_id)  # what the worker does
    page.get_by_text("Imported 11 ratings").wait_for()
    assert page.get_by_text("Which film did you mean?").is_visible()
    page.screenshot(path=shots / "import-done.png", full_page=True)


def test_an_import_that_fails_says_so(
    desktop, live_server, queue_without_worker, shots
):
    make_catalogue()
    user = make_user(username="bo")
    page = desktop
    signed_in(page, live_server, user)
    page.goto(f"{live_server.url}/me/import/")
    page.get_by_label("Letterboxd").check()
    page.set_input_files(
        "input[type=file]",
        {
            "name": "export.zip",
            "mimeType": "application/zip",
            "buffer": zip_folder(LETTERBOXD / "extratone"),
        },
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/me/imports/*/")
    batch = ImportBatch.objects.get(user=user)
    Job.objects.filter(pk=batch.job_id).update(state=Job.State.FAILED, error="Boom")
    page.get_by_text("This import did not go through").wait_for()
    page.screenshot(path=shots / "import-failed.png", full_page=True)
    assert "Boom" not in page.content()
