"""Shapes of /me/ratings, /me/diary and /me/watchlist: what the member keeps of films.
Ratings are in half stars, as in a Letterboxd export's Rating10: 1 = ½ star,
10 = 5 stars."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from cinematheque.api.routers.params import SLUG_PATTERN
from cinematheque.api.schemas.common import FilmRefOut
from cinematheque.api.schemas.parameters import QueryInt

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
HALF_STARS = "Half stars: 1 = ½ star … 10 = 5 stars."


class MeListIn(Schema):
    limit: QueryInt = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    offset: QueryInt = Field(0, ge=0, le=1_000_000, description="Items to skip.")


class RatingIn(Schema):
    rating: int = Field(ge=1, le=10, strict=True, description=HALF_STARS)


class RatingOut(Schema):
    film: FilmRefOut
    rating: int = Field(ge=1, le=10, description=HALF_STARS)
    stars: float = Field(description="The rating in stars, 0.5 to 5.")
    rated_at: datetime = Field(description="When the rating was last changed.")


class RatingListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[RatingOut] = Field(description="Most recently changed first.")


class DiaryEntryIn(Schema):
    film: str = Field(
        max_length=255, pattern=SLUG_PATTERN, description="The film's slug."
    )
    watched_on: date
    rating: int | None = Field(
        None, ge=1, le=10, strict=True, description=HALF_STARS + " Also rates the film."
    )
    rewatch: bool = False
    tags: list[str] = Field(default_factory=list, max_length=20)
    review: str = Field(
        "", max_length=20000, description="Optional review text (Markdown)."
    )
    contains_spoilers: bool = False


class DiaryEntryChangeIn(Schema):
    watched_on: date
    rating: int | None = Field(
        None, ge=1, le=10, strict=True, description=HALF_STARS + " Also rates the film."
    )
    rewatch: bool = False
    tags: list[str] = Field(default_factory=list, max_length=20)


class DiaryEntryOut(Schema):
    id: int
    film: FilmRefOut
    watched_on: date
    rating: int | None = Field(description=HALF_STARS)
    rewatch: bool
    tags: list[str]
    has_review: bool
    created_at: datetime


class DiaryListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[DiaryEntryOut] = Field(description="Newest viewing first.")


class WatchlistEntryOut(Schema):
    film: FilmRefOut
    added_at: datetime


class WatchlistListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[WatchlistEntryOut] = Field(description="Most recently added first.")
