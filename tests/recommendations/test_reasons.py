"""The sentence written for what two films share besides people."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import Language
from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.reasons import (
    ERA_CLOSE,
    ERA_DECADE,
    ERA_NONE,
    ERA_SAME_YEAR,
    _profile_sentence,
)
from cinematheque.recommendations.services import recommendations_rebuild
from tests import factories


@pytest.mark.parametrize(
    ("slugs", "era", "language", "sentence"),
    [
        (["crime", "drama"], ERA_SAME_YEAR, "", "A crime drama from the same year"),
        (["romance", "comedy"], ERA_DECADE, "", "A romantic comedy from the 1990s"),
        (["comedy", "drama"], ERA_NONE, "", "Another comedy-drama"),
        (
            ["action", "thriller"],
            ERA_CLOSE,
            "",
            "An action thriller from around the same time",
        ),
        (["western"], ERA_NONE, "French", "Another French-language western"),
        ([], ERA_DECADE, "", "Also from the 1990s"),
        ([], ERA_NONE, "Japanese", "Another Japanese-language film"),
        ([], ERA_NONE, "", ""),
    ],
)
def test_profile_sentences_read_naturally(slugs, era, language, sentence):
    names = [slug.title() for slug in slugs]

    assert (
        _profile_sentence(
            genre_slugs=slugs,
            genre_names=names,
            era=era,
            decade=1990,
            language=language,
        )
        == sentence
    )


def test_an_unknown_genre_reads_as_its_name():
    assert (
        _profile_sentence(
            genre_slugs=["film-noir"],
            genre_names=["Film-Noir"],
            era=ERA_SAME_YEAR,
            decade=0,
            language="",
        )
        == "A film-noir film from the same year"
    )


def test_a_shared_rare_language_is_named(db):
    french = factories.make_named(Language, "French")
    english = factories.make_named(Language, "English")
    films = []
    for index in range(12):
        film = factories.make_film(title=f"Film {index}", year=1960 + index)
        film.genres.set([factories.make_genre("Drama")])
        film.languages.set([french if index < 2 else english])
        films.append(film)

    recommendations_rebuild(limit=8)

    reason = Recommendation.objects.get(film=films[0], recommended=films[1]).reason
    assert reason == "A French-language drama from the 1960s"
