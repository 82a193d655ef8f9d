"""GET /api/v1/films/{slug}/watch-offers: the film page's offers of a region as JSON."""

from __future__ import annotations

import pytest

from tests.watch.conftest import watch_sample  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_offers_of_a_region_grouped_and_ordered(client, watch_sample):  # noqa: F811
    response = client.get(
        "/api/v1/films/avengers-infinity-war-2018/watch-offers?region=de"
    )

    assert response.status_code == 200
    data = response.json()
    assert (data["region"], data["country"], data["state"]) == (
        "DE",
        "Germany",
        "offers",
    )
    assert [group["kind"] for group in data["groups"]] == ["flatrate", "rent", "buy"]
    first_rent = data["groups"][1]["offers"][0]
    assert first_rent == {
        "provider": "Apple TV",
        "provider_id": "2",
        "logo_url": "https://image.tmdb.org/t/p/w92/peURlLlr8jggOwK53fJ5wdQl05y.jpg",
        "link": "https://www.themoviedb.org/movie/299536-avengers-infinity-war/"
        "watch?locale=DE",
        "display_priority": 4,
    }
    assert data["fetched_at"].startswith("2026-11-28T09:30:00")
    assert data["regions"] == ["BE", "CA", "CY", "DE"]
    assert data["attribution"] == "Data by JustWatch"
    assert "public" in response["Cache-Control"]


def test_honest_states(client, watch_sample, settings):  # noqa: F811
    settings.CINEMATHEQUE_REGION = "FR"
    cases = {
        watch_sample.avengers.slug: "none_here",
        watch_sample.unfetched.slug: "not_fetched",
        watch_sample.untied.slug: "no_tmdb",
    }
    for slug, state in cases.items():
        data = client.get(f"/api/v1/films/{slug}/watch-offers").json()
        assert (data["region"], data["state"], data["groups"]) == ("FR", state, [])


@pytest.mark.parametrize("region", ["FRA", "zz", "", "1", "<b>"])
def test_bad_region_is_400_with_a_message(client, watch_sample, region):  # noqa: F811
    response = client.get(
        f"/api/v1/films/avengers-infinity-war-2018/watch-offers?region={region}"
    )

    assert response.status_code == 400
    assert "ISO 3166-1" in response.json()["detail"]


def test_unknown_film_is_404(client, db):
    response = client.get("/api/v1/films/no-such-film/watch-offers?region=FR")

    assert response.status_code == 404
