"""Members' reviews and their likes: the only code that writes Review and ReviewLike.

A review's body is Markdown; it is rendered on display (raw HTML off, sanitised with
nh3) by `cinematheque.markdown`, never stored as HTML. `like_count` is kept exact:
each like or unlike changes it in the same transaction as the like row, with an
UPDATE … SET like_count = like_count ± 1 so two members liking at once both count.
Saving a review (or its count) makes the film's cached page forget it (page_cache.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Greatest

from cinematheque.catalogue.models import Film
from cinematheque.members.models import DiaryEntry, Review, ReviewLike, User
from cinematheque.members.profiles import is_owner_or_admin
from cinematheque.pages.cache import page_cache_forget

BODY_MAX = 20000


def visible_reviews() -> QuerySet[Review]:
    """Reviews anyone may read: those of members whose profile is public."""
    return Review.objects.filter(user__profile_public=True, user__is_active=True)


def can_read_review(review: Review, viewer: User | None) -> bool:
    """Owners and administrators read every review; others only public members'."""
    if is_owner_or_admin(viewer, review.user_id):
        return True
    return review.user.profile_public and review.user.is_active


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write something: a review cannot be empty."})
    if len(body) > BODY_MAX:
        raise ValidationError(
            {"body": f"A review is at most {BODY_MAX} characters long."}
        )
    return body


@transaction.atomic
def review_create(
    *,
    user: User,
    film: Film,
    body: str,
    contains_spoilers: bool = False,
    diary_entry: DiaryEntry | None = None,
) -> Review:
    """Publish a new review of `film` by `user` (a member may review a film again,
    e.g. after a rewatch: each review is its own row), optionally the review of one
    of their diary entries (of the same film)."""
    if diary_entry is not None and (
        diary_entry.user_id != user.pk or diary_entry.film_id != film.pk
    ):
        raise ValidationError("The diary entry is another member's or film's.")
    return Review.objects.create(
        user=user,
        film=film,
        body=_clean_body(body),
        contains_spoilers=contains_spoilers,
        diary_entry=diary_entry,
    )


@transaction.atomic
def review_update(*, review: Review, body: str, contains_spoilers: bool) -> Review:
    """Change a review's text and spoiler flag (the caller checked ownership)."""
    review.body = _clean_body(body)
    review.contains_spoilers = contains_spoilers
    review.save(update_fields=["body", "contains_spoilers", "updated_at"])
    return review


@transaction.atomic
def review_delete(*, review: Review) -> None:
    """Delete a review and its likes."""
    review.delete()


@transaction.atomic
def review_like(*, user: User, review: Review) -> bool:
    """Like a review once; False if the member already liked it. Members do not
    like their own reviews (a ValidationError)."""
    if review.user_id == user.pk:
        raise ValidationError("You cannot like your own review.")
    try:
        with transaction.atomic():
            ReviewLike.objects.create(user=user, review=review)
    except IntegrityError:
        return False
    _add_to_like_count(review, 1)
    return True


@transaction.atomic
def review_unlike(*, user: User, review: Review) -> bool:
    """Take a like back; False if there was none."""
    deleted, _ = ReviewLike.objects.filter(user=user, review=review).delete()
    if not deleted:
        return False
    _add_to_like_count(review, -1)
    return True


def _add_to_like_count(review: Review, step: int) -> None:
    Review.objects.filter(pk=review.pk).update(
        like_count=Greatest(F("like_count") + step, 0)
    )
    review.refresh_from_db(fields=["like_count"])
    # update() sends no post_save, so the film's page is forgotten here.
    page_cache_forget(films=[review.film_id])


def reviews_for_film(film_id: int, *, order: str = "newest") -> QuerySet[Review]:
    """Public reviews of a film, newest or most liked first, with their authors."""
    ordering = ["-like_count", "-created_at", "-id"] if order == "liked" else None
    reviews = visible_reviews().filter(film_id=film_id).select_related("user")
    return reviews.order_by(*ordering) if ordering else reviews


def liked_review_ids(user: User, review_ids: list[int]) -> list[int]:
    """Which of these reviews the member likes."""
    return list(
        ReviewLike.objects.filter(Q(user=user) & Q(review_id__in=review_ids))
        .order_by()
        .values_list("review_id", flat=True)
    )
