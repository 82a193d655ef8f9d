"""A published collection named after a genre makes the genre central to its films."""

import io

import pytest
from django.core.management import call_command

from cinematheque.catalogue.models import FilmGenre
from cinematheque.editorial import services
from cinematheque.editorial.genre_evidence import collection_genre_evidence
from cinematheque.editorial.models import Collection, CollectionItem
from tests import factories

pytestmark = pytest.mark.django_db


def collect(film, *, title: str, publish: bool) -> None:
    collection = Collection(slug="collection", title=title)
    services.piece_save(piece=collection, author=None)
    CollectionItem.objects.create(collection=collection, film=film, order=1)
    if publish:
        services.piece_publish(piece=collection, author=None)


def test_published_crime_collection_raises_crime_for_its_films():
    crime, comedy = factories.make_genre("Crime"), factories.make_genre("Comedy")
    caper = factories.make_film(title="Caper", notability=50)
    caper.genres.add(crime, comedy)
    factories.make_film(title="Farce").genres.add(comedy)  # comedy is more common
    call_command("refresh_genre_centrality", stdout=io.StringIO())
    before = FilmGenre.objects.get(film=caper, genre=crime).centrality

    collect(caper, title="Crime: the essentials", publish=True)
    call_command("refresh_genre_centrality", stdout=io.StringIO())

    assert collection_genre_evidence() == {(caper.pk, crime.pk)}
    assert FilmGenre.objects.get(film=caper, genre=crime).centrality > before


def test_a_draft_collection_is_no_evidence():
    crime = factories.make_genre("Crime")
    caper = factories.make_film(title="Caper")
    caper.genres.add(crime)
    collect(caper, title="Crime cinema", publish=False)
    assert collection_genre_evidence() == set()
