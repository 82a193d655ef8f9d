"""The film page's <head>: the description sentence and the share card tags."""

import pytest

from tests import factories
from tests.catalogue.html import meta_content

pytestmark = pytest.mark.django_db


def description_of(client, film) -> str:
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    return meta_content(response.content.decode(), "name", "description")


def test_description_says_an_action_film(client):
    film = factories.make_film(title="Speed", year=1994, slug="speed-1994")
    film.genres.add(factories.make_genre("Action"))
    assert description_of(client, film).startswith("Speed (1994), an action film")


def test_description_says_a_crime_film(client):
    film = factories.make_film(title="Thief", year=1981, slug="thief-1981")
    film.genres.add(factories.make_genre("Crime"))
    assert description_of(client, film).startswith("Thief (1981), a crime film")
