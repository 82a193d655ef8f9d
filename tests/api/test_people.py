"""GET /api/v1/people/{person_id} and /people/by-slug/{slug}."""

from __future__ import annotations

import pytest

from cinematheque.people.models import Credit
from tests import factories


def test_person_has_the_documented_shape(client, heat):
    response = client.get(f"/api/v1/people/{heat.pacino.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": heat.pacino.pk,
        "slug": "al-pacino",
        "name": "Al Pacino",
        "url": "/people/al-pacino/",
        "external_ids": {"imdb": None, "tmdb": None, "wikidata": None},
        "filmography": [
            {
                "department": "acting",
                "label": "Cast",
                "credits": [
                    {
                        "film": {
                            "id": heat.film.pk,
                            "slug": "heat-1995",
                            "title": "Heat",
                            "year": 1995,
                            "url": "/films/heat-1995/",
                        },
                        "job": "Actor",
                        "character": "Vincent Hanna",
                    }
                ],
            }
        ],
        "sources": [],
    }


def test_filmography_is_grouped_by_role_with_newest_films_first(client, heat):
    undated = factories.make_film(title="Untitled project", year=None)
    factories.make_credit(
        film=undated, person=heat.mann, department=Credit.Department.DIRECTING
    )

    groups = client.get(f"/api/v1/people/{heat.mann.pk}").json()["filmography"]

    # Directing has the most credits, so it comes first.
    assert [(group["department"], group["label"]) for group in groups] == [
        ("directing", "Directing"),
        ("writing", "Writing"),
    ]
    assert [c["film"]["title"] for c in groups[0]["credits"]] == [
        "Heat",
        "L.A. Takedown",
        "Untitled project",
    ]
    assert groups[1]["credits"][0]["job"] == "Screenplay"
    assert groups[1]["credits"][0]["character"] is None


def test_person_shows_external_ids_and_source(client, heat):
    person = factories.make_person(
        name="Ed Begley Jr.",
        imdb_id="nm0000893",
        wikidata_id="Q1284478",
        source=heat.wikidata,
    )

    data = client.get(f"/api/v1/people/{person.pk}").json()

    assert data["slug"].startswith("ed-begley-jr")
    assert data["external_ids"] == {
        "imdb": "nm0000893",
        "tmdb": None,
        "wikidata": "Q1284478",
    }
    assert [source["attribution"] for source in data["sources"]] == [
        "Wikidata contributors, CC0"
    ]
    assert data["filmography"] == []


def test_person_by_slug_returns_the_same_document_as_by_id(client, heat):
    by_id = client.get(f"/api/v1/people/{heat.mann.pk}")
    by_slug = client.get("/api/v1/people/by-slug/michael-mann")

    assert by_slug.status_code == 200
    assert by_slug.json() == by_id.json()


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/v1/people/424242", "No person with id 424242."),
        ("/api/v1/people/by-slug/nobody", "No person with slug 'nobody'."),
    ],
)
def test_unknown_person_is_a_json_404(client, db, url, detail):
    response = client.get(url)

    assert response.status_code == 404
    assert response.json()["detail"] == detail
    assert response.json()["status"] == 404


def test_person_query_count_does_not_grow_with_filmography(
    client, db, django_assert_num_queries
):
    person = factories.make_person()
    factories.make_credit(film=factories.make_film(), person=person)
    with django_assert_num_queries(2):  # the person, then credits with their films
        client.get(f"/api/v1/people/{person.pk}")
    for department in (Credit.Department.ACTING, Credit.Department.WRITING):
        for _ in range(30):
            factories.make_credit(
                film=factories.make_film(), person=person, department=department
            )

    with django_assert_num_queries(2):
        response = client.get(f"/api/v1/people/{person.pk}")
    assert [len(g["credits"]) for g in response.json()["filmography"]] == [31, 30]
