""" "For you": suggestions from a member's own ratings and diary, each with its reason;
content evidence alone for a single member, co-ratings once enough members rated the
same films; what is left out; the page and the API."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from cinematheque.catalogue.models import Film
from cinematheque.members.content_limit import content_limit_set
from cinematheque.members.models import DiaryEntry, Rating, WatchedFilm, WatchlistEntry
from cinematheque.recommendations.for_you import MIN_CO_RATERS, for_you, stars
from cinematheque.recommendations.models import Recommendation
from tests import factories


def recommend(film: Film, *suggested: tuple[Film, str]) -> None:
    """Store `film`'s "Don't forget to watch" list, best first."""
    now = timezone.now()
    for rank, (other, reason) in enumerate(suggested, 1):
        Recommendation.objects.create(
            film=film,
            recommended=other,
            rank=rank,
            score=1.0 / rank,
            kind=Recommendation.Kind.DIRECTOR,
            reason=reason,
            computed_at=now,
        )


@pytest.fixture
def films(db) -> SimpleNamespace:
    def film(title: str, year: int, certification: str = "") -> Film:
        slug = f"{title.lower().replace(' ', '-')}-{year}"
        return factories.make_film(
            title=title, year=year, slug=slug, certification=certification
        )

    catalogue = SimpleNamespace(
        heat=film("Heat", 1995, "R"),
        collateral=film("Collateral", 2004, "R"),
        thief=film("Thief", 1981, "R"),
        babe=film("Babe", 1995, "G"),
        cars=film("Cars", 2006, "G"),
        fargo=film("Fargo", 1996, "R"),
        up=film("Up", 2009, "PG"),
        clue=film("Clue", 1985, "PG"),
    )
    recommend(
        catalogue.heat,
        (catalogue.collateral, "Also directed by Michael Mann"),
        (catalogue.thief, "Also directed by Michael Mann"),
        (catalogue.fargo, "A crime thriller from the 1990s"),
    )
    recommend(catalogue.babe, (catalogue.cars, "A family film"))
    return catalogue


def rate(user, film: Film, value: int) -> None:
    Rating.objects.create(user=user, film=film, value=value)


def titles(result) -> list[str]:
    return [item.film.title for item in result.items]


def test_stars_are_written_in_half_stars():
    assert stars(9) == "★★★★½"
    assert stars(10) == "★★★★★"
    assert stars(1) == "½"


def test_a_member_without_ratings_gets_no_suggestions(films):
    result = for_you(user=factories.make_user())
    assert result.items == []
    assert result.seeds == 0


def test_one_member_gets_the_similar_films_of_what_they_rated_with_a_reason(films):
    member = factories.make_user()
    rate(member, films.heat, 9)
    result = for_you(user=member)
    assert titles(result) == ["Collateral", "Thief", "Fargo"]
    first = result.items[0]
    assert first.reason == "Because you rated Heat (1995) ★★★★½"
    assert first.detail == "Also directed by Michael Mann"
    assert first.because == films.heat
    assert result.co_raters == 0


def test_films_like_one_the_member_disliked_are_not_suggested(films):
    member = factories.make_user()
    rate(member, films.heat, 9)
    rate(member, films.babe, 2)
    assert "Cars" not in titles(for_you(user=member))


def test_a_diary_entry_counts_like_a_rating_and_an_unrated_viewing_a_little(films):
    member = factories.make_user()
    DiaryEntry.objects.create(
        user=member, film=films.heat, watched_on=date(2024, 5, 1), rating=10
    )
    DiaryEntry.objects.create(user=member, film=films.babe, watched_on=date(2024, 5, 2))
    result = for_you(user=member)
    assert titles(result)[:3] == ["Collateral", "Thief", "Fargo"]
    assert result.items[0].reason == "Because you rated Heat (1995) ★★★★★"
    cars = next(item for item in result.items if item.film == films.cars)
    assert cars.reason == "Because you watched Babe (1995)"


def test_films_rated_watched_or_listed_are_left_out_and_the_watchlist_has_its_row(
    films,
):
    member = factories.make_user()
    rate(member, films.heat, 9)
    WatchedFilm.objects.create(user=member, film=films.thief)
    WatchlistEntry.objects.create(user=member, film=films.fargo)
    WatchlistEntry.objects.create(user=member, film=films.clue)
    assert titles(for_you(user=member)) == ["Collateral"]
    watchlist = for_you(user=member, watchlist=True)
    assert titles(watchlist) == ["Fargo", "Clue"]  # evidence first, then newest
    assert watchlist.items[0].reason == "Because you rated Heat (1995) ★★★★½"
    assert watchlist.items[1].reason == "On your watchlist"


def test_the_content_limit_leaves_hidden_films_out(films):
    member = factories.make_user()
    content_limit_set(user=member, ceiling="PG", hide_unknown=False)
    rate(member, films.heat, 9)
    rate(member, films.babe, 9)
    assert titles(for_you(user=member, content_limit=_limit(member))) == ["Cars"]


def _limit(member):
    from cinematheque.catalogue.certifications import content_limit_parse

    return content_limit_parse(
        member.content_limit, hide_unknown=member.content_limit_hides_unknown
    )


def co_raters(count: int, films: SimpleNamespace) -> None:
    """`count` members who loved Heat and Up and disliked Clue."""
    for _ in range(count):
        other = factories.make_user()
        rate(other, films.heat, 10)
        rate(other, films.up, 10)
        rate(other, films.clue, 2)


def test_co_ratings_count_only_from_enough_co_raters(films):
    member = factories.make_user()
    rate(member, films.heat, 9)
    co_raters(MIN_CO_RATERS - 1, films)
    assert "Up" not in titles(for_you(user=member))


def test_with_many_members_co_ratings_dominate_and_say_so(films):
    member = factories.make_user()
    rate(member, films.heat, 9)
    co_raters(40, films)
    result = for_you(user=member)
    assert titles(result)[0] == "Up"
    assert result.items[0].reason == "Because you rated Heat (1995) ★★★★½"
    assert result.items[0].detail == "40 members rated both"
    assert "Clue" not in titles(result)  # co-raters disliked it: negative evidence
    assert result.co_raters == 40


def test_evidence_grows_with_the_number_of_co_raters(films):
    member = factories.make_user()
    rate(member, films.heat, 9)
    co_raters(MIN_CO_RATERS, films)
    few = next(i.score for i in for_you(user=member).items if i.film == films.up)
    co_raters(20, films)
    many = next(i.score for i in for_you(user=member).items if i.film == films.up)
    assert many > few > 0


def test_pages_of_suggestions_follow_each_other(films):
    member = factories.make_user()
    rate(member, films.heat, 9)
    first = for_you(user=member, limit=2)
    second = for_you(user=member, limit=2, offset=2)
    assert first.total == second.total == 3
    assert titles(first) + titles(second) == ["Collateral", "Thief", "Fargo"]


# --- The page and the API --------------------------------------------------------


@pytest.fixture
def member(films):
    user = factories.make_user()
    rate(user, films.heat, 9)
    WatchlistEntry.objects.create(user=user, film=films.clue)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_each_suggestion_with_its_reason(member):
    response = signed_in(member).get("/me/for-you/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Because you rated Heat (1995) ★★★★½" in page
    assert "/films/collateral-2004/" in page
    assert "From your watchlist" in page
    assert "/films/clue-1985/" in page
    assert "private" in response["Cache-Control"]


def test_the_page_explains_what_to_do_without_ratings(films):
    page = signed_in(factories.make_user()).get("/me/for-you/").content.decode()
    assert "Rate a few films you liked" in page


def test_the_api_lists_suggestions_with_reasons_and_pages(member):
    client = signed_in(member)
    answer = client.get("/api/v1/me/recommendations", {"limit": 2}).json()
    assert answer["count"] == 3
    assert answer["limit"] == 2
    assert [item["film"]["slug"] for item in answer["items"]] == [
        "collateral-2004",
        "thief-1981",
    ]
    assert answer["items"][0]["reason"] == "Because you rated Heat (1995) ★★★★½"
    assert answer["items"][0]["because"]["slug"] == "heat-1995"
    rest = client.get("/api/v1/me/recommendations", {"offset": 2}).json()
    assert [item["film"]["slug"] for item in rest["items"]] == ["fargo-1996"]
    listed = client.get("/api/v1/me/recommendations", {"watchlist": "true"}).json()
    assert [item["film"]["slug"] for item in listed["items"]] == ["clue-1985"]


@pytest.mark.parametrize("query", [{"limit": 101}, {"limit": 0}, {"offset": -1}])
def test_the_api_refuses_pages_out_of_bounds(member, query):
    response = signed_in(member).get("/api/v1/me/recommendations", query)
    assert response.status_code == 400


def test_the_account_menu_links_to_for_you(member):
    fields = signed_in(member).get("/personal/site/").json()["fields"]
    assert fields["account"]["links"]["for_you"] == "/me/for-you/"
