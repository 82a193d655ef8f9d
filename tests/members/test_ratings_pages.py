"""/me/diary/ (by month), logging a viewing, /me/watchlist/ sorted and filtered, and
the writes behind them (CSRF, rate limits, clear 4xx on bad input)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cinematheque.members import ratings
from cinematheque.members.models import DiaryEntry, Rating, WatchlistEntry
from tests import factories
from tests.catalogue.html import element_text, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def heat(db):
    film = factories.make_film(title="Heat", year=1995, slug="heat-1995", runtime=170)
    film.genres.add(factories.make_genre("Crime"))
    return film


@pytest.fixture
def member(client):
    user = factories.make_user(username="ada")
    client.force_login(user)
    return user


def log(member, film, day: datetime.date, **fields):
    return ratings.diary_entry_create(
        user=member, film=film, viewing=ratings.Viewing(watched_on=day, **fields)
    )


def test_the_diary_groups_viewings_by_month_with_rating_rewatch_and_tags(
    client, member, heat
):
    other = factories.make_film(title="Thief", year=1981, slug="thief-1981")
    log(member, heat, datetime.date(2025, 3, 14), rating=9, tags=("cinema",))
    log(member, heat, datetime.date(2025, 3, 2), rewatch=True)
    log(member, other, datetime.date(2025, 1, 20), rating=6, review="Tight.")
    html = client.get("/me/diary/").content.decode()
    text = page_text(html)
    assert text.index("March 2025") < text.index("January 2025")
    assert element_text(html, "diary-2025-03").startswith("March 2025 14 Heat 1995")
    assert "★★★★½" in element_text(html, "diary-2025-03")
    assert "↻ rewatch" in element_text(html, "diary-2025-03")
    assert "cinema" in element_text(html, "diary-2025-03")
    january = element_text(html, "diary-2025-01")
    assert "Thief 1981 ★★★ review" in january
    review = DiaryEntry.objects.get(film=other).review
    assert f'href="/members/ada/reviews/{review.pk}/">review</a>' in html
    assert "3 entries" in text


def test_a_visitor_is_sent_to_log_in(client, db):
    response = client.get("/me/diary/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/diary/")
    response = client.post(
        "/me/diary/new/", {"film": "x"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 401


def test_logging_a_viewing_from_its_page(client, member, heat):
    form = client.get("/me/diary/new/?film=heat-1995")
    assert form.status_code == 200
    assert "Log a viewing" in form.content.decode()
    response = client.post(
        "/me/diary/new/",
        {
            "film": "heat-1995",
            "watched_on": "2025-03-01",
            "rating": "9",
            "rewatch": "on",
            "tags": "cinema, 70mm",
            "review": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/diary/"
    entry = DiaryEntry.objects.get()
    assert (entry.rating, entry.rewatch, entry.tags) == (9, True, ["cinema", "70mm"])
    assert Rating.objects.get().value == 9


def test_the_film_pages_dialog_logs_in_json(client, member, heat):
    response = client.post(
        "/me/diary/new/",
        {"film": "heat-1995", "watched_on": "2025-03-01"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201
    assert response.json()["diary_count"] == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"watched_on": "2025-02-30"}, "Enter a valid date."),
        ({"watched_on": "2999-01-01"}, "cannot be dated in the future"),
        ({"watched_on": "2025-01-01", "rating": "11"}, "Select a valid choice."),
        ({"watched_on": "2025-01-01", "film": "no-such-film"}, "No film has"),
        ({"watched_on": "2025-01-01", "tags": "x" * 60}, "at most 50 characters"),
    ],
)
def test_a_bad_viewing_is_a_400_with_a_message(client, member, heat, fields, message):
    response = client.post("/me/diary/new/", {"film": "heat-1995", **fields})
    assert response.status_code == 400
    assert message in response.content.decode()
    json_response = client.post(
        "/me/diary/new/",
        {"film": "heat-1995", **fields},
        headers={"Accept": "application/json"},
    )
    assert json_response.status_code == 400
    assert message in str(json_response.json()["errors"])
    assert not DiaryEntry.objects.exists()


def test_the_log_page_needs_a_film(client, member):
    assert client.get("/me/diary/new/").status_code == 404
    assert client.get("/me/diary/new/?film=no-such-film").status_code == 404


def test_writes_need_the_csrf_token(member, heat):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    response = strict.post("/me/watchlist/heat-1995/add/")
    assert response.status_code == 403
    assert not WatchlistEntry.objects.exists()


def test_deleting_a_diary_entry(client, member, heat):
    entry = log(member, heat, datetime.date(2025, 3, 1))
    response = client.post(f"/me/diary/{entry.pk}/delete/")
    assert response.status_code == 302
    assert not DiaryEntry.objects.exists()
    assert client.post(f"/me/diary/{entry.pk}/delete/").status_code == 404
    assert client.get(f"/me/diary/{entry.pk}/delete/").status_code == 405


@pytest.fixture
def watchlist(member, heat):
    """Heat (1995, 170 min, crime, rated 4.5), Thief (1981, 123 min, crime),
    Manhunter (1986, 120 min, rated 3), Ali (2001, no runtime), added in that order."""
    thief = factories.make_film(title="Thief", year=1981, slug="thief", runtime=123)
    thief.genres.add(factories.make_genre("Crime"))
    manhunter = factories.make_film(
        title="Manhunter", year=1986, slug="manhunter", runtime=120
    )
    ali = factories.make_film(title="Ali", year=2001, slug="ali")
    for film in (heat, thief, manhunter, ali):
        ratings.watchlist_add(user=member, film=film)
    ratings.rating_set(user=factories.make_user(), film=heat, value=9)
    ratings.rating_set(user=factories.make_user(), film=manhunter, value=6)
    return member


def titles(client, query: str = "") -> list[str]:
    response = client.get(f"/me/watchlist/?{query}")
    assert response.status_code == 200, response.content
    html = response.content.decode()
    return [
        part.split("</span>")[0]
        for part in html.split('<span class="card__title">')[1:]
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Ali", "Manhunter", "Thief", "Heat"]),
        ("sort=title", ["Ali", "Heat", "Manhunter", "Thief"]),
        ("sort=year", ["Thief", "Manhunter", "Heat", "Ali"]),
        ("sort=runtime", ["Manhunter", "Thief", "Heat", "Ali"]),
        ("sort=rating", ["Heat", "Manhunter", "Ali", "Thief"]),
        ("genre=crime&sort=title", ["Heat", "Thief"]),
        ("decade=1980&sort=title", ["Manhunter", "Thief"]),
        ("runtime=short", []),
        ("runtime=medium&sort=title", ["Manhunter"]),
        ("runtime=long&sort=title", ["Heat", "Thief"]),
    ],
)
def test_the_watchlist_sorts_and_filters(client, watchlist, query, expected):
    assert titles(client, query) == expected


def test_a_film_taken_off_the_watchlist_by_rating_it(client, watchlist, heat):
    ratings.rating_set(user=watchlist, film=heat, value=8)
    assert "Heat" not in titles(client)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=popularity", "Unknown sort"),
        ("decade=1985", "multiple of ten"),
        ("runtime=epic", "Unknown runtime"),
        ("genre=no-such-genre", "no genre"),
        ("page=99", "page"),
    ],
)
def test_a_bad_watchlist_parameter_is_a_400_with_a_message(
    client, watchlist, query, message
):
    response = client.get(f"/me/watchlist/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_add_and_remove_without_javascript_go_back_where_they_came_from(
    client, member, heat
):
    response = client.post(
        "/me/watchlist/heat-1995/add/", {"next": "/films/heat-1995/"}
    )
    assert response["Location"] == "/films/heat-1995/"
    assert WatchlistEntry.objects.filter(user=member).count() == 1
    response = client.post(
        "/me/watchlist/heat-1995/remove/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/me/watchlist/"
    assert not WatchlistEntry.objects.exists()
    assert client.post("/me/watchlist/no-such-film/add/").status_code == 404


def test_writes_are_rate_limited(client, member, heat, frozen_window):
    for _ in range(60):
        assert client.post("/me/watchlist/heat-1995/add/").status_code == 302
    response = client.post("/me/watchlist/heat-1995/add/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
