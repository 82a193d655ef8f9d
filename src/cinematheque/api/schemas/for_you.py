"""Shapes of GET /me/recommendations: the member's "For you"."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from cinematheque.api.schemas.common import FilmRefOut
from cinematheque.api.schemas.parameters import QueryInt


class RecommendationsIn(Schema):
    limit: QueryInt = Field(20, ge=1, le=100, description="At most 100 per page.")
    offset: QueryInt = Field(0, ge=0, le=10_000, description="Suggestions to skip.")
    watchlist: bool = Field(
        False,
        description="The member's watchlist ranked by the same evidence, instead of "
        "films they have not listed.",
    )


class RecommendationOut(Schema):
    film: FilmRefOut
    reason: str = Field(
        description="Which of the member's films it comes from, e.g. 'Because you "
        "rated Heat (1995) ★★★★½'."
    )
    detail: str = Field(
        description="What links the two films: 'Also directed by Michael Mann', "
        "'12 members rated both'; empty for a watchlist film without evidence."
    )
    because: FilmRefOut | None = Field(
        description="The member's film the suggestion comes from."
    )
    score: float = Field(description="Comparable only within one member's list.")


class RecommendationsOut(Schema):
    count: int = Field(description="Suggestions in all (at most 500).")
    limit: int
    offset: int
    items: list[RecommendationOut]
