"""The film's age rating for the visitor's country: every country's rating rides in
the cached page, and a small script shows the one of the visitor's country."""

from __future__ import annotations

import json
import re

import pytest

from cinematheque.catalogue.models import Certification
from tests import factories


@pytest.fixture
def heat(db):
    source = factories.make_source(key="tmdb", name="TMDB")
    film = factories.make_film(
        title="Heat", year=1995, certification="R", certification_country="US"
    )
    for country, rating in (("US", "R"), ("FR", "-12"), ("DE", "16")):
        Certification.objects.create(
            film=film, country=country, rating=rating, source=source
        )
    return film


def certifications_in(html: str) -> dict[str, str]:
    match = re.search(
        r'<script id="film-certifications" type="application/json">(.*?)</script>',
        html,
    )
    assert match, "no certifications in the page"
    return json.loads(match.group(1))


def test_the_page_carries_every_countrys_rating(client, heat):
    html = client.get(heat.get_absolute_url()).content.decode()
    assert certifications_in(html) == {"DE": "16", "FR": "-12", "US": "R"}
    assert 'data-certifications="film-certifications"' in html
    assert "catalogue/certification" in html
    # Without the script: the catalogue's own certification.
    assert '<span class="badge">R</span>' in html


def test_a_film_rated_in_one_country_needs_no_script(client, db):
    film = factories.make_film(title="Thief", certification="R")
    html = client.get(film.get_absolute_url()).content.decode()
    assert "film-certifications" not in html


def test_the_ratings_cost_the_film_page_no_query(
    client, heat, django_assert_max_num_queries, settings
):
    from tests.catalogue.test_film_page import MAX_FILM_PAGE_QUERIES

    settings.PAGE_CACHE_ENABLED = False
    with django_assert_max_num_queries(MAX_FILM_PAGE_QUERIES):
        client.get(heat.get_absolute_url())
