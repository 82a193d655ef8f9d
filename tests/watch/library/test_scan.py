"""Scanning library folders: added, changed, removed, symlinks, manual matches."""

import os
import shutil

import pytest

from cinematheque.watch.library import scan
from cinematheque.watch.library.scan import scan_libraries, watch_libraries
from cinematheque.watch.library.services import choose_film, ignore_file
from cinematheque.watch.models import LibraryFolder, MatchCandidate, MediaFile
from tests.watch.play.media import generate_mp4

from .conftest import touch

Status = MediaFile.Status


def paths(folder):
    return sorted(folder.files.values_list("relative_path", flat=True))


def test_a_scan_finds_videos_and_matches_them(films, library):
    folder, root = library
    touch(root, "Heat (1995)/Heat (1995).mkv", b"x" * 10)
    touch(root, "Heat (1995)/Heat (1995)-trailer.mp4")
    touch(root, "Heat (1995)/Heat (1995).nfo", b"<movie/>")
    touch(root, "Heat (1995)/poster.jpg")
    touch(root, "Solaris.avi")
    touch(root, "Home video.mkv")
    report = scan_libraries()
    assert paths(folder) == [
        "Heat (1995)/Heat (1995)-trailer.mp4",
        "Heat (1995)/Heat (1995).mkv",
        "Home video.mkv",
        "Solaris.avi",
    ]
    assert (report.added, report.matched, report.uncertain, report.unmatched) == (
        4,
        2,
        1,
        1,
    )
    heat = folder.files.get(relative_path="Heat (1995)/Heat (1995).mkv")
    assert (heat.film, heat.status, heat.size, heat.kind) == (
        films["heat"],
        Status.MATCHED,
        10,
        "feature",
    )
    trailer = folder.files.get(kind="trailer")
    assert trailer.film == films["heat"]
    solaris = folder.files.get(relative_path="Solaris.avi")
    assert solaris.status == Status.UNCERTAIN
    assert solaris.candidates.count() == 2
    folder.refresh_from_db()
    assert folder.last_scan_at is not None


def test_nfo_sidecar_identifies_the_film(films, library):
    folder, root = library
    touch(root, "rip/track01.mkv")
    touch(root, "rip/movie.nfo", b"https://www.imdb.com/title/tt0113277/")
    scan_libraries()
    media_file = folder.files.get()
    assert (media_file.film, media_file.method, media_file.confidence) == (
        films["heat"],
        MediaFile.Method.NFO,
        1.0,
    )


def test_stacks_versions_and_extras(films, library):
    folder, root = library
    for name in [
        "Heat (1995)/Heat (1995) - cd1.avi",
        "Heat (1995)/Heat (1995) - cd2.avi",
        "Heat (1995)/Heat (1995) - Director's Cut.mkv",
        "Heat (1995)/extras/Making of.mkv",
        "Heat (1995)/Heat (1995)-sample.mkv",
    ]:
        touch(root, name)
    scan_libraries()
    rows = {
        row.relative_path.split("/")[-1]: (row.film_id, row.part, row.edition, row.kind)
        for row in folder.files.all()
    }
    heat = films["heat"].pk
    assert rows == {
        "Heat (1995) - cd1.avi": (heat, 1, "", "feature"),
        "Heat (1995) - cd2.avi": (heat, 2, "", "feature"),
        "Heat (1995) - Director's Cut.mkv": (heat, None, "Director's Cut", "feature"),
        "Making of.mkv": (heat, None, "", "extra"),
        "Heat (1995)-sample.mkv": (heat, None, "", "sample"),
    }


def test_hidden_files_nas_junk_and_disc_folders_are_left_out(db, library):
    folder, root = library
    touch(root, ".hidden.mkv")
    touch(root, "@eaDir/Heat (1995).mkv@SynoEAStream/x.mkv")
    touch(root, ".Trash-1000/Heat.mkv")
    touch(root, "Heat (1995).mkv")
    touch(root, "Alien (1979)/VIDEO_TS/VTS_01_1.VOB")
    touch(root, "Alien (1979)/BDMV/STREAM/00001.m2ts")
    report = scan_libraries()
    assert paths(folder) == ["Heat (1995).mkv"]
    assert [line.split(":")[0] for line in report.skipped_paths] == [
        "Alien (1979)/BDMV",
        "Alien (1979)/VIDEO_TS",
    ]


def test_a_symlink_leaving_the_root_is_skipped_and_reported(db, library, tmp_path):
    folder, root = library
    outside = tmp_path / "elsewhere"
    touch(outside, "Secret (2000).mkv")
    os.symlink(outside, root / "linked-out")
    os.symlink(outside / "Secret (2000).mkv", root / "Secret (2000).mkv")
    touch(root, "inside/Heat (1995).mkv")
    os.symlink(root / "inside" / "Heat (1995).mkv", root / "Heat link.mkv")
    # A link to a folder inside is followed once: no loop, no second copy.
    os.symlink(root, root / "inside" / "loop")
    os.symlink(root / "inside", root / "z-linked-in")
    report = scan_libraries()
    assert paths(folder) == ["Heat link.mkv", "inside/Heat (1995).mkv"]
    assert report.skipped == 2
    assert any("linked-out" in line for line in report.skipped_paths)
    assert any("Secret (2000).mkv" in line for line in report.skipped_paths)


def test_a_rescan_reads_only_changed_files_and_deletes_removed_ones(
    films, library, django_assert_max_num_queries
):
    folder, root = library
    heat = touch(root, "Heat (1995).mkv")
    gone = touch(root, "Solaris (1972).mkv")
    touch(root, "The Matrix (1999).mkv")
    scan_libraries()
    # The folders, their files, the folder's scan time (in a transaction), then
    # the files ffprobe has still to read (none).
    with django_assert_max_num_queries(6):
        report = scan_libraries()
    assert (report.added, report.changed, report.removed, report.unchanged) == (
        0,
        0,
        0,
        3,
    )
    heat.write_bytes(b"longer now")
    gone.unlink()
    touch(root, "Amelie (2001).mkv")
    report = scan_libraries()
    assert (report.added, report.changed, report.removed, report.unchanged) == (
        1,
        1,
        1,
        1,
    )
    assert paths(folder) == [
        "Amelie (2001).mkv",
        "Heat (1995).mkv",
        "The Matrix (1999).mkv",
    ]
    assert folder.files.get(relative_path="Heat (1995).mkv").size == 10


def test_a_rescan_keeps_manual_matches_and_ignored_files(films, library):
    folder, root = library
    heat = touch(root, "Heat (1995).mkv")
    home = touch(root, "Solaris.mkv")
    scan_libraries()
    chosen = folder.files.get(relative_path="Heat (1995).mkv")
    choose_film(chosen, films["heat-1986"])
    ignore_file(folder.files.get(relative_path="Solaris.mkv"))
    heat.write_bytes(b"changed")
    home.write_bytes(b"changed")
    report = scan_libraries()
    assert report.changed == 2
    chosen.refresh_from_db()
    assert (chosen.film, chosen.method, chosen.status, chosen.size) == (
        films["heat-1986"],
        MediaFile.Method.MANUAL,
        Status.MATCHED,
        7,
    )
    ignored = folder.files.get(relative_path="Solaris.mkv")
    assert (ignored.status, ignored.film) == (Status.IGNORED, None)
    assert not MatchCandidate.objects.filter(media_file=ignored).exists()


def test_a_changed_file_is_matched_again_with_fresh_candidates(films, library):
    folder, root = library
    path = touch(root, "Solaris.mkv")
    scan_libraries()
    assert MatchCandidate.objects.count() == 2
    path.rename(root / "Solaris (2002).mkv")
    scan_libraries()
    media_file = folder.files.get()
    assert media_file.film == films["solaris-2002"]
    assert MatchCandidate.objects.count() == 0


def test_a_missing_folder_keeps_its_rows(films, library):
    folder, root = library
    touch(root, "Heat (1995).mkv")
    scan_libraries()
    folder.path = str(root / "unmounted")
    folder.save()
    report = scan_libraries()
    assert report.skipped == 1
    assert folder.files.count() == 1


def test_disabled_folders_are_not_scanned(db, library):
    folder, root = library
    touch(root, "Heat (1995).mkv")
    LibraryFolder.objects.update(enabled=False)
    assert scan_libraries().folders == 0
    assert scan_libraries([folder]).added == 1


def test_watch_rescans_a_folder_when_its_files_change(films, library):
    folder, root = library
    touch(root, "Heat (1995)/Heat (1995).mkv")
    announced = []

    def sleep(seconds):
        # Between polls, a film arrives in a new folder; the next poll finds it.
        if not (root / "The Matrix (1999)").exists():
            touch(root, "The Matrix (1999)/The Matrix (1999).mkv")

    watch_libraries(1, announced.append, rounds=2, sleep=sleep)
    assert paths(folder) == [
        "Heat (1995)/Heat (1995).mkv",
        "The Matrix (1999)/The Matrix (1999).mkv",
    ]
    assert len(announced) == 2  # the first scan, then the change; not the quiet poll


@pytest.mark.parametrize("name", ["Heat (1995).MKV", "Heat (1995).m2ts"])
def test_extensions_in_any_case(films, library, name):
    folder, root = library
    touch(root, name)
    scan_libraries()
    assert folder.files.get().film == films["heat"]


def test_a_scan_racing_another_reports_the_folder_and_writes_nothing(
    films, library, monkeypatch
):
    folder, root = library
    touch(root, "Heat (1995).mkv")
    touch(root, "Solaris (1972).mkv")
    real_walk = scan.walk_folder

    def walk_while_another_scan_writes(path, report):
        found = list(real_walk(path, report))
        MediaFile.objects.create(folder=folder, relative_path="Heat (1995).mkv")
        return iter(found)

    monkeypatch.setattr(scan, "walk_folder", walk_while_another_scan_writes)
    report = scan_libraries()
    assert report.skipped == 1
    assert "another scan" in report.skipped_paths[0]
    assert paths(folder) == ["Heat (1995).mkv"]


def test_a_name_that_is_not_utf8_is_skipped_and_reported(films, library):
    folder, root = library
    touch(root, "Heat (1995).mkv")
    with open(os.fsencode(root) + b"/Caf\xe9 (1999).mkv", "wb"):
        pass
    report = scan_libraries()
    assert paths(folder) == ["Heat (1995).mkv"]
    assert report.skipped == 1
    assert "not UTF-8" in report.skipped_paths[0]


def test_a_path_too_long_to_store_is_skipped_and_reported(films, library):
    folder, root = library
    touch(root, "Heat (1995).mkv")
    deep = "/".join(["a" * 200] * 5)
    touch(root, f"{deep}/Heat (1995).mkv")
    report = scan_libraries()
    assert paths(folder) == ["Heat (1995).mkv"]
    assert report.skipped == 1
    assert "over 1000 characters" in report.skipped_paths[0]


needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg missing (./dev test installs it)",
)


@pytest.fixture(scope="module")
def small_mp4(tmp_path_factory):
    return generate_mp4(tmp_path_factory.mktemp("videos") / "testsrc.mp4", seconds=2)


@needs_ffmpeg
def test_a_scan_reads_the_details_of_new_feature_files_with_ffprobe(
    films, library, small_mp4
):
    folder, root = library
    touch(root, "Heat (1995)/Heat (1995).mp4", small_mp4.read_bytes())
    touch(root, "Heat (1995)/Heat (1995)-trailer.mp4", small_mp4.read_bytes())
    touch(root, "The Matrix (1999).mkv")  # empty: nothing to read
    report = scan_libraries()
    assert report.probed == 1
    heat = folder.files.get(relative_path="Heat (1995)/Heat (1995).mp4")
    assert (heat.container, heat.video_codec, heat.audio_codec) == (
        "mp4",
        "h264",
        "aac",
    )
    assert (heat.width, heat.height) == (320, 240)
    assert heat.duration == pytest.approx(2, abs=0.2)
    assert heat.probed_at is not None
    assert folder.files.get(kind="trailer").probed_at is None
    assert folder.files.get(relative_path="The Matrix (1999).mkv").probed_at is None


@needs_ffmpeg
def test_a_changed_file_is_probed_again_and_an_unchanged_one_never(
    films, library, small_mp4
):
    folder, root = library
    video = touch(root, "Heat (1995).mp4", small_mp4.read_bytes())
    broken = touch(root, "Solaris (1972).mkv", b"not a video at all")
    assert scan_libraries().probed == 1
    unreadable = folder.files.get(relative_path="Solaris (1972).mkv")
    # ffprobe ran and could not read it: recorded, so rescans leave it alone.
    assert (unreadable.container, unreadable.probed_at is not None) == ("", True)
    assert scan_libraries().probed == 0
    video.write_bytes(b"now a broken file")
    broken.write_bytes(small_mp4.read_bytes())
    report = scan_libraries()
    assert (report.changed, report.probed) == (2, 1)
    heat = folder.files.get(relative_path="Heat (1995).mp4")
    assert (heat.container, heat.video_codec, heat.duration) == ("", "", None)
    solaris = folder.files.get(relative_path="Solaris (1972).mkv")
    assert (solaris.container, solaris.video_codec) == ("mp4", "h264")


def test_without_ffprobe_a_scan_leaves_the_details_for_later(
    films, library, monkeypatch
):
    folder, root = library
    touch(root, "Heat (1995).mp4", b"some bytes")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    report = scan_libraries()
    assert (report.added, report.probed) == (1, 0)
    assert folder.files.get().probed_at is None
