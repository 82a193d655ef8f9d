"""Shapes of members' reviews, lists and public profiles (/me/reviews, /me/lists,
/members/{username}…, /films/{slug}/reviews)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from cinematheque.api.schemas.common import FilmRefOut
from cinematheque.api.schemas.parameters import QueryInt

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class PageIn(Schema):
    limit: QueryInt = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    offset: QueryInt = Field(0, ge=0, le=1_000_000, description="Items to skip.")


class ReviewOut(Schema):
    id: int
    author: str = Field(description="The member's username.")
    film: FilmRefOut
    body: str = Field(description="The review as written, in Markdown.")
    body_html: str = Field(description="Rendered and sanitised HTML.")
    contains_spoilers: bool
    like_count: int
    url: str = Field(description="Path of the review's page on this site.")
    created_at: datetime
    updated_at: datetime


class ReviewListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReviewOut]


class ReviewIn(Schema):
    film: str = Field(max_length=200, description="The film's slug, e.g. 'heat-1995'.")
    body: str = Field(min_length=1, max_length=20000, description="Markdown.")
    contains_spoilers: bool = False


class ReviewPatchIn(Schema):
    body: str | None = Field(None, min_length=1, max_length=20000)
    contains_spoilers: bool | None = None


class MemberListSummaryOut(Schema):
    id: int
    owner: str = Field(description="The member's username.")
    slug: str
    title: str
    description: str
    ranked: bool
    public: bool
    film_count: int
    url: str = Field(description="Path of the list's page on this site.")
    created_at: datetime
    updated_at: datetime


class MemberListPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[MemberListSummaryOut]


class MemberListItemOut(Schema):
    id: int
    position: int = Field(ge=1)
    note: str
    film: FilmRefOut


class MemberListOut(MemberListSummaryOut):
    items: list[MemberListItemOut] = Field(description="The films, in order.")


class MemberListIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    ranked: bool = False
    public: bool = True


class MemberListPatchIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)
    ranked: bool | None = None
    public: bool | None = None


class MemberListItemIn(Schema):
    film: str = Field(max_length=200, description="The film's slug.")
    note: str = Field("", max_length=2000)


class MemberListOrderIn(Schema):
    item_ids: list[int] = Field(
        max_length=10_000, description="Every item id of the list, in the new order."
    )


class FavouriteOut(Schema):
    position: int
    film: FilmRefOut


class MemberStatsOut(Schema):
    films_seen: int
    diary_entries: int
    hours_watched: float
    ratings_histogram: list[int] = Field(
        description="Counts of ratings of ½, 1, 1½ … 5 stars (10 numbers)."
    )


class MemberOut(Schema):
    username: str
    profile_public: bool
    url: str = Field(description="Path of the profile page.")
    bio: str | None = Field(description="None when the profile is private.")
    favourites: list[FavouriteOut] | None = None
    stats: MemberStatsOut | None = None
    follower_count: int | None = None
    following_count: int | None = None
