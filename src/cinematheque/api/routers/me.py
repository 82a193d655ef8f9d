"""GET /me: who the API token (or the signed-in browser) belongs to. Member
endpoints (`/me/…`) use `members.api_auth.member_auth`: 401 without a token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from cinematheque.api.caching import private_answer
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.me import MeOut
from cinematheque.members.api_auth import member_auth, member_of
from cinematheque.members.models import User

router = Router(tags=["me"], auth=member_auth)
router.add_decorator(private_answer, mode="view")


def _counts(member: User) -> dict[str, int]:
    return {
        "ratings": member.ratings.count(),
        "watched": member.watched.count(),
        "diary_entries": member.diary.count(),
        "watchlist": member.watchlist.count(),
        "reviews": member.reviews.count(),
        "lists": member.film_lists.count(),
        "following": member.following.count(),
        "followers": member.followers.count(),
    }


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
