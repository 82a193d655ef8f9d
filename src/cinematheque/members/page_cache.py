"""What members' data changes on cached pages (discovered by `PagesConfig.ready()`).

The ratings services name the film pages they change themselves (their counter
updates are `.update()` calls, which send no signals); these receivers cover a save
anywhere else (the admin, a shell). A review shows on its film's page, so writing,
editing, deleting or liking one forgets that page; a member who makes their profile
private (or public), is deactivated or renamed changes every film page that shows
their reviews.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.http import HttpRequest

from cinematheque.members.models import RatingSummary, Review, User
from cinematheque.pages.cache import (
    forget_on_change,
    page_cache_forget,
    register_member_check,
)

# What a film page shows of a reviewer. A save that names only other fields (a
# log-in's `last_login`, a new password) leaves every page as it was.
SHOWN_ON_FILM_PAGES = frozenset({"username", "profile_public", "is_active"})


def rating_summary_changed(summary: RatingSummary) -> None:
    """The film page shows the member average, count and histogram."""
    page_cache_forget(films=[summary.film_id])


def review_changed(review: Review) -> None:
    page_cache_forget(films=[review.film_id])


def member_saved(
    sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any
) -> None:
    if update_fields is not None and not SHOWN_ON_FILM_PAGES & set(update_fields):
        return
    films = Review.objects.filter(user_id=instance.pk).values_list("film_id", flat=True)
    page_cache_forget(films=set(films))


def without_content_limit(request: HttpRequest) -> bool:
    """A member whose content limit hides films never gets the shared copy of a
    page: what they may see is decided when the page is rendered for them."""
    return not getattr(request.user, "content_limit", "")


forget_on_change(RatingSummary, rating_summary_changed)
forget_on_change(Review, review_changed)
post_save.connect(
    member_saved, sender=User, weak=False, dispatch_uid="pagecache:members:reviewer"
)
register_member_check(without_content_limit)
