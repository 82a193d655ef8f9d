"""Members' sections of the film page (see pages/registry.py) and the personal
fields beside it (see pages/personal.py).

Each feature registers its own section in its own function, so that the member
features can grow here side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.shortcuts import resolve_url

from cinematheque.catalogue.page import FilmPage
from cinematheque.catalogue.prepared import PreparedQuery
from cinematheque.markdown import render_markdown_safe
from cinematheque.members import film_state
from cinematheque.members.models import RatingSummary
from cinematheque.members.ratings_forms import ViewingForm
from cinematheque.members.reviews import reviews_for_film, visible_reviews
from cinematheque.pages.assembly import JSONLD_KEY
from cinematheque.pages.registry import Section, register

HALF_STAR_LABELS = [
    "½", "1", "1½", "2", "2½", "3", "3½", "4", "4½", "5"
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class HistogramBar:
    label: str
    """Stars, e.g. "4½"."""
    count: int
    height: int
    """Percent of the tallest bar."""


@dataclass(frozen=True, slots=True)
class MemberRating:
    """Members' ratings of a film as the page shows them."""

    count: int
    average_stars: float
    """From 0.5 to 5."""
    bars: list[HistogramBar]

    @classmethod
    def from_counters(cls, count: int, total: int, *buckets: int) -> MemberRating:
        tallest = max(buckets) or 1
        return cls(
            count=count,
            average_stars=total / count / 2 if count else 0.0,
            bars=[
                HistogramBar(label, n, round(100 * n / tallest))
                for label, n in zip(HALF_STAR_LABELS, buckets, strict=True)
            ],
        )

    def schema_org(self) -> dict[str, Any]:
        """schema.org/AggregateRating on the page's five-star scale."""
        return {
            "@type": "AggregateRating",
            "ratingValue": round(self.average_stars, 2),
            "ratingCount": self.count,
            "bestRating": 5,
            "worstRating": 0.5,
        }


_SUMMARY = PreparedQuery(
    lambda film_id: RatingSummary.objects.filter(film_id=film_id).values_list(
        "count", "total", *(f"bucket_{n}" for n in range(1, 11))
    )
)


def film_member_rating(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """The film's member average, count and half-star histogram, read from its
    stored counters (one row, however many ratings), and the page's schema.org
    aggregateRating when there are ratings."""
    rows = _SUMMARY.rows(page.film.pk)
    rating = MemberRating.from_counters(*rows[0]) if rows else None
    if rating is None or not rating.count:
        return {"member_rating": None}
    return {
        "member_rating": rating,
        JSONLD_KEY: {"aggregateRating": rating.schema_org()},
    }


def film_member_actions(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """What the rate / watched / watchlist / log controls need besides the film;
    the member's own state arrives through the personal fields."""
    return {
        "login_url": resolve_url(settings.LOGIN_URL),
        "star_buttons": [
            (n, HALF_STAR_LABELS[n - 1], "left" if n % 2 else "right")
            for n in range(1, 11)
        ],
        "viewing_form": ViewingForm(auto_id="log-%s", initial={"film": page.film.slug}),
    }


def register_rating_sections() -> None:
    register(
        Section(
            name="member-rating",
            page="film",
            slot="ratings",
            order=10,
            template="members/sections/member_rating.html",
            load=film_member_rating,
        )
    )
    register(
        Section(
            name="member-actions",
            page="film",
            slot="actions",
            order=20,
            template="members/sections/film_actions.html",
            load=film_member_actions,
        )
    )
    film_state.register_fields()


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


register_rating_sections()
register_reviews_section()
