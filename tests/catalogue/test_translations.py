"""TMDB's translations: stored per language, listed on the film page, and the
title, overview and tagline in one language served to the language switch."""

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
        TranslationRecord("it", "IT", title="Heat - La sfida"),  # a title of its own
        TranslationRecord("es", "ES", tagline="Un golpe más."),  # a tagline only
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


def test_languages_with_an_overview_tagline_or_title_of_their_own_are_listed(heat):
    # German gives only "Heat", the film's own title: nothing to show.
    assert heat.synopsis_languages == "es-ES fr-FR it-IT pt-BR"
    assert Translation.objects.filter(film=heat).count() == 5


def test_a_title_like_the_original_title_adds_nothing(db):
    source = factories.make_source(key="tmdb", name="TMDB")
    film = factories.make_film(
        title="Contempt", original_title="Le Mépris", year=1963, slug="contempt"
    )
    store(film, source, TranslationRecord("fr", "FR", title=" le mépris "))

    film.refresh_from_db()
    assert film.synopsis_languages == ""


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


def test_the_title_and_tagline_are_served_with_the_overview(client, heat):
    source = Translation.objects.filter(film=heat).first().source
    store(
        heat,
        source,
        TranslationRecord(
            "fr",
            "FR",
            title="Heat, la traque",
            overview="Une bande.",
            tagline="Un <i>face-à-face</i>.",
        ),
    )

    data = client.get("/films/heat-1995/synopsis/fr-FR.json").json()

    assert (data["title"], data["overview"], data["tagline"]) == (
        "Heat, la traque",
        "Une bande.",
        "Un <i>face-à-face</i>.",  # as text: the script never parses it as HTML
    )


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("it-IT", {"title": "Heat - La sfida", "overview": "", "tagline": ""}),
        ("es-ES", {"title": "", "overview": "", "tagline": "Un golpe más."}),
    ],
)
def test_a_language_without_an_overview_is_served_with_what_it_has(
    client, heat, tag, expected
):
    response = client.get(f"/films/heat-1995/synopsis/{tag}.json")

    assert response.status_code == 200
    assert response.json() == {"language": tag, "source": "TMDB", **expected}


def test_the_first_source_with_something_to_show_answers(client, heat):
    # "imdb" sorts before "tmdb" but gives only the film's own title.
    other = factories.make_source(key="imdb", name="IMDb")
    store(heat, other, TranslationRecord("it", "IT", title="Heat"))

    data = client.get("/films/heat-1995/synopsis/it-IT.json").json()

    assert (data["title"], data["source"]) == ("Heat - La sfida", "TMDB")


@pytest.mark.parametrize(
    "path",
    [
        "/films/heat-1995/synopsis/de-DE.json",  # only the film's own title
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
    assert '<option value="it-IT" lang="it-IT">italiano (IT)</option>' in html
    assert '<option value="es-ES" lang="es-ES">español (ES)</option>' in html
    assert 'value="de-DE"' not in html
    assert 'data-base="/films/heat-1995/synopsis/"' in html
    assert "catalogue/synopsis_languages" in html
    assert '<div class="prose" lang="en" data-synopsis-text>' in html


def test_a_film_without_translations_has_no_switch(client, db):
    factories.make_film(title="Alone", year=1990, slug="alone-1990", overview="Text.")

    html = client.get("/films/alone-1990/").content.decode()

    assert "data-synopsis-switch" not in html
    assert "synopsis_languages" not in html


def test_the_page_holds_the_places_of_the_translated_title_and_tagline(client, heat):
    source = Translation.objects.filter(film=heat).first().source
    Film.objects.filter(pk=heat.pk).update(source=source)

    html = client.get("/films/heat-1995/").content.decode()

    assert (
        '<p class="film-original film-translated-title" data-translated-title '
        'data-title="Heat" data-original-title="" hidden>'
    ) in html
    assert "<template data-tagline-translation>" in html
    assert "Tagline translated by <span data-tagline-source></span>.</p>" in html
    assert (
        '<p class="section-source" data-synopsis-original-credit>Summary from TMDB.</p>'
    ) in html


def test_a_film_without_translations_has_no_translated_title_place(client, db):
    factories.make_film(title="Alone", year=1990, slug="alone-1990", tagline="Hush.")

    html = client.get("/films/alone-1990/").content.decode()

    assert "data-translated-title" not in html
    assert "data-tagline-translation" not in html
    assert '<p class="tagline" lang="en">Hush.</p>' in html


def test_the_sources_tagline_is_shown_when_the_editors_wrote_none(client, heat):
    Film.objects.filter(pk=heat.pk).update(tagline="A Los Angeles <crime> saga.")

    html = client.get("/films/heat-1995/").content.decode()

    assert '<p class="tagline" lang="en">A Los Angeles &lt;crime&gt; saga.</p>' in html
    assert "No editorial tagline yet" not in html


def test_beside_an_editors_synopsis_the_translations_are_still_offered(client, heat):
    factories.make_film_text(
        film=heat, synopsis="The editors own words.", tagline="Ours.", publish=True
    )

    html = client.get("/films/heat-1995/").content.decode()

    assert "The editors own words." in html
    assert '<p class="tagline" lang="en">Ours.</p>' in html
    assert '<option value="fr-FR" lang="fr-FR">français (FR)</option>' in html
    assert (
        '<span data-credit-for="overview">Summary from <span data-synopsis-source>'
        "</span>, translated: not the editors\N{RIGHT SINGLE QUOTATION MARK} "
        "synopsis, which is in English.</span>"
    ) in html
    assert "Translation from" not in html
    assert "Tagline translated by <span data-tagline-source></span>, not the " in html
    assert "data-synopsis-original-credit" not in html


def test_a_film_with_no_overview_of_its_own_offers_its_translations(client, db):
    source = factories.make_source(key="tmdb", name="TMDB")
    film = factories.make_film(title="Quiet", year=1990, slug="quiet-1990")
    store(film, source, TranslationRecord("fr", "FR", overview="Silence."))

    html = client.get("/films/quiet-1990/").content.decode()

    assert (
        '<div lang="en" data-synopsis-text><p class="empty">No synopsis yet.</p></div>'
    ) in html
    assert '<option value="fr-FR" lang="fr-FR">français (FR)</option>' in html
