"""Account services: signing up, changing what a member tells about themselves,
and deleting an account with every row it owns. Views, the admin and the API call
these; nothing else writes a member's account."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.module_loading import import_string

from cinematheque.members.models import Rating, RatingSummary, Review, ReviewLike, User
from cinematheque.pages.cache import page_cache_forget


def member_sign_up(*, username: str, email: str, password: str) -> User:
    """Create a member account (the password hashed with the first hasher, Argon2)."""
    model = get_user_model()
    user = model.objects.create_user(username=username, email=email, password=password)
    assert isinstance(user, User)  # noqa: S101  # AUTH_USER_MODEL
    return user


def email_in_use(email: str, *, except_user: User | None = None) -> bool:
    """Whether another account already has this address (case-insensitive): a
    password-reset link must reach one account only."""
    others = User.objects.filter(email__iexact=email.strip())
    if except_user is not None:
        others = others.exclude(pk=except_user.pk)
    return others.exists()


def member_change_email(user: User, email: str) -> None:
    """Set the member's e-mail address (where password-reset links go)."""
    user.email = User.objects.normalize_email(email.strip())
    user.save(update_fields=["email"])


def member_update_profile(
    user: User, *, profile_public: bool, bio: str, content_limit: str
) -> None:
    """Save the profile settings: public or private, the bio, the content limit."""
    user.profile_public = profile_public
    user.bio = bio
    user.content_limit = content_limit
    user.save(update_fields=["profile_public", "bio", "content_limit"])


def member_delete(user: User) -> None:
    """Delete the account and everything it owns: ratings, viewings, diary,
    watchlist, reviews and likes, lists, favourites, follows, API tokens and every
    session signed in as it. Counters other members see (a film's rating summary,
    a review's likes) are recounted, and the film pages that showed the member's
    ratings or reviews are rendered again."""
    with transaction.atomic():
        rated_films = set(
            Rating.objects.filter(user=user).values_list("film_id", flat=True)
        )
        reviewed_films = set(
            Review.objects.filter(user=user).values_list("film_id", flat=True)
        )
        liked_reviews = set(
            ReviewLike.objects.filter(user=user).values_list("review_id", flat=True)
        )
        sessions_end(user)
        user.delete()  # every member table points at the account with CASCADE
        rating_summaries_recount(rated_films)
        review_likes_recount(liked_reviews)
        liked_films = Review.objects.filter(pk__in=liked_reviews).values_list(
            "film_id", flat=True
        )
        page_cache_forget(films=rated_films | reviewed_films | set(liked_films))


def sessions_end(user: User) -> int:
    """Sign the member out everywhere: delete every session signed in as them."""
    engine = import_string(_session_engine() + ".SessionStore")
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            engine(session_key=session.session_key).delete()
            ended += 1
    return ended


def _session_engine() -> str:
    from django.conf import settings

    return settings.SESSION_ENGINE


def rating_summaries_recount(film_ids: Iterable[int]) -> None:
    """Rebuild the stored rating counters of these films from their ratings."""
    for film_id in film_ids:
        ratings = Rating.objects.filter(film_id=film_id)
        buckets = {
            row["value"]: row["n"]
            for row in ratings.order_by().values("value").annotate(n=Count("id"))
        }
        total = ratings.aggregate(total=Sum("value"))["total"] or 0
        RatingSummary.objects.update_or_create(
            film_id=film_id,
            defaults={
                "count": sum(buckets.values()),
                "total": total,
                **{f"bucket_{n}": buckets.get(n, 0) for n in range(1, 11)},
            },
        )


def review_likes_recount(review_ids: Iterable[int]) -> None:
    """Set the like counters of these reviews to their number of likes."""
    for review_id in review_ids:
        Review.objects.filter(pk=review_id).update(
            like_count=ReviewLike.objects.filter(review_id=review_id).count()
        )
