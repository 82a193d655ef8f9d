"""Jobs in the admin: the list with its filters, a job's page, the retry action."""

from __future__ import annotations

import pytest
from django.test import TestCase
from django.urls import reverse

from cinematheque.jobs.models import Job
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(role="admin"))
    return client


def test_the_list_shows_progress_and_filters_by_state(admin_client):
    Job.objects.create(
        name="search.rebuild",
        state=Job.State.RUNNING,
        progress_done=250,
        progress_total=1000,
        progress_message="Indexing films",
    )
    Job.objects.create(name="recommendations.rebuild", state=Job.State.FAILED)
    url = reverse("admin:jobs_job_changelist")
    page = admin_client.get(url).content.decode()
    assert "250 / 1,000 (25 %) Indexing films" in page
    assert "recommendations.rebuild" in page
    failed = admin_client.get(url, {"state__exact": "failed"}).content.decode()
    assert "recommendations.rebuild" in failed
    assert "Indexing films" not in failed
    by_name = admin_client.get(url, {"name": "search.rebuild"}).content.decode()
    assert "Indexing films" in by_name


def test_a_jobs_page_shows_its_error_and_cannot_be_edited(admin_client):
    job = Job.objects.create(
        name="tests.fail",
        state=Job.State.FAILED,
        error="ValueError: <b>bad</b>",
        traceback="Traceback (most recent call last): …",
    )
    page = admin_client.get(reverse("admin:jobs_job_change", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "ValueError: &lt;b&gt;bad&lt;/b&gt;" in html
    assert "Traceback (most recent call last)" in html
    assert admin_client.get(reverse("admin:jobs_job_add")).status_code == 403


def test_the_retry_action_queues_failed_jobs_again(admin_client, tmp_path):
    out = tmp_path / "calls.txt"
    failed = Job.objects.create(
        name="tests.count_calls",
        kwargs={"path": str(out)},
        state=Job.State.FAILED,
        attempts=1,
    )
    done = Job.objects.create(name="tests.count_calls", state=Job.State.DONE)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            reverse("admin:jobs_job_changelist"),
            {"action": "retry_failed", "_selected_action": [failed.pk, done.pk]},
            follow=True,
        )
    html = response.content.decode()
    assert "1 job(s) queued again." in html
    assert "only failed jobs are retried" in html
    failed.refresh_from_db()
    assert failed.state == Job.State.DONE
    assert failed.attempts == 2
    assert out.read_text() == "call\n"


def test_editors_do_not_see_jobs(client):
    client.force_login(make_user(role="editor"))
    response = client.get(reverse("admin:jobs_job_changelist"))
    assert response.status_code == 403
