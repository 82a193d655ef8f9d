"""What members' changes make the whole-page cache forget (discovered by
`PagesConfig.ready()`): a review shows on its film's page, so writing, editing,
deleting or liking one forgets that page; a member who makes their profile private
(or public) changes every film page that shows their reviews."""

from __future__ import annotations

from cinematheque.members.models import Review, User
from cinematheque.pages.cache import forget_on_change, page_cache_forget


def review_changed(review: Review) -> None:
    page_cache_forget(films=[review.film_id])


def member_changed(user: User) -> None:
    if user.pk:
        films = Review.objects.filter(user_id=user.pk).values_list("film_id", flat=True)
        page_cache_forget(films=set(films))


forget_on_change(Review, review_changed)
forget_on_change(User, member_changed)
