import pytest

from cinematheque.catalogue.browse import (
    DEFAULT_SORT,
    GENRE_DEFAULT_SORT,
    BrowseError,
    BrowseParams,
)


def test_decade_accepts_plain_and_plural_years():
    assert BrowseParams.parse({"decade": "1990"}).decade == 1990
    assert BrowseParams.parse({"decade": "1990s"}).decade == 1990


@pytest.mark.parametrize("raw", ["1995", "abc", "-1990", "3000", "19 90"])
def test_bad_decade_names_the_field(raw):
    with pytest.raises(BrowseError, match="Decade") as caught:
        BrowseParams.parse({"decade": raw})
    assert caught.value.field == "decade"


def test_unknown_sort_lists_the_valid_ones():
    with pytest.raises(BrowseError, match="-box_office"):
        BrowseParams.parse({"sort": "bogus"})


@pytest.mark.parametrize("raw", ["R\x00", "PG\n13", "X" * 21])
def test_certification_with_control_characters_is_refused(raw):
    with pytest.raises(BrowseError) as caught:
        BrowseParams.parse({"certification": raw})
    assert caught.value.field == "certification"


@pytest.mark.parametrize("field", ["genre", "country"])
def test_slug_filters_refuse_odd_characters(field):
    with pytest.raises(BrowseError) as caught:
        BrowseParams.parse({field: "crime'; DROP TABLE"})
    assert caught.value.field == field


def test_as_query_keeps_only_non_default_values():
    params = BrowseParams.parse(
        {"genre": "Crime", "decade": "1990", "sort": GENRE_DEFAULT_SORT}
    )
    assert params.genre == "crime"
    assert params.as_query() == {"genre": "crime", "decade": "1990"}
    assert BrowseParams.parse({"sort": DEFAULT_SORT}).as_query() == {}


def test_a_genre_filter_sorts_by_centrality_unless_told_otherwise():
    assert BrowseParams.parse({"genre": "crime"}).sort == "-centrality"
    assert BrowseParams.parse({"genre": "crime", "sort": "-year"}).sort == "-year"
    assert BrowseParams.parse({}).sort == DEFAULT_SORT
