"""TMDB's translations: stored per language, listed on the film page, and the
overview in one language served to the synopsis's language switch."""

from __future__ import annotations

import datetime
import json

import pytest

from cinematheque.catalogue.models import Film, Translation
from cinematheque.ingest import tmdb
from cinematheque.ingest.records import Translation as TranslationRecord
from cinematheque.ingest.services import translations_store
from tests import factories
from tests.ingest.tmdb_replay import FIXTURES

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def store(film: Film, source, *records: TranslationRecord) -> bool:
    return translations_store(
        film=film, translations=records, source=source, retrieved_at=NOW
    )


@pytest.fixture
def heat(db):
    source = factories.make_source(key="tmdb", name="TMDB")
    film = factories.make_film(
        title="Heat", year=1995, slug="heat-1995", overview="A crew of thieves."
    )
    store(
        film,
        source,
        TranslationRecord(
            "fr", "FR", title="Heat", overview="Une bande de <b>voleurs</b>."
        ),
        TranslationRecord("pt", "BR", overview="Um grupo.\n\nSegundo parágrafo."),
        TranslationRecord("de", "DE", title="Heat"),  # a title only: no overview
    )
    film.refresh_from_db()
    return film


def test_translations_block_maps_to_records():
    data = json.loads((FIXTURES / "movie_550_append.json").read_text())

    record = tmdb.film_record(data)

    (german,) = record.translations
    assert (german.tag, german.title, german.overview) == (
        "de-DE",
        "Fight Club",
        "Ein Büroangestellter.",
    )


def test_an_answer_without_the_block_maps_to_none():
    data = json.loads((FIXTURES / "movie_949.json").read_text())

    assert tmdb.film_record(data).translations is None


def test_languages_with_an_overview_are_listed_on_the_film(heat):
    assert heat.synopsis_languages == "fr-FR pt-BR"
    assert Translation.objects.filter(film=heat).count() == 3


def test_storing_the_same_translations_again_changes_nothing(heat):
    source = Translation.objects.filter(film=heat).first().source
    same = [
        TranslationRecord(t.language, t.country, t.title, t.overview, t.tagline)
        for t in Translation.objects.filter(film=heat)
    ]
    assert store(heat, source, *same) is False


def test_a_translation_the_source_dropped_goes(heat):
    source = Translation.objects.filter(film=heat).first().source

    store(heat, source, TranslationRecord("fr", "FR", overview="Une bande."))

    heat.refresh_from_db()
    assert heat.synopsis_languages == "fr-FR"
    assert list(
        Translation.objects.filter(film=heat).values_list("language", flat=True)
    ) == ["fr"]


def test_the_overview_in_one_language_is_served_as_json(client, heat):
    response = client.get("/films/heat-1995/synopsis/fr-FR.json")

    assert response.status_code == 200
    assert response.json() == {
        "language": "fr-FR",
        "title": "Heat",
        "overview": "Une bande de <b>voleurs</b>.",
        "tagline": "",
        "source": "TMDB",
    }
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/films/heat-1995/synopsis/de-DE.json",  # a title, no overview
        "/films/heat-1995/synopsis/ja-JP.json",
        "/films/heat-1995/synopsis/FR-fr.json",
        "/films/heat-1995/synopsis/fr-FR%3Cscript%3E.json",
        "/films/no-such-film/synopsis/fr-FR.json",
    ],
)
def test_a_missing_or_malformed_language_is_a_404(client, heat, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "error" in response.json()


def test_the_film_page_offers_the_languages_and_loads_the_script(client, heat):
    html = client.get("/films/heat-1995/").content.decode()

    assert '<option value="fr-FR" lang="fr-FR">français (FR)</option>' in html
    assert '<option value="pt-BR" lang="pt-BR">Português (BR)</option>' in html
    assert 'value="de-DE"' not in html
    assert 'data-base="/films/heat-1995/synopsis/"' in html
    assert "catalogue/synopsis_languages" in html
    assert '<div class="prose" lang="en" data-synopsis-text>' in html


def test_a_film_without_translations_has_no_switch(client, db):
    factories.make_film(title="Alone", year=1990, slug="alone-1990", overview="Text.")

    html = client.get("/films/alone-1990/").content.decode()

    assert "data-synopsis-switch" not in html
    assert "synopsis_languages" not in html
