"""Offers grouped as Stream, Free, With ads, Rent, Buy, in TMDB's display priority,
the member's services first, and the honest state of a film without offers."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import WatchOffer
from cinematheque.watch.where.offers import State, group_offers, where_to_watch
from tests.watch.conftest import FETCHED_AT

pytestmark = pytest.mark.django_db


def offer(kind: str, provider: str, priority: int | None, provider_id: str = ""):
    return WatchOffer(
        country="FR",
        kind=kind,
        provider=provider,
        provider_id=provider_id or provider.lower(),
        logo_path=f"/{provider.lower()}.jpg",
        link="https://www.themoviedb.org/movie/1/watch?locale=FR",
        display_priority=priority,
    )


def test_groups_come_in_the_order_people_choose_and_skip_empty_ones():
    groups = group_offers(
        [
            offer("buy", "Apple TV", 2),
            offer("ads", "Pluto TV", 1),
            offer("flatrate", "Netflix", 1),
            offer("rent", "Apple TV", 2),
        ]
    )

    assert [(group.kind, group.label) for group in groups] == [
        ("flatrate", "Stream"),
        ("ads", "With ads"),
        ("rent", "Rent"),
        ("buy", "Buy"),
    ]


def test_offers_follow_tmdb_display_priority_then_name_with_unranked_last():
    (group,) = group_offers(
        [
            offer("rent", "Rakuten TV", 10),
            offer("rent", "Unranked", None),
            offer("rent", "Google Play Movies", 7),
            offer("rent", "Amazon Video", 7),
            offer("rent", "Apple TV", 1),
        ]
    )

    assert [o.provider for o in group.offers] == [
        "Apple TV",
        "Amazon Video",
        "Google Play Movies",
        "Rakuten TV",
        "Unranked",
    ]


def test_members_services_come_first_in_each_group_and_are_flagged():
    stream, rent = group_offers(
        [
            offer("flatrate", "Netflix", 1, "8"),
            offer("flatrate", "Disney Plus", 5, "337"),
            offer("rent", "Apple TV", 1, "2"),
            offer("rent", "Cineplex", 13, "140"),
        ],
        preferred_provider_ids={"337", "140"},
    )

    assert [(o.provider, o.is_mine) for o in stream.offers] == [
        ("Disney Plus", True),
        ("Netflix", False),
    ]
    assert [(o.provider, o.is_mine) for o in rent.offers] == [
        ("Cineplex", True),
        ("Apple TV", False),
    ]


def test_logo_is_tmdbs_92_pixel_image():
    (group,) = group_offers([offer("flatrate", "Netflix", 1)])

    assert group.offers[0].logo_url == "https://image.tmdb.org/t/p/w92/netflix.jpg"


def test_fixture_region_is_grouped_from_the_stored_offers(watch_sample):
    where = where_to_watch(watch_sample.avengers, "DE")

    assert where.state == State.OFFERS
    assert where.can_stream
    assert [group.label for group in where.groups] == ["Stream", "Rent", "Buy"]
    rent = where.groups[1]
    assert [o.provider for o in rent.offers][:3] == [
        "Apple TV",
        "Amazon Video",
        "Google Play Movies",
    ]
    assert where.link.endswith("watch?locale=DE")
    assert where.fetched_at == FETCHED_AT
    assert where.regions == ["BE", "CA", "CY", "DE"]


def test_region_with_only_a_purchase_cannot_stream(watch_sample):
    where = where_to_watch(watch_sample.avengers, "CY")

    assert where.state == State.OFFERS
    assert not where.can_stream
    assert [group.label for group in where.groups] == ["Buy"]


def test_fetched_film_without_offers_in_the_region_is_not_available_there(
    watch_sample,
):
    where = where_to_watch(watch_sample.avengers, "FR")

    assert where.state == State.NONE_HERE
    assert where.fetched_at == FETCHED_AT
    assert where.region_name == "France"
    assert ("FR", "France") in where.region_choices


def test_film_with_a_tmdb_id_never_fetched_says_so(watch_sample):
    assert where_to_watch(watch_sample.unfetched, "FR").state == State.NOT_FETCHED


def test_film_without_a_tmdb_id_has_no_where_to_watch_data(watch_sample):
    assert where_to_watch(watch_sample.untied, "FR").state == State.NO_TMDB


def test_region_choices_are_country_names_in_alphabetical_order(watch_sample):
    where = where_to_watch(watch_sample.avengers, "US")

    assert where.region_choices == [
        ("BE", "Belgium"),
        ("CA", "Canada"),
        ("CY", "Cyprus"),
        ("DE", "Germany"),
        ("US", "United States"),
    ]
