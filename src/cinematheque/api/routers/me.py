"""GET /me: who the API token (or the signed-in browser) belongs to. Member
endpoints (`/me/…`) use `members.api_auth.member_auth`: 401 without a token."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Router

from cinematheque.api.caching import private_answer
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.me import MeOut
from cinematheque.members.api_auth import member_auth, member_of
from cinematheque.members.models import (
    DiaryEntry,
    FilmList,
    Follow,
    Rating,
    Review,
    User,
    WatchedFilm,
    WatchlistEntry,
)

router = Router(tags=["me"], auth=member_auth)
router.add_decorator(private_answer, mode="view")


# Count name → (model, the field that points at the member).
COUNTED: dict[str, tuple[type[Model], str]] = {
    "ratings": (Rating, "user"),
    "watched": (WatchedFilm, "user"),
    "diary_entries": (DiaryEntry, "user"),
    "watchlist": (WatchlistEntry, "user"),
    "reviews": (Review, "user"),
    "lists": (FilmList, "owner"),
    "following": (Follow, "follower"),
    "followers": (Follow, "followed"),
}


def _count_of(model: type[Model], owner: str) -> Coalesce:
    rows = (
        model._default_manager.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _counts(member: User) -> dict[str, int]:
    """Every count in one query."""
    # Prefixed: the plain names are the member's relations (member.ratings…).
    annotations = {
        f"n_{name}": _count_of(*counted) for name, counted in COUNTED.items()
    }
    row = User.objects.filter(pk=member.pk).annotate(**annotations).values(*annotations)
    return {name.removeprefix("n_"): count for name, count in row.get().items()}


@router.get(
    "/",
    response={200: MeOut, 400: ErrorOut, 401: ErrorOut},
    operation_id="getMe",
    url_name="me",
    summary="Who am I",
    description="The member the token belongs to, with counts of what they keep.",
)
def get_me(request: HttpRequest) -> dict[str, Any]:
    member = member_of(request)
    return {
        "username": member.get_username(),
        "profile_url": f"/members/{member.get_username()}/",
        "profile_public": member.profile_public,
        "content_limit": member.content_limit,
        "counts": _counts(member),
    }
