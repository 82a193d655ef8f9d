"""`cinematheque library …`: the operator's commands and their JSON shapes."""

import json

import pytest

from cinematheque import cli
from cinematheque.watch.library import links
from cinematheque.watch.models import LibraryFolder, MediaFile

from .conftest import touch

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    status = cli.main(["library", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_identify_json_is_one_object_per_name_in_order(films, capsys):
    names = [
        "Heat (1995) - Director's Cut.mkv",
        "Unknown Film (1950).mkv",
        "Solaris cd2.avi",
        "The Matrix (1999)/The Matrix (1999)-trailer.mkv",
        "Anything [tmdbid-949].mkv",
    ]
    status, out, _ = run(capsys, "identify", "--json", *names)
    assert status == 0
    rows = json.loads(out)
    assert [row["name"] for row in rows] == names
    heat, unknown, solaris, trailer, by_id = rows
    assert {key: heat[key] for key in ("title", "year", "film", "edition", "kind")} == {
        "title": "Heat",
        "year": 1995,
        "film": "heat-1995",
        "edition": "Director's Cut",
        "kind": "feature",
    }
    assert heat["method"] == "title_year"
    assert heat["confidence"] == 0.95
    assert (unknown["film"], unknown["status"], unknown["method"]) == (
        None,
        "unmatched",
        None,
    )
    assert (solaris["film"], solaris["part"], solaris["status"]) == (
        None,
        2,
        "uncertain",
    )
    assert {c["film"] for c in solaris["candidates"]} == {
        "solaris-1972",
        "solaris-2002",
    }
    assert (trailer["kind"], trailer["film"]) == ("trailer", "the-matrix-1999")
    assert (by_id["film"], by_id["method"], by_id["confidence"]) == (
        "heat-1995",
        "tmdb_id",
        1.0,
    )


def test_identify_reads_the_nfo_of_an_existing_file(films, tmp_path, capsys):
    video = touch(tmp_path, "rip/title_t00.mkv")
    touch(tmp_path, "rip/title_t00.nfo", b"<movie><tmdbid>949</tmdbid></movie>")
    _, out, _ = run(capsys, "identify", "--json", str(video))
    (row,) = json.loads(out)
    assert (row["film"], row["method"]) == ("heat-1995", "nfo")


def test_identify_prints_a_readable_line_per_name(films, capsys):
    status, out, _ = run(capsys, "identify", "Heat (1995).mkv", "Solaris.mkv")
    assert status == 0
    assert "read as 'Heat' (1995)" in out
    assert "film: heat-1995 by title_year, confidence 0.95" in out
    assert "candidate: solaris-1972" in out


def test_add_scan_list_and_remove(films, tmp_path, capsys):
    root = tmp_path / "films"
    touch(root, "Heat (1995)/Heat (1995).mkv", b"1234")
    touch(root, "Solaris.mkv")
    status, out, _ = run(capsys, "add", str(root), "--name", "Films")
    assert status == 0
    assert LibraryFolder.objects.get().name == "Films"
    status, out, _ = run(capsys, "scan", "--json")
    assert json.loads(out)["added"] == 2
    status, out, _ = run(capsys, "scan", "Films")
    assert "0 added" in out
    assert "2 unchanged" in out
    status, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    heat = MediaFile.objects.get(film=films["heat"])
    assert rows[0] == {
        "id": heat.pk,
        "folder": str(root),
        "path": "Heat (1995)/Heat (1995).mkv",
        "size": 4,
        "kind": "feature",
        "title": "Heat",
        "year": 1995,
        "edition": None,
        "part": None,
        "film": "heat-1995",
        "film_title": "Heat (1995)",
        "status": "matched",
        "method": "title_year",
        "confidence": 0.95,
        "stream_url": links.stream_url(heat),
    }
    assert rows[1]["film"] is None
    assert rows[1]["status"] == "uncertain"
    status, out, _ = run(capsys, "list")
    assert "heat-1995" in out
    assert links.stream_url(heat) in out
    status, out, _ = run(capsys, "remove", str(root))
    assert status == 0
    assert "2 files forgotten" in out
    assert not MediaFile.objects.exists()
    assert root.exists()


def test_stream_url_is_the_files_stream_address(films, tmp_path):
    folder = LibraryFolder.objects.create(path=str(tmp_path))
    media_file = MediaFile.objects.create(folder=folder, relative_path="a.mkv")
    assert links.stream_url(media_file) == f"/watch/files/{media_file.pk}/stream"


def test_errors_are_one_sentence_and_status_one(db, tmp_path, capsys):
    status, _, err = run(capsys, "add", str(tmp_path / "missing"))
    assert (status, err.strip()) == (
        1,
        f"Error: {tmp_path / 'missing'} is not a directory.",
    )
    status, _, err = run(capsys, "remove", "/nowhere")
    assert (status, err.strip()) == (1, "Error: /nowhere is not a library folder.")
    status, _, err = run(capsys, "scan", "/nowhere")
    assert status == 1
    assert "not a library folder" in err


def test_list_of_an_empty_library_says_what_to_do(db, capsys):
    assert run(capsys, "list")[1].startswith("No library files")
    assert json.loads(run(capsys, "list", "--json")[1]) == []
