"""The naming rules of the library's parser, one by one (no database)."""

import pytest

from cinematheque.watch.library.names import is_junk, is_video, parse_path


@pytest.mark.parametrize(
    ("path", "title", "year"),
    [
        ("1917 (2019).mkv", "1917", 2019),
        ("2001: A Space Odyssey (1968).mkv", "2001: A Space Odyssey", 1968),
        ("Blade Runner 2049 (2017).mkv", "Blade Runner 2049", 2017),
        ("Red Riding 1983 (2009).mp4", "Red Riding 1983", 2009),
        ("The.Matrix.1999.1080p.BluRay.x264-GRP.mkv", "The Matrix", 1999),
        ("Amélie (2001).mkv", "Amélie", 2001),
        ("Blade.Runner.2049.2017.1080p.BluRay.x264-GRP.mkv", "Blade Runner 2049", 2017),
        ("1917.2019.2160p.WEB-DL.x265-GRP.mkv", "1917", 2019),
        ("Heat.1995.REMASTERED.1080p.BluRay.x264-GRP.mkv", "Heat", 1995),
    ],
)
def test_a_year_in_parentheses_wins_over_other_numbers(path, title, year):
    parsed = parse_path(path)
    assert (parsed.title, parsed.year) == (title, year)


@pytest.mark.parametrize(
    ("path", "tmdb_id", "imdb_id"),
    [
        ("Heat (1995) [tmdbid-949]/Heat (1995).mkv", 949, ""),
        ("Heat (1995) {tmdb-949}.mkv", 949, ""),
        ("Heat (1995) [imdbid-tt0113277].mkv", None, "tt0113277"),
        ("Heat (1995) {imdb-tt0113277}/movie.mkv", None, "tt0113277"),
        ("Heat (1995).mkv", None, ""),
    ],
)
def test_id_tags_in_file_or_folder_names(path, tmdb_id, imdb_id):
    parsed = parse_path(path)
    assert (parsed.tmdb_id, parsed.imdb_id) == (tmdb_id, imdb_id)
    assert parsed.title == "Heat"
    assert parsed.year == 1995


@pytest.mark.parametrize(
    ("path", "edition"),
    [
        ("Heat (1995) - Director's Cut.mkv", "Director's Cut"),
        ("Heat (1995) {edition-Extended Edition}.mkv", "Extended Edition"),
        ("Heat (1995)/Heat (1995) - Theatrical.mkv", "Theatrical"),
        ("Heat (1995) - [1080p].mkv", "1080p"),
        ("Heat (1995) [1080p].mkv", ""),
        ("Alien DC (1979) [1080p].mkv", "Director's Cut"),
        ("Heat (1995).mkv", ""),
    ],
)
def test_versions_of_one_film_keep_their_edition(path, edition):
    parsed = parse_path(path)
    assert parsed.edition == edition
    assert parsed.year in {1995, 1979}
    assert parsed.title in {"Heat", "Alien"}


@pytest.mark.parametrize(
    ("path", "part"),
    [
        ("Heat (1995) cd1.avi", 1),
        ("Heat (1995) - cd2.avi", 2),
        ("Heat (1995) part1.mkv", 1),
        ("Heat.1995.Part.2.DVDRip.avi", 2),
        ("Heat (1995) disc1.mkv", 1),
        ("Heat (1995) pt3.mkv", 3),
        ("Heat (1995)/CD2/heat.avi", 2),
        ("Heat (1995) (Disc 02)/VIDEO.mkv", 2),
    ],
)
def test_stacks_give_part_numbers(path, part):
    parsed = parse_path(path)
    assert parsed.part == part
    assert (parsed.title, parsed.year) == ("Heat", 1995)


def test_a_number_alone_is_not_a_part():
    assert parse_path("Heat (1995) 2.mkv").part is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("Heat (1995)/Heat (1995)-trailer.mkv", "trailer"),
        ("Heat (1995)/trailer.mkv", "trailer"),
        ("Heat (1995)/Heat (1995)-sample.mkv", "sample"),
        ("Heat (1995)/extras/Making of.mkv", "extra"),
        ("Heat (1995)/trailers/Teaser.mkv", "trailer"),
        ("Heat (1995)/featurettes/On set.mkv", "extra"),
        ("Heat (1995)/Behind The Scenes/Shoot-out.mkv", "extra"),
        ("Heat (1995)/Heat (1995)-featurette.mkv", "extra"),
        ("Heat (1995)/Heat (1995).mkv", "feature"),
    ],
)
def test_trailers_samples_and_extras_are_kept_apart(path, kind):
    parsed = parse_path(path)
    assert parsed.kind == kind
    # An extra belongs to the film of its folder.
    assert (parsed.title, parsed.year) == ("Heat", 1995)


@pytest.mark.parametrize(
    "path",
    [
        "Heat (1995)/movie.mkv",
        "Heat (1995)/heat.mkv",
        "Heat (1995)/Heat.mkv",
        "Heat.1995.1080p.BluRay.x264-GRP/grp-heat.mkv",
        "Films/Heat (1995)/VIDEO_TS.mkv",
    ],
)
def test_a_poor_file_name_borrows_the_folder_name(path):
    parsed = parse_path(path)
    assert (parsed.title.lower(), parsed.year) == ("heat", 1995)


def test_the_file_year_wins_over_the_folder_year():
    parsed = parse_path("300 (2007)/300 (2006).mkv")
    assert (parsed.title, parsed.year) == ("300", 2006)


def test_a_file_named_by_a_hash_takes_the_nearest_named_folder():
    uuid = "XD607ebb-BRc59935-5155473f-1c5f49"
    parsed = parse_path(f"Dead Man Down (2013) BRRiP XViD/{uuid}/{uuid}.avi")
    assert (parsed.title, parsed.year) == ("Dead Man Down", 2013)


@pytest.mark.parametrize(
    ("name", "video"),
    [
        ("Heat.mkv", True),
        ("Heat.MP4", True),
        ("Heat.m2ts", True),
        ("Heat.webm", True),
        ("Heat.srt", False),
        ("Heat.nfo", False),
        ("Heat.jpg", False),
        (".Heat.mkv", False),
        ("mkv", False),
    ],
)
def test_only_video_extensions_count(name, video):
    assert is_video(name) is video


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("@eaDir", True),
        (".AppleDouble", True),
        ("#recycle", True),
        ("$RECYCLE.BIN", True),
        ("lost+found", True),
        ("Heat (1995)", False),
        ("$9.99 (2008)", False),
        ("#Horror (2015)", False),
        ("extras", False),
    ],
)
def test_hidden_and_nas_folders_are_junk(name, junk):
    assert is_junk(name) is junk
