from __future__ import annotations

import pytest

from cinematheque.recommendations.services import recommendations_rebuild
from tests.recommendations.world import World


def _similar(client, film_id: object):
    return client.get(f"/api/v1/films/{film_id}/similar")


def test_similar_films_come_in_the_page_order_with_their_reasons(client, world: World):
    recommendations_rebuild()

    response = _similar(client, world.heat.pk)

    assert response.status_code == 200
    items = response.json()["items"]
    assert 8 <= len(items) <= 12
    collateral = next(i for i in items if i["film"]["title"] == "Collateral")
    assert collateral == {
        "film": {
            "id": world.collateral.pk,
            "slug": world.collateral.slug,
            "title": "Collateral",
            "year": 2004,
            "url": f"/films/{world.collateral.slug}/",
        },
        "reason": "Also directed by Michael Mann",
    }
    ids = [item["film"]["id"] for item in items]
    assert world.heat.pk not in ids
    assert world.heat_twin.pk not in ids


def test_similar_films_are_read_in_one_query(
    client, world: World, django_assert_num_queries
):
    recommendations_rebuild()

    with django_assert_num_queries(1):
        response = _similar(client, world.heat.pk)

    assert len(response.json()["items"]) == 12


def test_a_film_without_a_list_yet_has_no_similar_films(client, world: World):
    response = _similar(client, world.heat.pk)

    assert response.status_code == 200
    assert response.json() == {"items": []}


def test_an_unknown_film_is_a_404_with_a_message(client, db):
    response = _similar(client, 987654)

    assert response.status_code == 404
    assert response.json()["detail"] == "No film with id 987654."


@pytest.mark.parametrize("film_id", ["heat", "0", "-3", "99999999999999999999999"])
def test_a_bad_film_id_is_a_400_with_a_message(client, db, film_id: str):
    response = _similar(client, film_id)

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["detail"].startswith("film_id: ")


def test_similar_films_are_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/films/{film_id}/similar"]["get"]
    assert operation["operationId"] == "listSimilarFilms"
