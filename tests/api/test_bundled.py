"""The API over the whole bundled open catalogue (imported once per session)."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import Film

pytestmark = pytest.mark.bundled


def test_heat_is_served_with_its_leads_director_and_attribution(
    client, bundled_catalogue, db
):
    response = client.get("/api/v1/films/by-slug/heat-1995")

    assert response.status_code == 200
    film = response.json()
    leads = {credit["person"]["name"] for credit in film["credits"]["cast"][:3]}
    assert {"Al Pacino", "Robert De Niro"} <= leads
    assert ("directing", "Michael Mann") in {
        (credit["department"], credit["person"]["name"])
        for credit in film["credits"]["crew"]
    }
    assert film["external_ids"]["wikidata"] == "Q42198"
    assert "Wikidata contributors, CC0" in {s["attribution"] for s in film["sources"]}


def test_browse_filters_and_score_sort_on_the_real_catalogue(
    client, bundled_catalogue, db
):
    response = client.get(
        "/api/v1/films",
        {"genre": "crime", "decade": "1990", "sort": "-score", "limit": 100},
    )

    assert response.status_code == 200
    page = response.json()
    assert page["count"] > 100
    assert len(page["items"]) == 100
    assert all(1990 <= item["year"] <= 1999 for item in page["items"])
    assert all(
        "crime" in {genre["slug"] for genre in item["genres"]} for item in page["items"]
    )
    # Highest critics' score first: the Tomatometer's Wilson lower bound.
    ids = [item["id"] for item in page["items"]]
    scores = dict(Film.objects.filter(pk__in=ids).values_list("pk", "critics_score"))
    ordered = [scores[pk] if scores[pk] is not None else -1 for pk in ids]
    assert ordered == sorted(ordered, reverse=True)


def test_person_filmography_on_the_real_catalogue(client, bundled_catalogue, db):
    response = client.get("/api/v1/people/by-slug/al-pacino")

    assert response.status_code == 200
    groups = {g["department"]: g["credits"] for g in response.json()["filmography"]}
    films = [credit["film"] for credit in groups["acting"]]
    assert "heat-1995" in {film["slug"] for film in films}
    years = [film["year"] for film in films if film["year"] is not None]
    assert years == sorted(years, reverse=True)
