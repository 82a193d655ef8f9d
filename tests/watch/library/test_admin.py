"""The library in the admin: folders, files, and the review queue."""

import pytest
from django.urls import reverse

from cinematheque.watch.library.scan import scan_libraries
from cinematheque.watch.models import LibraryFolder, MatchCandidate, MediaFile

from .conftest import touch

Status = MediaFile.Status


@pytest.fixture
def uncertain(films, library):
    folder, root = library
    touch(root, "Solaris.mkv")
    touch(root, "Heat (1995).mkv")
    scan_libraries()
    return folder.files.get(relative_path="Solaris.mkv")


def test_adding_a_folder_checks_the_path(admin_client, tmp_path):
    url = reverse("admin:watch_libraryfolder_add")
    page = admin_client.post(url, {"path": str(tmp_path / "missing"), "enabled": "on"})
    assert page.status_code == 200
    assert "is not a directory on the server" in page.content.decode()
    page = admin_client.post(
        url, {"path": str(tmp_path), "name": "Films", "enabled": "on"}
    )
    assert page.status_code == 302
    assert LibraryFolder.objects.get().path == str(tmp_path)


def test_the_scan_action_scans_and_reports(admin_client, films, library):
    folder, root = library
    touch(root, "Heat (1995).mkv")
    page = admin_client.post(
        reverse("admin:watch_libraryfolder_changelist"),
        {"action": "scan_selected", "_selected_action": [folder.pk]},
        follow=True,
    )
    assert "1 added" in page.content.decode()
    assert folder.files.get().film == films["heat"]
    listing = admin_client.get(reverse("admin:watch_libraryfolder_changelist"))
    assert listing.status_code == 200


def test_files_filter_by_status_and_folder(admin_client, uncertain):
    url = reverse("admin:watch_mediafile_changelist")
    page = admin_client.get(url, {"status__exact": "uncertain"})
    content = page.content.decode()
    assert "Solaris.mkv" in content
    assert "Heat (1995).mkv" not in content
    assert "Review queue (1 file)" in content
    page = admin_client.get(url, {"folder__id__exact": uncertain.folder_id})
    assert "Heat (1995).mkv" in page.content.decode()


def test_the_review_queue_shows_candidates_with_scores(admin_client, uncertain, films):
    page = admin_client.get(reverse("admin:watch_mediafile_review"))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Solaris.mkv" in content
    assert "Heat (1995).mkv" not in content
    assert "Solaris (1972)" in content
    assert "Solaris (2002)" in content
    assert content.count("This is the film") == 2
    assert "0.54" in content


def test_this_is_the_film_sets_a_manual_match_kept_by_scans(
    admin_client, uncertain, films
):
    url = reverse("admin:watch_mediafile_choose", args=[uncertain.pk])
    page = admin_client.post(url, {"film": films["solaris-2002"].pk}, follow=True)
    assert "Solaris.mkv is Solaris (2002)." in page.content.decode()
    uncertain.refresh_from_db()
    assert (uncertain.film, uncertain.status, uncertain.method) == (
        films["solaris-2002"],
        Status.MATCHED,
        MediaFile.Method.MANUAL,
    )
    assert not MatchCandidate.objects.filter(media_file=uncertain).exists()
    assert "No file is waiting for review" in page.content.decode()


def test_only_a_candidate_can_be_chosen_in_one_click(admin_client, uncertain, films):
    url = reverse("admin:watch_mediafile_choose", args=[uncertain.pk])
    for value in (films["heat"].pk, "x", ""):
        page = admin_client.post(url, {"film": value}, follow=True)
        assert "Choose one of the file" in page.content.decode()
    uncertain.refresh_from_db()
    assert uncertain.status == Status.UNCERTAIN
    assert admin_client.get(url).status_code == 405


def test_ignore_takes_the_file_out_of_the_queue(admin_client, uncertain):
    url = reverse("admin:watch_mediafile_ignore", args=[uncertain.pk])
    admin_client.post(url)
    uncertain.refresh_from_db()
    assert uncertain.status == Status.IGNORED
    missing = reverse("admin:watch_mediafile_ignore", args=[999999])
    assert admin_client.post(missing).status_code == 404


def test_choosing_a_film_in_the_form_is_a_manual_match(admin_client, uncertain, films):
    url = reverse("admin:watch_mediafile_change", args=[uncertain.pk])
    assert admin_client.get(url).status_code == 200
    page = admin_client.post(
        url,
        {
            "film": films["solaris-1972"].pk,
            "candidates-TOTAL_FORMS": "2",
            "candidates-INITIAL_FORMS": "2",
            "candidates-MIN_NUM_FORMS": "0",
            "candidates-MAX_NUM_FORMS": "1000",
            "candidates-0-id": uncertain.candidates.all()[0].pk,
            "candidates-0-media_file": uncertain.pk,
            "candidates-1-id": uncertain.candidates.all()[1].pk,
            "candidates-1-media_file": uncertain.pk,
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    uncertain.refresh_from_db()
    assert (uncertain.film, uncertain.method) == (
        films["solaris-1972"],
        MediaFile.Method.MANUAL,
    )


def test_staff_without_permission_cannot_act(client, django_user_model, uncertain):
    staff = django_user_model.objects.create_user(
        username="staff", password="pw", is_staff=True
    )
    client.force_login(staff)
    assert client.get(reverse("admin:watch_mediafile_review")).status_code == 403
    url = reverse("admin:watch_mediafile_ignore", args=[uncertain.pk])
    assert client.post(url).status_code == 403
    uncertain.refresh_from_db()
    assert uncertain.status == Status.UNCERTAIN
