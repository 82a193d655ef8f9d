"""Genre pages and the critics' score order on the whole bundled catalogue."""

import re

import pytest

from cinematheque.catalogue.browse import BrowseParams
from cinematheque.catalogue.models import Film, ReviewScore
from cinematheque.catalogue.views import FILMS_PER_PAGE
from tests.catalogue.html import element_text

pytestmark = [pytest.mark.bundled, pytest.mark.django_db]

SMALL_SAMPLE = 8  # reviews


def card_titles(html: str) -> list[str]:
    return re.findall(r'<span class="card__title">([^<]*)</span>', html)


def test_crime_opens_with_crime_films(client, bundled_catalogue):
    titles = card_titles(client.get("/genres/crime/").content.decode())

    assert len(titles) == FILMS_PER_PAGE
    assert "Goodfellas" in titles
    assert "Pulp Fiction" in titles
    if "The Grand Budapest Hotel" in titles:
        budapest = titles.index("The Grand Budapest Hotel")
        assert budapest > titles.index("Goodfellas")
        assert budapest > titles.index("Pulp Fiction")
    browse = card_titles(client.get("/films/?genre=crime").content.decode())
    assert browse == titles


def test_heat_is_tagged_with_its_three_most_central_genres(client, bundled_catalogue):
    html = client.get("/films/heat-1995/").content.decode()

    heading = re.search(r'<span class="film-meta__genres">(.*?)</span>', html, re.S)
    assert heading is not None
    tags = re.findall(r">([^<]+)</a>", heading.group(1))
    assert len(tags) == 3
    assert "Crime" in tags
    facts = element_text(html, "facts")
    for genre in ("Action", "Adventure", "Crime", "Drama", "History", "Mystery"):
        assert genre in facts


def test_a_few_perfect_reviews_do_not_beat_pulp_fiction(client, bundled_catalogue):
    ordered = list(
        BrowseParams.parse({"sort": "-score"})
        .apply(Film.objects.all())
        .values_list("pk", "title")
    )
    pulp = [title for _, title in ordered].index("Pulp Fiction")
    counts = dict(
        ReviewScore.objects.filter(kind=ReviewScore.Kind.TOMATOMETER).values_list(
            "film_id", "review_count"
        )
    )
    assert all((counts.get(pk) or 0) > SMALL_SAMPLE for pk, _ in ordered[:pulp])
    assert any(
        (counts.get(pk) or 0) <= SMALL_SAMPLE for pk, _ in ordered[pulp:]
    )  # such films exist, and come after
    html = client.get("/films/?sort=-score").content.decode()
    assert re.search(r"\d+% of \d+ reviews", html)


def test_critics_favourites_come_from_every_decade(client, bundled_catalogue):
    html = client.get("/").content.decode()

    section = html.split('id="critics-title"', 1)[1].split("</section>", 1)[0]
    titles = card_titles(section)
    years = Film.objects.filter(title__in=titles).values_list("year", flat=True)
    assert len({year // 10 for year in years}) >= 7
