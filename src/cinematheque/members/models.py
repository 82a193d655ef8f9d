"""Members and what they keep: accounts, ratings, viewings, watchlists, reviews,
lists and follows. Every row a member owns goes when the account goes (CASCADE)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from cinematheque.catalogue.certifications import CEILING_CHOICES


class User(AbstractUser):
    """The site's account model (`AUTH_USER_MODEL`).

    It keeps Django's `auth_user` tables: databases created before members existed
    hold the staff accounts, their bylines and revisions there, and the `migrate`
    command of this app adopts them instead of copying (see `legacy.py`).
    """

    # auth_user's own key type: existing foreign keys to it are plain integers.
    id = models.AutoField(primary_key=True)

    class Meta(AbstractUser.Meta):
        db_table = "auth_user"
        swappable = "AUTH_USER_MODEL"

    profile_public = models.BooleanField(
        default=True,
        help_text="Anyone may see the profile, diary, ratings and public lists.",
    )
    bio = models.TextField(blank=True, max_length=2000)
    content_limit = models.CharField(
        max_length=16,
        blank=True,
        choices=CEILING_CHOICES,
        help_text="Hide films certified above this (e.g. PG-13) everywhere for this "
        "account; empty for no limit.",
    )
    content_limit_hides_unknown = models.BooleanField(
        default=False,
        help_text="With a content limit, also hide films whose certification is "
        "unknown (most films of the bundled catalogue have none).",
    )
    email_verified = models.BooleanField(
        default=False,
        help_text="The member followed the link sent to this address; only a "
        "verified address receives password-reset links.",
    )
    region = models.CharField(
        max_length=2,
        blank=True,
        help_text="ISO 3166-1 country for where-to-watch; empty to guess.",
    )


HALF_STARS = [(n, f"{n / 2:g}") for n in range(1, 11)]


class Rating(models.Model):
    """A member's rating of a film, in half stars: 1 = ½ star … 10 = 5 stars."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ratings")
    film = models.ForeignKey(
        "catalogue.Film", on_delete=models.CASCADE, related_name="member_ratings"
    )
    value = models.PositiveSmallIntegerField(choices=HALF_STARS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "film"], name="one_rating_per_film"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=10),
                name="rating_in_half_stars",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} rated {self.film_id}: {self.value / 2:g}"


class RatingSummary(models.Model):
    """Stored counters of a film's member ratings, kept in step by the rating
    services, so that a page never counts ratings: `bucket_n` holds the ratings
    of n half stars."""

    film = models.OneToOneField(
        "catalogue.Film",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="member_rating_summary",
    )
    count = models.PositiveIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0, help_text="Sum of half stars.")
    bucket_1 = models.PositiveIntegerField(default=0)
    bucket_2 = models.PositiveIntegerField(default=0)
    bucket_3 = models.PositiveIntegerField(default=0)
    bucket_4 = models.PositiveIntegerField(default=0)
    bucket_5 = models.PositiveIntegerField(default=0)
    bucket_6 = models.PositiveIntegerField(default=0)
    bucket_7 = models.PositiveIntegerField(default=0)
    bucket_8 = models.PositiveIntegerField(default=0)
    bucket_9 = models.PositiveIntegerField(default=0)
    bucket_10 = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} member ratings of film {self.film_id}"

    @property
    def average_stars(self) -> float | None:
        return self.total / self.count / 2 if self.count else None

    def histogram(self) -> list[int]:
        """Counts for ½, 1, 1½ … 5 stars."""
        return [getattr(self, f"bucket_{n}") for n in range(1, 11)]


class WatchedFilm(models.Model):
    """A film the member has seen, once per film (viewings are diary entries)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="watched")
    film = models.ForeignKey(
        "catalogue.Film", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "film"], name="watched_once_per_film"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} watched film {self.film_id}"


class DiaryEntry(models.Model):
    """One viewing: several viewings of a film are several entries."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="diary")
    film = models.ForeignKey(
        "catalogue.Film", on_delete=models.CASCADE, related_name="+"
    )
    watched_on = models.DateField(db_index=True)
    rating = models.PositiveSmallIntegerField(choices=HALF_STARS, null=True, blank=True)
    rewatch = models.BooleanField(default=False)
    tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-watched_on", "-id"]
        verbose_name_plural = "diary entries"

    def __str__(self) -> str:
        return f"{self.user} watched film {self.film_id} on {self.watched_on}"


class WatchlistEntry(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="watchlist")
    film = models.ForeignKey(
        "catalogue.Film", on_delete=models.CASCADE, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "film"], name="on_watchlist_once")
        ]
        verbose_name_plural = "watchlist entries"

    def __str__(self) -> str:
        return f"film {self.film_id} on {self.user}'s watchlist"


class Review(models.Model):
    """A member's review in Markdown (rendered without raw HTML, sanitised)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reviews")
    film = models.ForeignKey(
        "catalogue.Film", on_delete=models.CASCADE, related_name="member_reviews"
    )
    diary_entry = models.OneToOneField(
        DiaryEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review",
    )
    body = models.TextField(max_length=20000)
    contains_spoilers = models.BooleanField(default=False)
    like_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user}'s review of film {self.film_id}"


class ReviewLike(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "review"], name="like_review_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} likes review {self.review_id}"


class FilmList(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="film_lists")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220)
    description = models.TextField(blank=True, max_length=5000)
    ranked = models.BooleanField(
        default=False, help_text="Ordered: the position of each film matters."
    )
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "slug"], name="list_slug_per_owner"
            )
        ]

    def __str__(self) -> str:
        return self.title


class FilmListItem(models.Model):
    film_list = models.ForeignKey(
        FilmList, on_delete=models.CASCADE, related_name="items"
    )
    film = models.ForeignKey(
        "catalogue.Film", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField()
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["film_list", "film"], name="film_once_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. film {self.film_id}"


class FavouriteFilm(models.Model):
    """The four films a member puts on their profile."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="favourites")
    film = models.ForeignKey(
        "catalogue.Film", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["user", "film"], name="favourite_once"),
            models.UniqueConstraint(fields=["user", "position"], name="favourite_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.user}'s favourite {self.position}: film {self.film_id}"


class Follow(models.Model):
    follower = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="following"
    )
    followed = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "followed"], name="follow_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")),
                name="no_self_follow",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower} follows {self.followed}"


class ApiToken(models.Model):
    """An API token: only its SHA-256 is stored; the member sees it once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(
        max_length=8, help_text="First characters, to tell tokens apart."
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}'s token {self.prefix}…"


# Import batches live beside their services; importing them here registers them.
from cinematheque.members.imports.models import (  # noqa: E402, F401
    ImportBatch,
    ImportRow,
    ImportUpload,
)
