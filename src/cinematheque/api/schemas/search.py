"""Search shapes: the query parameters and the ranked films and people."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from cinematheque.api.schemas.parameters import QueryInt, decade_field
from cinematheque.search.text import MAX_QUERY_CHARS

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
MAX_OFFSET = 1000
MAX_QUERY_LENGTH = 2 * MAX_QUERY_CHARS


class SearchIn(Schema):
    """Query parameters of the search; genre and decade use the /films/ vocabulary."""

    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description=(
            "What the person typed: a title (any case, with or without accents, "
            "punctuation or year, e.g. 'Heat (1995)'), names, or both "
            "('de niro pacino'). Typing mistakes are corrected. Empty gives no items."
        ),
    )
    type: Literal["film", "person"] | None = Field(
        None, description="Only films or only people."
    )
    genre: str = Field(
        "", max_length=200, description="Genre slug, e.g. 'crime' (films only)."
    )
    decade: str = decade_field(
        "First year of a decade, e.g. 1990 or '1990s' (films only)."
    )
    limit: QueryInt = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Results per page (at most 50)."
    )
    offset: QueryInt = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="How many results to skip; past the end gives no items.",
    )


class SearchFilmOut(Schema):
    type: Literal["film"]
    id: int
    slug: str
    url: str = Field(description="Path of the film's page on this site.")
    title: str
    year: int | None
    poster_url: str = Field(description="Path of the film's poster image.")


class KnownForOut(Schema):
    title: str
    year: int | None
    url: str


class SearchPersonOut(Schema):
    type: Literal["person"]
    id: int
    slug: str
    url: str = Field(description="Path of the person's page on this site.")
    name: str
    known_for: KnownForOut | None = Field(
        description="The most notable film the person is credited on."
    )


class SearchOut(Schema):
    query: str = Field(description="The query as it was understood (folded words).")
    corrected_query: str | None = Field(
        description="The query with typing mistakes corrected, when any were."
    )
    count: int = Field(
        description="Ranked results available for this query (at most a few hundred)."
    )
    limit: int
    offset: int
    items: list[
        Annotated[SearchFilmOut | SearchPersonOut, Field(discriminator="type")]
    ] = Field(description="Films and people, best match first.")
