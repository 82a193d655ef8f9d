"""The order of certifications by country and the films a content limit keeps."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.certifications import (
    CEILING_CHOICES,
    CEILINGS,
    SYSTEMS,
    certification_level,
    content_limit_parse,
)
from cinematheque.catalogue.models import Film
from tests import factories


def test_each_country_orders_its_ratings_from_open_to_restricted():
    for country, ratings in SYSTEMS.items():
        levels = [rating.level for rating in ratings]
        assert levels == sorted(levels), country
    assert [r.code for r in SYSTEMS["US"]] == ["G", "PG", "PG-13", "R", "NC-17"]
    assert [r.code for r in SYSTEMS["GB"]] == [
        "U", "PG", "12A", "12", "15", "18", "R18",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("certification", "country", "level"),
    [
        ("R", "US", 17),
        ("R", "", 17),  # no country: the bundled data's, US
        ("M/PG", "US", 8),  # how the bundled catalogue writes the 1968 M
        ("GP", "US", 8),
        ("X", "US", 18),
        ("12A", "GB", 12),
        ("16", "FR", 16),
        ("FSK 16", "DE", 16),
        ("Not Rated", "US", None),
        ("APPROVED", "US", None),
        ("", "US", None),
        ("15", "US", None),  # a British rating filed under the wrong country
    ],
)
def test_a_film_rating_has_the_level_of_its_country(certification, country, level):
    assert certification_level(certification, country) == level


def test_a_pg_13_limit_compares_ratings_of_other_countries_by_age():
    limit = content_limit_parse("PG-13")
    assert limit is not None
    assert limit.allows("PG-13", "US")
    assert limit.allows("12A", "GB")
    assert limit.allows("12", "DE")
    assert not limit.allows("R", "US")
    assert not limit.allows("15", "GB")
    assert not limit.allows("16", "FR")
    assert not limit.allows("NC-17", "")


def test_unknown_certifications_are_shown_unless_the_account_hides_them():
    assert content_limit_parse("PG").allows("", "US")  # type: ignore[union-attr]
    assert content_limit_parse("PG").allows("Unrated", "US")  # type: ignore[union-attr]
    strict = content_limit_parse("PG", hide_unknown=True)
    assert strict is not None
    assert not strict.allows("", "US")
    assert strict.allows("G", "US")


def test_no_limit_and_a_bad_stored_value_fail_closed_not_open():
    assert content_limit_parse("") is None
    odd = content_limit_parse("PG-14")
    assert odd is not None
    assert odd.ceiling.code == "G"  # the most open rating, never "no limit"
    assert content_limit_parse("gb:15").ceiling.country == "GB"  # type: ignore[union-attr]


def test_every_ceiling_is_offered_under_its_country():
    assert CEILING_CHOICES[0] == ("", "No limit")
    groups = dict(CEILING_CHOICES[1:])
    values = {value for options in groups.values() for value, _ in options}
    assert values == set(CEILINGS)
    assert ("PG-13", "PG-13: parents strongly cautioned") in groups["United States"]
    assert ("GB:12A", "12A: under 12 with an adult") in groups["United Kingdom"]
    assert ("DE:16", "FSK 16: 16 and over") in groups["Germany"]


CERTIFIED = [
    ("G", "US"),
    ("PG-13", "US"),
    ("R", "US"),
    ("R", ""),
    ("NC-17", "US"),
    ("M/PG", "US"),
    ("12A", "GB"),
    ("15", "GB"),
    ("10", "FR"),
    ("16", "FR"),
    ("12", "DE"),
    ("18", "DE"),
    ("", "US"),
    ("Not Rated", "US"),
    ("15", "US"),
]


@pytest.mark.parametrize("ceiling", ["G", "PG", "PG-13", "R", "GB:15", "DE:12"])
@pytest.mark.parametrize("hide_unknown", [False, True])
def test_the_database_filter_keeps_exactly_the_films_the_limit_allows(
    db, ceiling, hide_unknown
):
    films = {
        factories.make_film(certification=code, certification_country=country).pk: (
            code,
            country,
        )
        for code, country in CERTIFIED
    }
    limit = content_limit_parse(ceiling, hide_unknown=hide_unknown)
    assert limit is not None
    kept = set(Film.objects.within_content_limit(limit).values_list("id", flat=True))
    expected = {
        pk for pk, (code, country) in films.items() if limit.allows(code, country)
    }
    assert kept == expected
    assert Film.objects.within_content_limit(None).count() == len(CERTIFIED)
