"""Provenance per field: an admin edit is the editors' value and no re-import
reverts it; the operator's order of preference decides what a film shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cinematheque.catalogue import provenance
from cinematheque.catalogue.models import FieldProvenance, Film
from tests import factories
from tests.editorial.test_admin import inline_post_data
from tests.ingest.conftest import run_import


def _admin_edit(film: Film, changes: dict[str, str]) -> None:
    client = Client()
    client.force_login(factories.make_user(role="admin"))
    url = reverse("admin:catalogue_film_change", args=[film.pk])
    page = client.get(url)
    response = client.post(url, inline_post_data(page, changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_admin_edit_of_heats_title_survives_a_bundled_reimport(
    imported, catalogue_path: Path
) -> None:
    heat = Film.objects.get(wikidata_id="Q42198")
    _admin_edit(heat, {"title": "Heat (director's cut)", "runtime": "171"})

    run_import(catalogue_path)

    heat.refresh_from_db()
    assert (heat.title, heat.runtime) == ("Heat (director's cut)", 171)
    edited = FieldProvenance.objects.filter(film=heat, source__key="editors")
    assert set(edited.values_list("field", flat=True)) == {"title", "runtime"}
    # The bundled table's own values are kept beside the editors'.
    bundled = FieldProvenance.objects.get(
        film=heat, field="title", source__key="wikidata"
    )
    assert bundled.value == "Heat"


def test_an_emptied_admin_field_gives_the_value_back_to_the_sources(
    imported, catalogue_path: Path
) -> None:
    heat = Film.objects.get(wikidata_id="Q42198")
    _admin_edit(heat, {"runtime": "171"})
    _admin_edit(Film.objects.get(pk=heat.pk), {"runtime": ""})

    run_import(catalogue_path)

    heat.refresh_from_db()
    assert heat.runtime == 170


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        (
            "editors,imdb,tmdb,bundled; budget=tmdb,editors",
            {
                "default": ("editors", "imdb", "tmdb", "wikidata"),
                "budget": ("tmdb", "editors"),
            },
        ),
        ("billing=imdb", {"billing": ("imdb",)}),
    ],
)
def test_the_operator_preference_is_parsed(text: str, expected: dict) -> None:
    assert provenance.parse_preference(text) == expected


@pytest.mark.parametrize("text", ["colour=tmdb", "title="])
def test_a_bad_preference_is_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a film field|no sources"):
        provenance.parse_preference(text)


def test_an_unlisted_source_ranks_after_the_listed_ones() -> None:
    preference = provenance.Preference(
        {"default": ("editors", "tmdb"), "budget": ("imdb", "tmdb")}
    )
    assert preference.best("title", ["wikidata", "tmdb"]) == "tmdb"
    assert preference.best("budget", ["tmdb", "imdb", "editors"]) == "imdb"
    assert preference.best("title", ["zeta", "alpha"]) == "alpha"
    assert preference.best("title", []) is None


def test_the_film_page_names_every_source_that_gave_a_value(db, client) -> None:
    from cinematheque.catalogue.models import Source
    from cinematheque.ingest import records as r
    from cinematheque.ingest.upsert import upsert_stream
    from tests.catalogue.test_film_page import element_text, get_page

    def source(key: str, name: str) -> Source:
        return Source.objects.create(
            key=key, name=name, licence="terms", attribution=f"Data from {name}"
        )

    imdb_id = r.ExternalId.imdb("tt0113277")
    upsert_stream(
        [r.FilmRecord(ids=(r.ExternalId.tmdb(949), imdb_id), title="Heat", year=1995)],
        source=source("tmdb", "The Movie Database"),
    )
    upsert_stream(
        [r.FilmRecord(ids=(imdb_id,), title="Heat", runtime=170)],
        source=source("imdb", "IMDb datasets"),
    )
    sources = element_text(get_page(client, Film.objects.get()), "attribution")
    assert "The Movie Database" in sources
    assert "IMDb datasets" in sources
