"""Genre centrality: how much a genre defines a film, and the genre pages' order."""

import io
import re

import pytest
from django.core.management import call_command

from cinematheque.catalogue.centrality import (
    CentralityInput,
    compute_centrality,
    genres_named_in,
    register_evidence,
)
from cinematheque.catalogue.models import FilmGenre
from cinematheque.people.models import Credit
from tests import factories
from tests.catalogue.html import element_text, meta_content

CRIME, COMEDY, ROMANCE, DRAMA = 1, 2, 3, 4
DIRECTOR, STAR = 100, 101


def card_titles(html: str) -> list[str]:
    return re.findall(r'<span class="card__title">([^<]*)</span>', html)


def world(**overrides) -> CentralityInput:
    """Film 1 is tagged crime and comedy; its director made crime films (2-4) and its
    star comedies (5-6), so the director (weight 2) decides."""
    genres = {
        1: [CRIME, COMEDY],
        2: [CRIME],
        3: [CRIME, DRAMA],
        4: [CRIME],
        5: [COMEDY],
        6: [COMEDY, ROMANCE],
        7: [ROMANCE],
        8: [DRAMA],
    }
    makers = {
        1: [(DIRECTOR, 2.0), (STAR, 1.0)],
        2: [(DIRECTOR, 2.0)],
        3: [(DIRECTOR, 2.0)],
        4: [(DIRECTOR, 2.0)],
        5: [(STAR, 1.0)],
        6: [(STAR, 1.0)],
    }
    data = {
        "genres": genres,
        "makers": makers,
        "notability": dict.fromkeys(genres, 50.0),
    }
    return CentralityInput(**(data | overrides))


def test_a_film_with_one_genre_is_fully_central_to_it():
    result = compute_centrality(world())
    assert result[(2, CRIME)].centrality == 1.0
    assert result[(2, CRIME)].rank == 50.0


def test_the_makers_other_films_decide_between_a_films_genres():
    result = compute_centrality(world())
    assert result[(1, CRIME)].centrality == 1.0
    assert result[(1, COMEDY)].centrality < 1.0
    assert result[(1, COMEDY)].rank < result[(1, CRIME)].rank


def test_without_makers_each_genre_counts_by_its_share_and_commonness():
    result = compute_centrality(world(makers={}))
    # Crime (4 films) is more common than comedy (3): the one the catalogue knows better.
    assert result[(1, CRIME)].centrality == 1.0
    assert 0 < result[(1, COMEDY)].centrality < 1.0


def test_editorial_evidence_and_agreeing_sources_raise_a_genre():
    plain = compute_centrality(world())[(1, COMEDY)].centrality
    collected = compute_centrality(world(evidence={(1, COMEDY)}))[(1, COMEDY)]
    agreed = compute_centrality(world(source_counts={(1, COMEDY): 3}))[(1, COMEDY)]
    assert collected.centrality > plain
    assert agreed.centrality > plain


def test_rank_combines_notability_with_centrality():
    notability = dict.fromkeys(range(1, 9), 10.0) | {1: 90.0}
    result = compute_centrality(world(notability=notability))
    # Film 1 is famous but a comedy only in part; film 5 is a modest pure comedy.
    assert result[(1, COMEDY)].rank < 90.0
    assert result[(5, COMEDY)].rank == 10.0


@pytest.mark.django_db
def test_genre_names_are_found_as_words_in_titles():
    crime = factories.make_genre("Crime")
    scifi = factories.make_genre("Sci-Fi")
    found = genres_named_in(
        [(1, "Crime cinema"), (2, "Classic sci-fi"), (3, "Crimean war films")]
    )
    assert found == {(1, crime.pk), (2, scifi.pk)}


@pytest.fixture
def crime_shelf(db):
    """A famous film tagged with five genres, crime among them, by people who never
    made a crime film; and a modest crime film by a crime director."""
    genres = {
        name: factories.make_genre(name)
        for name in ("Crime", "Comedy", "Romance", "Adventure", "Drama")
    }
    auteur, gangster_director = factories.make_person(), factories.make_person()
    caper = factories.make_film(title="Hotel Caper", notability=95)
    caper.genres.add(*genres.values())
    factories.make_credit(film=caper, person=auteur, department=Credit.Department.DIRECTING)  # fmt: skip
    for n in range(3):
        comedy = factories.make_film(title=f"Comedy {n}", notability=20)
        comedy.genres.add(genres["Comedy"])
        factories.make_credit(film=comedy, person=auteur, department=Credit.Department.DIRECTING)  # fmt: skip
    gangsters = factories.make_film(title="Gangsters", notability=60)
    gangsters.genres.add(genres["Crime"], genres["Drama"])
    factories.make_credit(film=gangsters, person=gangster_director, department=Credit.Department.DIRECTING)  # fmt: skip
    for n in range(3):
        heist = factories.make_film(title=f"Heist {n}", notability=10)
        heist.genres.add(genres["Crime"])
        factories.make_credit(film=heist, person=gangster_director, department=Credit.Department.DIRECTING)  # fmt: skip
    return {"caper": caper, "gangsters": gangsters, **genres}


def test_the_genre_page_opens_with_the_films_central_to_it(client, crime_shelf):
    before = card_titles(client.get("/genres/crime/").content.decode())
    assert before[0] == "Hotel Caper"  # nothing computed yet: notability order

    out = io.StringIO()
    call_command("refresh_genre_centrality", stdout=out)

    assert "changed" in out.getvalue()
    titles = card_titles(client.get("/genres/crime/").content.decode())
    assert titles.index("Gangsters") < titles.index("Hotel Caper")
    # The browse page and the API filtered by genre share the order.
    browse = card_titles(client.get("/films/?genre=crime").content.decode())
    assert browse == titles
    api = client.get("/api/v1/films", {"genre": "crime"}).json()["items"]
    assert [item["title"] for item in api] == titles
    # Asked for, notability order is still there.
    by_notability = client.get("/genres/crime/?sort=-notability").content.decode()
    assert card_titles(by_notability)[0] == "Hotel Caper"


def test_most_central_without_a_genre_is_the_notability_order(client, crime_shelf):
    call_command("refresh_genre_centrality", stdout=io.StringIO())
    central = card_titles(client.get("/films/?sort=-centrality").content.decode())
    notable = card_titles(client.get("/films/").content.decode())
    assert central == notable
    assert central[0] == "Hotel Caper"
    api = client.get("/api/v1/films", {"sort": "-centrality"})
    assert [item["title"] for item in api.json()["items"]] == central


def test_refresh_writes_only_what_changed(crime_shelf):
    call_command("refresh_genre_centrality", stdout=io.StringIO())
    out = io.StringIO()
    call_command("refresh_genre_centrality", stdout=out)
    assert ", 0 changed." in out.getvalue()


def test_registered_evidence_is_read_on_refresh(crime_shelf):
    caper, comedy = crime_shelf["caper"], crime_shelf["Comedy"]
    call_command("refresh_genre_centrality", stdout=io.StringIO())
    before = FilmGenre.objects.get(film=caper, genre=crime_shelf["Crime"]).centrality

    register_evidence(lambda: {(caper.pk, crime_shelf["Crime"].pk)})
    try:
        call_command("refresh_genre_centrality", stdout=io.StringIO())
    finally:
        from cinematheque.catalogue import centrality

        centrality._evidence_providers.pop()
    after = FilmGenre.objects.get(film=caper, genre=crime_shelf["Crime"]).centrality
    assert after > before
    assert FilmGenre.objects.filter(film=caper, genre=comedy).exists()


def test_heading_tags_the_three_most_central_genres_and_facts_list_all(
    client, crime_shelf
):
    caper = crime_shelf["caper"]
    call_command("refresh_genre_centrality", stdout=io.StringIO())
    shown = dict(
        FilmGenre.objects.filter(film=caper).values_list("genre__name", "centrality")
    )
    top_three = sorted(shown, key=lambda name: -shown[name])[:3]

    html = client.get(caper.get_absolute_url()).content.decode()

    heading = re.search(r'<span class="film-meta__genres">(.*?)</span>', html, re.S)
    assert heading is not None
    tags = re.findall(r">([^<]+)</a>", heading.group(1))
    assert sorted(tags) == sorted(top_three)
    facts = element_text(html, "facts")
    assert all(name in facts for name in shown)


def test_the_page_description_names_the_most_central_genre(client, crime_shelf):
    caper = crime_shelf["caper"]
    call_command("refresh_genre_centrality", stdout=io.StringIO())
    top = FilmGenre.objects.filter(film=caper).order_by("-centrality").first()
    assert top is not None
    assert top.genre.name == "Comedy"  # its director makes comedies

    html = client.get(caper.get_absolute_url()).content.decode()

    assert meta_content(html, "name", "description").startswith(
        "Hotel Caper (1995), a comedy film"
    )


def test_sort_menus_start_on_most_central(client, crime_shelf):
    genre_page = client.get("/genres/crime/").content.decode()
    assert '<option value="-centrality" selected>Most central to the genre<' in (
        genre_page
    )
    browse = client.get("/films/").content.decode()
    menu = browse.split('id="f-sort"', 1)[1].split("</select>", 1)[0]
    assert (
        '<option value="-centrality" selected>Most central, else most notable<'
    ) in menu
    by_year = client.get("/films/?sort=-year").content.decode()
    assert '<option value="-year" selected>' in by_year
