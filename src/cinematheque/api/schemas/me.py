"""Shapes of /me: the member a token (or session) belongs to."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class MeCountsOut(Schema):
    ratings: int
    watched: int
    diary_entries: int
    watchlist: int
    reviews: int
    lists: int
    following: int
    followers: int


class MeOut(Schema):
    username: str
    profile_url: str = Field(description="Path of the member's profile page.")
    profile_public: bool = Field(
        description="Whether visitors and other members may see the profile."
    )
    content_limit: str = Field(
        description="Films certified above this are hidden for the member; "
        "empty for no limit."
    )
    counts: MeCountsOut
