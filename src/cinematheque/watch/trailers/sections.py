"""The film page's "Trailers and teasers" section (see pages/registry.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from cinematheque.catalogue.page import FilmPage
from cinematheque.pages.registry import Section, register
from cinematheque.watch.trailers.arrangement import (
    arrange_videos,
    preferred_languages,
)


def film_trailers(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """The film's videos in groups, from what catalogue.page loaded (no queries),
    with the picture their facades show: the film's backdrop, else its poster, else
    nothing (the template draws a title card)."""
    languages = preferred_languages(settings.LANGUAGE_CODE, page.film.original_language)
    return {
        "film": page.film,
        "video_groups": arrange_videos(page.videos, languages=languages),
        "poster_frame": page.backdrop_url or page.poster_url,
    }


register(
    Section(
        name="trailers",
        page="film",
        slot="main",
        order=30,
        template="watch/trailers/section.html",
        load=film_trailers,
    )
)
