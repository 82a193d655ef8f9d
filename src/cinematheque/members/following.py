"""Following members, and the feed of what the people a member follows did.

Only public, active profiles appear in a feed: following someone who later makes
their profile private shows nothing of them until it is public again. Private lists
never appear.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cinematheque.catalogue.certifications import ContentLimit
from cinematheque.members.content_limit import rows_within_limit
from cinematheque.members.models import FilmList, Follow, Rating, Review, User

FEED_PAGE_SIZE = 20
FEED_MAX_PAGES = 50


@transaction.atomic
def follow(*, follower: User, followed: User) -> bool:
    """Follow a member; False if already following. Nobody follows themselves."""
    if follower.pk == followed.pk:
        raise ValidationError("You cannot follow yourself.")
    try:
        with transaction.atomic():
            Follow.objects.create(follower=follower, followed=followed)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def unfollow(*, follower: User, followed: User) -> bool:
    """Stop following; False if not following."""
    deleted, _ = Follow.objects.filter(follower=follower, followed=followed).delete()
    return bool(deleted)


def is_following(follower: User, followed: User) -> bool:
    if not follower.is_authenticated:
        return False
    return Follow.objects.filter(follower=follower, followed=followed).exists()


@dataclass(frozen=True, slots=True)
class Activity:
    kind: str
    """"rating", "review" or "list"."""
    at: datetime
    user: User
    item: Any
    """The Rating, Review or FilmList."""


def _followed_public(member: User) -> Any:
    return Follow.objects.filter(
        follower=member,
        followed__profile_public=True,
        followed__is_active=True,
    ).values("followed_id")


def feed_page(
    member: User, page: int, content_limit: ContentLimit | None = None
) -> tuple[list[Activity], bool]:
    """One page (1-based) of the feed, newest first, and whether another follows.
    Ratings and reviews of films the member's `content_limit` hides are left out.

    Each kind is read newest first, at most as far as this page reaches, and the
    three are merged: three queries whatever the page.
    """
    page = max(1, min(page, FEED_MAX_PAGES))
    reach = page * FEED_PAGE_SIZE + 1
    followed = _followed_public(member)
    ratings = (
        rows_within_limit(Rating.objects.filter(user__in=followed), content_limit)
        .select_related("user", "film")
        .order_by("-updated_at", "-id")[:reach]
    )
    reviews = (
        rows_within_limit(Review.objects.filter(user__in=followed), content_limit)
        .select_related("user", "film")
        .order_by("-created_at", "-id")[:reach]
    )
    lists = (
        FilmList.objects.filter(owner__in=followed, public=True)
        .select_related("owner")
        .order_by("-created_at", "-id")[:reach]
    )
    streams = [
        (Activity("rating", r.updated_at, r.user, r) for r in ratings),
        (Activity("review", r.created_at, r.user, r) for r in reviews),
        (Activity("list", fl.created_at, fl.owner, fl) for fl in lists),
    ]
    merged = list(heapq.merge(*streams, key=lambda a: a.at, reverse=True))
    start = (page - 1) * FEED_PAGE_SIZE
    window = merged[start : start + FEED_PAGE_SIZE + 1]
    has_next = len(window) > FEED_PAGE_SIZE and page < FEED_MAX_PAGES
    return window[:FEED_PAGE_SIZE], has_next
