"""Shapes of /collections and /collections/{slug}: published collections only."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from cinematheque.api.schemas.common import FilmRefOut
from cinematheque.api.schemas.editorial import BylineOut
from cinematheque.api.schemas.parameters import QueryInt

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class CollectionListIn(Schema):
    limit: QueryInt = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    offset: QueryInt = Field(0, ge=0, le=1_000_000, description="Items to skip.")


class CollectionSummaryOut(Schema):
    slug: str
    title: str
    url: str = Field(description="Path of the collection's page on this site.")
    introduction_html: str = Field(description="Sanitised HTML.")
    byline: BylineOut
    film_count: int
    published_at: datetime | None


class CollectionListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CollectionSummaryOut]


class CollectionItemOut(Schema):
    position: int = Field(ge=1)
    note: str = Field(description="Why the film is in the collection.")
    film: FilmRefOut


class CollectionOut(CollectionSummaryOut):
    items: list[CollectionItemOut] = Field(description="The films, in order.")
