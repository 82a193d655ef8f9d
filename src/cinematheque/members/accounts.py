"""Account services: signing up, changing what a member tells about themselves,
and deleting an account with every row it owns. Views, the admin and the API call
these; nothing else writes a member's account."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from cinematheque.members.models import Rating, Review, ReviewLike, User
from cinematheque.members.ratings import rating_summaries_rebuild
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
    """Set the member's e-mail address (where password-reset links go once it is
    verified: a new address starts unverified) and tell the previous address, so
    that a stolen session cannot take the account quietly. The caller sends the
    verification link (email_verification.py)."""
    previous = user.email
    user.email = User.objects.normalize_email(email.strip())
    if previous.lower() != user.email.lower():
        user.email_verified = False  # the new address is verified by its own link
    user.save(update_fields=["email", "email_verified"])
    if previous and previous.lower() != user.email.lower():
        context = {"user": user, "previous": previous}
        send_mail(
            subject=render_to_string(
                "members/accounts/email_changed_subject.txt", context
            ).strip(),
            message=render_to_string("members/accounts/email_changed.txt", context),
            from_email=None,
            recipient_list=[previous],
            fail_silently=True,
        )


def member_update_profile(
    user: User, *, profile_public: bool, bio: str, content_limit: str | None = None
) -> None:
    """Save the profile settings: public or private, the bio, and the content limit
    unless it is None (left as it is)."""
    user.profile_public = profile_public
    user.bio = bio.strip()
    fields = ["profile_public", "bio"]
    if content_limit is not None:
        user.content_limit = content_limit
        fields.append("content_limit")
    user.save(update_fields=fields)


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
        rating_summaries_rebuild(film_ids=rated_films)
        review_likes_recount(liked_reviews)
        liked_films = Review.objects.filter(pk__in=liked_reviews).values_list(
            "film_id", flat=True
        )
        page_cache_forget(films=rated_films | reviewed_films | set(liked_films))


def sessions_end(user: User) -> int:
    """Sign the member out everywhere: delete every session signed in as them (the
    expired ones too). Sessions are stored encoded, so each is decoded: a scan of
    the session table, which deleting an account can afford."""
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    ended = 0
    for session in Session.objects.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def review_likes_recount(review_ids: Iterable[int]) -> None:
    """Set the like counters of these reviews to their number of likes."""
    for review_id in review_ids:
        Review.objects.filter(pk=review_id).update(
            like_count=ReviewLike.objects.filter(review_id=review_id).count()
        )
