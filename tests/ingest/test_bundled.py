"""Parsing rules of the bundled-table importer: names, lists, years, dates, slugs and
the reasons a row is rejected."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from cinematheque.catalogue.models import Film, ReviewScore
from cinematheque.ingest.bundled import (
    COMPANY_SUFFIXES,
    MalformedRow,
    film_slug_base,
    parse_release_date,
    parse_row,
    parse_year,
    split_list,
    split_names,
    unique_slug,
)


def _row(**overrides: Any) -> dict[str, Any]:
    row = {
        "id": 42198,
        "imdb_id": "tt0113277",
        "title": "Heat",
        "year": 1995,
        "certification": "R",
        "runtime": 170.0,
        "genres": "Thriller, Crime",
        "released": "1995-01-01",
        "directors": "Michael Mann",
        "writers": "Michael Mann",
        "cast": "Al Pacino, Robert De Niro",
        "metacritic": 76,
        "imdb_rating": None,
        "imdb_votes": None,
        "languages": "English",
        "countries": "United States",
        "awards": None,
        "oscars": 0,
        "last_updated": "2026-10-18",
        "rt_rating": None,
        "rt_meter": 84,
        "rt_reviews": 154,
        "rt_fresh": 129,
        "rt_rotten": 25,
        "rt_user_meter": None,
        "rt_user_reviews": None,
        "box_office": 187436818.0,
        "companies": "Regency Enterprises",
    }
    row.update(overrides)
    return row


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Ed Begley, Jr., Jane Doe", ["Ed Begley, Jr.", "Jane Doe"]),
        ("A, B, Jr., C, Sr.", ["A", "B, Jr.", "C, Sr."]),
        ("Joaquin Garay, III", ["Joaquin Garay, III"]),
        ("Noufou Ouédraogo, PhD, X", ["Noufou Ouédraogo, PhD", "X"]),
        ("Sammy Davis Jr., Dean Martin", ["Sammy Davis Jr.", "Dean Martin"]),
        ("Jr., Al Pacino", ["Al Pacino"]),
        ("  Al  Pacino ,, Al Pacino,  ", ["Al Pacino"]),
        ("", []),
        (None, []),
    ],
)
def test_names_are_split_on_commas_keeping_suffixes(cell, names):
    assert split_names(cell) == names


def test_company_suffixes_stay_with_the_company():
    cell = "Screen Gems, Tokyopop, Inc., Banger Films, Inc"
    assert split_list(cell, suffixes=COMPANY_SUFFIXES) == [
        "Screen Gems",
        "Tokyopop, Inc.",
        "Banger Films, Inc",
    ]


@pytest.mark.parametrize(
    ("value", "year"),
    [(1995, 1995), ("1995", 1995), (1995.0, 1995), (None, None), ("", None)],
)
def test_plausible_years_are_accepted(value, year):
    assert parse_year(value) == year


@pytest.mark.parametrize("value", ["nineteen ninety", 1995.5, 1869, 3000, "1e9"])
def test_implausible_years_are_rejected(value):
    with pytest.raises(MalformedRow, match="year"):
        parse_year(value)


def test_first_of_january_means_only_the_year_is_known():
    assert parse_release_date("1995-01-01") == (
        datetime.date(1995, 1, 1),
        Film.DatePrecision.YEAR,
    )
    assert parse_release_date("2006-05-26") == (
        datetime.date(2006, 5, 26),
        Film.DatePrecision.DAY,
    )
    assert parse_release_date(None) == (None, Film.DatePrecision.YEAR)
    with pytest.raises(MalformedRow, match="YYYY-MM-DD"):
        parse_release_date("26/05/2006")


@pytest.mark.parametrize(
    ("title", "year", "slug"),
    [
        ("Heat", 1995, "heat-1995"),
        ("Léon: The Professional", 1994, "leon-the-professional-1994"),
        ("Heat", None, "heat"),
        ("$", 1971, "film-1971"),
        ("東京物語", 1953, "film-1953"),
    ],
)
def test_film_slug_is_title_and_year(title, year, slug):
    assert film_slug_base(title, year) == slug


def test_colliding_slugs_get_a_number():
    taken = {"the-singer-2006"}
    assert unique_slug("the-singer-2006", taken) == "the-singer-2006-2"
    assert unique_slug("the-singer-2006", taken) == "the-singer-2006-3"
    assert unique_slug("heat-1995", taken) == "heat-1995"
    assert "heat-1995" in taken


def test_a_clean_row_is_parsed_into_typed_values():
    film = parse_row(_row())
    assert film.wikidata_id == "Q42198"
    assert (film.title, film.year, film.runtime, film.box_office) == (
        "Heat",
        1995,
        170,
        187_436_818,
    )
    assert film.release_date_precision == Film.DatePrecision.YEAR
    assert film.awards == ""
    assert {s.kind for s in film.scores} == {
        ReviewScore.Kind.TOMATOMETER,
        ReviewScore.Kind.METACRITIC,
    }


def test_empty_cells_become_empty_values():
    film = parse_row(
        _row(
            runtime=None,
            certification="",
            genres="",
            box_office=None,
            companies=None,
            writers=None,
            cast="",
            metacritic=None,
            rt_meter=None,
            rt_reviews=None,
            rt_fresh=None,
            rt_rotten=None,
            imdb_id="",
        )
    )
    assert film.runtime is None
    assert film.box_office is None
    assert film.certification == ""
    assert film.imdb_id == ""
    assert film.genres == film.companies == film.writers == film.cast == ()
    assert film.scores == ()


def test_imdb_rating_becomes_a_score_when_present():
    film = parse_row(_row(imdb_rating=7.3, imdb_votes=1234))
    imdb = next(s for s in film.scores if s.kind == ReviewScore.Kind.IMDB)
    assert (imdb.value, imdb.scale, imdb.review_count) == (7.3, 10, 1234)


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"title": "  "}, "no title"),
        ({"title": None}, "no title"),
        ({"year": "MCMXCV"}, "year 'MCMXCV' is not a number"),
        ({"runtime": "two hours"}, "runtime 'two hours' is not a number"),
        ({"runtime": 0}, "runtime 0 is not a number of minutes"),
        ({"runtime": float("nan")}, "runtime nan is not a number"),
        ({"box_office": -5}, "box office -5 is outside"),
        ({"rt_meter": 140}, "Tomatometer 140 is outside"),
        ({"rt_reviews": 1.5}, "review count 1.5 is not a whole number"),
        ({"metacritic": "great"}, "Metacritic score 'great' is not a number"),
        ({"imdb_id": "0113277"}, "is not an IMDb title id"),
        ({"id": "Q42198"}, "is not a Wikidata item number"),
        ({"id": -3}, "is not a Wikidata item number"),
        ({"cast": "A" * 301}, "cast name 'AAAA"),
    ],
)
def test_malformed_values_reject_the_row_with_a_reason(overrides, reason):
    with pytest.raises(MalformedRow) as caught:
        parse_row(_row(**overrides))
    assert reason in str(caught.value)
