from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.services import recommendations_rebuild
from tests.catalogue.html import element_text
from tests.recommendations.world import World


def _page(client, film) -> str:
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_film_page_lists_films_to_watch_with_their_reasons(client, world: World):
    recommendations_rebuild()

    section = element_text(_page(client, world.heat), "recommendations")

    assert "Don\u2019t forget to watch" in section
    assert "Collateral 2004 Also directed by Michael Mann" in section
    assert "Casino 1995" in section
    first = Recommendation.objects.for_film(world.heat).first()
    assert section.index(first.recommended.title) < section.index("Casino")


def test_film_page_shows_posters_linking_to_each_film(client, world: World):
    recommendations_rebuild()

    html = _page(client, world.heat)

    assert f'href="/films/{world.collateral.slug}/"' in html
    assert f'src="/posters/{world.collateral.slug}.svg"' in html


def test_film_page_reads_its_list_in_one_query_whatever_its_length(
    client, world: World, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # count the render's queries only
    with CaptureQueriesContext(connection) as without_list:
        _page(client, world.heat)
    recommendations_rebuild()

    with django_assert_num_queries(len(without_list)):
        html = _page(client, world.heat)

    assert element_text(html, "recommendations").count("Also directed by") >= 2


def test_film_page_without_a_list_says_so(client, world: World):
    section = element_text(_page(client, world.heat), "recommendations")

    assert "No suggestions for what to watch next yet." in section


def test_reasons_are_escaped_on_the_page(client, world: World):
    Recommendation.objects.create(
        film=world.heat,
        recommended=world.thief,
        rank=1,
        score=1.0,
        kind=Recommendation.Kind.CAST,
        reason='<script>alert("x")</script> again',
        computed_at=timezone.now(),
    )

    html = _page(client, world.heat)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; again" in html


def test_person_page_shows_where_to_start(client, world: World):
    response = client.get(world.mann.get_absolute_url())

    section = element_text(response.content.decode(), "where-to-start")
    assert section.startswith("Where to start")
    assert "Heat 1995 Directed" in section
    assert section.count("Heat") == 1  # Heat's duplicate record is not offered twice


def test_person_page_where_to_start_favours_leading_roles(client, world: World):
    response = client.get(world.kilmer.get_absolute_url())

    section = element_text(response.content.decode(), "where-to-start")
    # Kilmer leads A Comedy and is third in Heat: both are leading roles.
    assert "A Comedy 1995 Lead role" in section
    assert "Heat 1995 Lead role" in section
