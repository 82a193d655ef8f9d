"""The members' sections of the film page (see pages/registry.py). Each feature
registers its own in its own function, so that they merge without conflicts."""

from __future__ import annotations

from typing import Any

from cinematheque.catalogue.page import FilmPage
from cinematheque.markdown import render_markdown_safe
from cinematheque.members.reviews import reviews_for_film, visible_reviews
from cinematheque.pages.registry import Section, register

FILM_PAGE_REVIEWS = 5


def film_reviews(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """The film's newest and most-liked public reviews (three queries). The section
    is part of the one cached page: members/page_cache.py forgets the film's page
    whenever one of its reviews is written, edited, deleted or liked."""
    film_id = page.film.pk

    def rendered(order: str) -> list[tuple[Any, Any]]:
        chosen = reviews_for_film(film_id, order=order)[:FILM_PAGE_REVIEWS]
        return [(review, render_markdown_safe(review.body)) for review in chosen]

    count = visible_reviews().filter(film_id=film_id).count()
    return {
        "member_reviews": {
            "count": count,
            "newest": rendered("newest") if count else [],
            "liked": rendered("liked") if count else [],
        }
    }


def register_reviews_section() -> None:
    register(
        Section(
            name="member-reviews",
            page="film",
            slot="main",
            order=75,
            template="members/sections/reviews.html",
            load=film_reviews,
        )
    )


register_reviews_section()
