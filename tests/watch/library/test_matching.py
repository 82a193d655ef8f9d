"""Matching parsed names to catalogue films: ids first, then title and year."""

import pytest

from cinematheque.watch.library.matching import Identity, match_identities, match_key
from cinematheque.watch.library.names import parse_path
from cinematheque.watch.models import MediaFile
from tests.factories import make_film

Status = MediaFile.Status
Method = MediaFile.Method


def match(*paths, **nfo):
    return match_identities([Identity(parse_path(path), **nfo) for path in paths])


def test_match_key_folds_case_accents_punctuation_and_the():
    assert match_key("The Matrix") == match_key("matrix, the") == "matrix"
    assert match_key("Amélie") == match_key("AMELIE")
    assert match_key("2001: A Space Odyssey") == match_key("2001 A Space Odyssey")


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("Something Else (1990) [tmdbid-949].mkv", Method.TMDB_ID),
        ("Whatever [imdbid-tt0113277]/movie.mkv", Method.IMDB_ID),
    ],
)
def test_an_id_in_the_name_wins_with_full_confidence(films, path, method):
    (found,) = match(path)
    assert found.film_id == films["heat"].pk
    assert (found.status, found.method, found.confidence) == (
        Status.MATCHED,
        method,
        1.0,
    )


def test_an_nfo_id_matches(films):
    (found,) = match("unreadable.mkv", nfo_imdb_id="tt0113277")
    assert (found.film_id, found.method) == (films["heat"].pk, Method.NFO)
    (found,) = match("unreadable.mkv", nfo_tmdb_id=949)
    assert found.film_id == films["heat"].pk


def test_an_unknown_id_falls_back_to_title_and_year(films):
    (found,) = match("Heat (1995) [tmdbid-123456789].mkv")
    assert (found.film_id, found.method) == (films["heat"].pk, Method.TITLE_YEAR)


@pytest.mark.parametrize(
    ("path", "film"),
    [
        ("Heat (1995).mkv", "heat"),
        ("Heat (1986).mkv", "heat-1986"),
        ("The.Matrix.1999.1080p.BluRay.x264-GRP.mkv", "matrix"),
        ("Matrix (1999).mkv", "matrix"),
        ("Amelie (2001).mkv", "amelie"),
        ("Le Fabuleux Destin d'Amelie Poulain (2001).mkv", "amelie"),
        ("Amelie from Montmartre (2001).mkv", "amelie"),
        ("1917 (2019).mkv", "1917"),
        ("Blade Runner 2049 (2017).mkv", "blade-runner-2049"),
        ("2001 A Space Odyssey (1968).mkv", "odyssey"),
    ],
)
def test_title_and_year(films, path, film):
    (found,) = match(path)
    assert found.film_id == films[film].pk
    assert (found.status, found.method, found.confidence) == (
        Status.MATCHED,
        Method.TITLE_YEAR,
        0.95,
    )


def test_a_part_number_that_belongs_to_the_title(films):
    godfather = make_film(title="The Godfather", year=1972, slug="the-godfather")
    part_three = make_film(
        title="The Godfather Part III", year=1990, slug="the-godfather-part-iii"
    )
    hallows = make_film(
        title="Harry Potter and the Deathly Hallows \u2013 Part 1",
        year=2010,
        slug="hp7",
    )
    found = match(
        "The Godfather Part 3.mkv",
        "Harry Potter and the Deathly Hallows Part 1 (2010).mkv",
        "The Godfather (1972) cd1.avi",
    )
    assert [f.film_id for f in found[1:]] == [hallows.pk, godfather.pk]
    assert found[0].candidates[0][0] == part_three.pk


def test_a_title_guessit_splits_is_tried_whole_first(films):
    star_trek = make_film(
        title="Star Trek: The Motion Picture", year=1979, slug="star-trek-tmp"
    )
    make_film(title="Star Trek", year=1979, slug="star-trek-1979")
    back = make_film(title="Back to the Future Part II", year=1989, slug="bttf2")
    found = match(
        "Star.Trek.-.The.Motion.Picture.1979.EXTENDED.1080p.BluRay.x264-GRP.mkv",
        "Back.to.the.Future.Part.II.1989.EXTENDED.1080p.BluRay.x264-GRP.mkv",
    )
    assert [f.film_id for f in found] == [star_trek.pk, back.pk]


def test_a_year_off_by_one_matches_with_lower_confidence(films):
    (found,) = match("The Matrix (2000).mkv")
    assert found.film_id == films["matrix"].pk
    assert 0.5 < found.confidence < 0.95


def test_the_exact_year_beats_a_year_off_by_one(films):
    (found,) = match("Heat (1995).mkv")
    assert found.film_id == films["heat"].pk


def test_a_title_alone_is_uncertain_with_candidates(films):
    (found,) = match("The Matrix.mkv")
    assert found.film_id is None
    assert found.status == Status.UNCERTAIN
    assert found.candidates == [(films["matrix"].pk, found.confidence)]


def test_several_films_of_one_title_wait_for_the_operator(films):
    (found,) = match("Solaris.mkv")
    assert found.status == Status.UNCERTAIN
    assert {pk for pk, _ in found.candidates} == {
        films["solaris-1972"].pk,
        films["solaris-2002"].pk,
    }


def test_a_wrong_year_gives_candidates_of_that_title(films):
    (found,) = match("Solaris (1985).mkv")
    assert found.status == Status.UNCERTAIN
    assert len(found.candidates) == 2


def test_a_title_spelled_nearly_the_same_is_a_candidate(films):
    (found,) = match("Amelie from Montmarte (2001).mkv")
    assert found.status == Status.UNCERTAIN
    assert found.film_id is None
    assert found.candidates[0][0] == films["amelie"].pk
    assert 0.4 <= found.confidence <= 0.5


def test_nothing_known_is_unmatched(films):
    (found,) = match("Holiday videos 2003.mkv")
    assert (found.status, found.film_id, found.candidates) == (
        Status.UNMATCHED,
        None,
        [],
    )


def test_many_names_in_few_queries(films, django_assert_max_num_queries):
    paths = [f"Heat ({1995 - n % 3}).mkv" for n in range(300)] + ["Solaris.mkv"]
    with django_assert_max_num_queries(12):
        found = match(*paths)
    assert len(found) == 301
