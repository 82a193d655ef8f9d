"""Matching export rows to films: ids first, then folded titles and years."""

from __future__ import annotations

import datetime

import pytest

from cinematheque.catalogue.models import AlternativeTitle
from cinematheque.members.imports.html_text import html_to_markdown
from cinematheque.members.imports.matching import Wanted, match_films, title_key
from cinematheque.members.imports.records import decode_text, parse_date
from tests.factories import make_film


@pytest.mark.parametrize(
    ("typed", "catalogued"),
    [
        ("Amelie", "Amélie"),
        ("HIT & RUN", "Hit and Run"),
        ("When Harry Met Sally…", "When Harry Met Sally..."),
        ("Schindlers List", "Schindler\u2019s List"),
        ("Mission: Impossible \u2013 Fallout", "Mission Impossible - Fallout"),
        ("Smørrebrød", "Smorrebrod"),
        ("Romeo + Juliet", "Romeo and Juliet"),
    ],
)
def test_titles_fold_alike(typed, catalogued):
    assert title_key(typed) == title_key(catalogued)


def test_different_titles_stay_different():
    assert title_key("Heat") != title_key("The Heat")
    assert title_key("Alien") != title_key("Aliens")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", datetime.date(2024, 3, 1)),
        ("2024-03-01T12:30:00Z", datetime.date(2024, 3, 1)),
        ("3/1/2024", datetime.date(2024, 3, 1)),
        ("Sat Dec 31 00:00:00 2016", datetime.date(2016, 12, 31)),
        ("Sun Mar  1 00:00:00 2015", datetime.date(2015, 3, 1)),
        ("December 31, 2016", datetime.date(2016, 12, 31)),
        ("31 Dec 2016", datetime.date(2016, 12, 31)),
    ],
)
def test_dates_of_every_generation(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "13/14/2019", "yesterday", ""])
def test_bad_dates_say_which(text):
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_encodings_are_detected():
    assert decode_text("Amélie".encode()) == "Amélie"
    assert decode_text(b"\xef\xbb\xbfConst") == "Const"
    assert decode_text("Amélie".encode("latin-1")) == "Amélie"
    assert decode_text("“Café”".encode("cp1252")) == "“Café”"


def test_review_html_becomes_markdown():
    html = (
        '<b>Bold</b> and <i>slanted</i>, <a href="https://x.example/a" rel="nofollow">'
        'a link</a>, <a href="javascript:alert(1)">no link</a>.\n'
        "<blockquote>Quoted\nlines</blockquote>After &amp; more<br>end"
    )
    assert html_to_markdown(html) == (
        "**Bold** and *slanted*, [a link](https://x.example/a), no link.\n\n"
        "> Quoted\n> lines\n\nAfter & more\nend"
    )
    assert html_to_markdown("Plain *markdown* stays") == "Plain *markdown* stays"


@pytest.mark.django_db
def test_ids_come_first_and_shared_ids_are_ambiguous():
    heat = make_film(title="Heat", year=1995, imdb_id="tt0113277", tmdb_id=949)
    make_film(title="Heat", year=1986)
    original = make_film(title="Blade Runner", year=1982, imdb_id="tt0083658")
    cut = make_film(title="Blade Runner (Final Cut)", year=2007, imdb_id="tt0083658")
    found = match_films(
        [
            Wanted(title="Totally Wrong", year=2020, imdb_id="tt0113277"),
            Wanted(title="", tmdb_id=949),
            Wanted(title="Blade Runner", imdb_id="tt0083658"),
        ]
    )
    assert found[0].film_id == heat.pk
    assert found[1].film_id == heat.pk
    assert found[2].ambiguous
    assert found[2].candidates == sorted([original.pk, cut.pk])


@pytest.mark.django_db
def test_title_and_year_with_one_year_of_slack():
    exact = make_film(title="Solaris", year=1972)
    make_film(title="Solaris", year=2002)
    late = make_film(title="Stalker", year=1979)
    twins = [make_film(title="Crash", year=1996), make_film(title="Crash", year=1996)]
    make_film(title="Crash", year=2004)
    found = match_films(
        [
            Wanted(title="Solaris", year=1972),
            Wanted(title="Stalker", year=1980),
            Wanted(title="Crash", year=1996),
            Wanted(title="Crash", year=2005),
            Wanted(title="Nothing Like It", year=1990),
        ]
    )
    assert found[0].film_id == exact.pk
    assert found[1].film_id == late.pk
    assert found[2].ambiguous
    assert set(found[2].candidates) == {f.pk for f in twins}
    assert found[3].film_id is not None
    assert found[4].film_id is None
    assert not found[4].ambiguous


@pytest.mark.django_db
def test_original_and_alternative_titles_match():
    monika = make_film(
        title="Summer with Monika", original_title="Sommaren med Monika", year=1953
    )
    seven = make_film(title="Seven Samurai", year=1954)
    AlternativeTitle.objects.create(film=seven, title="Shichinin no samurai")
    found = match_films(
        [
            Wanted(title="Sommaren med Monika", year=1953),
            Wanted(title="Shichinin no Samurai", year=1954),
            Wanted(title="SHICHININ NO SAMURAI"),
        ]
    )
    assert [match.film_id for match in found] == [monika.pk, seven.pk, seven.pk]


@pytest.mark.django_db
def test_a_row_without_year_matches_a_unique_title_only():
    rope = make_film(title="Rope", year=1948)
    make_film(title="Psycho", year=1960)
    make_film(title="Psycho", year=1998)
    found = match_films([Wanted(title="rope"), Wanted(title="Psycho")])
    assert found[0].film_id == rope.pk
    assert found[1].ambiguous
