"""What members' changes make the whole-page cache forget (discovered by
`PagesConfig.ready()`): a review shows on its film's page, so writing, editing,
deleting or liking one forgets that page; a member who makes their profile private
(or public), is deactivated or renamed changes every film page that shows their
reviews."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from cinematheque.members.models import Review, User
from cinematheque.pages.cache import forget_on_change, page_cache_forget

# What a film page shows of a reviewer. A save that names only other fields (a
# log-in's `last_login`, a new password) leaves every page as it was.
SHOWN_ON_FILM_PAGES = frozenset({"username", "profile_public", "is_active"})


def review_changed(review: Review) -> None:
    page_cache_forget(films=[review.film_id])


def member_saved(
    sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any
) -> None:
    if update_fields is not None and not SHOWN_ON_FILM_PAGES & set(update_fields):
        return
    films = Review.objects.filter(user_id=instance.pk).values_list("film_id", flat=True)
    page_cache_forget(films=set(films))


forget_on_change(Review, review_changed)
post_save.connect(
    member_saved, sender=User, weak=False, dispatch_uid="pagecache:members:reviewer"
)
