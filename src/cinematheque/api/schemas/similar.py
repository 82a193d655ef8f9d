"""Shapes of GET /films/{film_id}/similar: the film page's "Don't forget to watch"."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from cinematheque.api.schemas.common import FilmRefOut
from cinematheque.recommendations.models import Recommendation


class SimilarFilmOut(Schema):
    film: FilmRefOut
    reason: str = Field(
        description="Why it is suggested, e.g. 'Also directed by Michael Mann'."
    )

    @staticmethod
    def resolve_film(obj: Recommendation) -> object:
        return obj.recommended


class SimilarFilmsOut(Schema):
    items: list[SimilarFilmOut] = Field(
        description=(
            "Related films in the order the film page shows them; empty until "
            "`cinematheque recommendations rebuild` has run."
        )
    )
