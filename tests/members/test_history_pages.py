"""The history pages: upload, report with one-click choices, past imports, export."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from cinematheque.jobs.models import Job
from cinematheque.members.imports import records
from cinematheque.members.models import DiaryEntry, ImportBatch, ImportUpload, Rating
from tests.factories import make_film, make_user
from tests.members.history import IMDB, LETTERBOXD, make_catalogue, zip_folder

pytestmark = pytest.mark.django_db


def upload(
    client,
    raw: bytes,
    name: str = "export.zip",
    source: str = "letterboxd",
    run_jobs: bool = True,
):
    """Upload an export; with `run_jobs`, its import job runs when the request's
    work commits (JOBS_URL=immediate: in the tests), as a worker would run it."""
    with TestCase.captureOnCommitCallbacks(execute=run_jobs):
        return client.post(
            reverse("members:import_start"),
            {"source": source, "file": SimpleUploadedFile(name, raw)},
        )


def test_upload_imports_and_lands_on_the_report(client):
    make_catalogue()
    user = make_user()
    client.force_login(user)
    assert client.get(reverse("members:import_start")).status_code == 200
    response = upload(client, zip_folder(LETTERBOXD / "extratone"))
    batch = ImportBatch.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:import_report", args=[batch.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Imported 11 ratings, 9 diary entries, 6 reviews" in html
    assert "Which film did you mean?" in html
    assert "Summer with Monika" in html
    assert "Deleted on Letterboxd." in html


def test_an_upload_is_imported_by_a_job_and_its_page_follows_it(client):
    make_catalogue()
    user = make_user()
    client.force_login(user)
    response = upload(client, zip_folder(LETTERBOXD / "extratone"), run_jobs=False)
    batch = ImportBatch.objects.get(user=user)
    assert response["Location"] == reverse("members:import_report", args=[batch.pk])
    assert batch.state == "queued"
    assert not batch.rows.exists()
    assert ImportUpload.objects.filter(batch=batch).exists()
    assert batch.job.name == "members.history_import"
    assert batch.job.kwargs == {"batch_id": batch.pk}
    page = client.get(response["Location"]).content.decode()
    assert "Importing your history…" in page
    assert (
        "Being imported…" in client.get(reverse("members:import_list")).content.decode()
    )
    assert reverse("members:import_status", args=[batch.pk]) in page
    status = client.get(reverse("members:import_status", args=[batch.pk]))
    assert status["Cache-Control"] == "private, no-store"
    assert status.json()["state"] == "queued"
    assert status.json()["message"] == "Waiting for its turn"

    from cinematheque.jobs.services import job_execute

    job_execute(batch.job_id)
    batch.refresh_from_db()
    assert batch.state == "done"
    assert batch.job.state == Job.State.DONE
    assert batch.job.result["ratings"] == 11
    assert not ImportUpload.objects.filter(batch=batch).exists()
    status = client.get(reverse("members:import_status", args=[batch.pk])).json()
    assert status["state"] == "done"
    assert status["summary"].startswith("Imported 11 ratings, 9 diary entries")
    job_execute(batch.job_id)  # a second delivery of the message changes nothing
    assert Rating.objects.filter(user=user).count() == 11


def test_a_failed_import_job_says_so_on_the_page(client):
    make_catalogue()
    user = make_user()
    client.force_login(user)
    upload(client, zip_folder(LETTERBOXD / "extratone"), run_jobs=False)
    batch = ImportBatch.objects.get(user=user)
    Job.objects.filter(pk=batch.job_id).update(state="failed", error="Boom")
    page = client.get(reverse("members:import_report", args=[batch.pk]))
    assert "This import did not go through" in page.content.decode()
    assert "error on our side" in page.content.decode()
    assert "Boom" not in page.content.decode()
    listed = client.get(reverse("members:import_list")).content.decode()
    assert "Not imported: an error on our side" in listed
    upload(client, zip_folder(LETTERBOXD / "extratone"))  # the same file again
    assert ImportBatch.objects.filter(user=user, state="done").count() == 1


def test_one_click_on_a_candidate_resolves_the_ambiguous_rows(client):
    make_catalogue()
    user = make_user()
    client.force_login(user)
    upload(client, zip_folder(LETTERBOXD / "extratone"))
    batch = ImportBatch.objects.get(user=user)
    row = batch.rows.get(title="King Kong", kind="rating")
    response = client.post(
        reverse("members:import_choose", args=[batch.pk, row.pk]),
        {"film": row.candidates[0]},
    )
    assert response.status_code == 302
    assert Rating.objects.get(user=user, film_id=row.candidates[0]).value == 10
    assert DiaryEntry.objects.filter(user=user, film_id=row.candidates[0]).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Which film did you mean?" not in page
    assert "for 3 rows" in page


def test_a_film_that_is_no_candidate_is_refused_without_a_500(client):
    make_catalogue()
    user = make_user()
    client.force_login(user)
    upload(client, zip_folder(LETTERBOXD / "extratone"))
    batch = ImportBatch.objects.get(user=user)
    row = batch.rows.get(title="King Kong", kind="rating")
    url = reverse("members:import_choose", args=[batch.pk, row.pk])
    for value in ("", "abc", str(make_film().pk)):
        response = client.post(url, {"film": value})
        assert response.status_code == 302
    assert batch.rows.filter(status="ambiguous").count() == 3


def test_a_bad_upload_gets_a_400_with_a_sentence(client):
    client.force_login(make_user())
    response = upload(client, b"not,an,export\n1,2,3\n", name="x.csv")
    assert response.status_code == 400
    assert "No film in x.csv" in response.content.decode()
    response = client.post(reverse("members:import_start"), {"source": "letterboxd"})
    assert response.status_code == 400
    assert "Choose the export file" in response.content.decode()
    response = upload(client, b"x", source="netflix")
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(client, monkeypatch):
    monkeypatch.setattr(records, "MAX_UPLOAD_BYTES", 10)
    monkeypatch.setattr(
        "cinematheque.members.imports.views.MAX_UPLOAD_BYTES", 10, raising=True
    )
    client.force_login(make_user())
    response = upload(client, b"Date,Name,Year,Letterboxd URI\n", name="w.csv")
    assert response.status_code == 413
    assert "an export is at most" in response.content.decode()


def test_the_same_file_twice_says_so(client):
    make_catalogue()
    client.force_login(make_user())
    raw = (IMDB / "v2_date_rated.csv").read_bytes()
    upload(client, raw, name="ratings.csv", source="imdb")
    response = upload(client, raw, name="ratings.csv", source="imdb")
    page = client.get(response["Location"]).content.decode()
    assert "You imported this file before: nothing changed." in page
    assert ImportBatch.objects.count() == 1


def test_past_imports_and_retry(client):
    make_catalogue()
    user = make_user()
    client.force_login(user)
    upload(client, zip_folder(LETTERBOXD / "extratone"))
    page = client.get(reverse("members:import_list")).content.decode()
    assert "Match unmatched rows again" in page
    make_film(title="Summer with Monika", year=1953)
    response = client.post(reverse("members:import_retry"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2 rows found their film." in page


def test_export_page_and_download(client):
    make_catalogue()
    user = make_user()
    client.force_login(user)
    upload(client, zip_folder(LETTERBOXD / "extratone"))
    assert "Download the zip" in client.get(reverse("members:export")).content.decode()
    response = client.get(reverse("members:export_download"))
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "letterboxd-import.csv" in archive.namelist()


def test_writes_are_rate_limited(client, settings):
    client.force_login(make_user())
    for _ in range(20):
        upload(client, b"x", name="x.csv")
    response = upload(client, b"x", name="x.csv")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_the_account_menu_links_to_import_and_export(client):
    client.force_login(make_user())
    account = client.get("/personal/site/").json()["fields"]["account"]
    assert account["links"]["history"] == reverse("members:import_start")
