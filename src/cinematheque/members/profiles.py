"""Members' profiles: who may see them, the four favourite films, and the statistics
drawn on the profile and the year in review.

Every statistic is aggregated by the database (GROUP BY / SUM), one query each, so a
profile costs the same for ten films as for ten thousand. "Seen" films are those
marked watched or logged in the diary; hours count each diary viewing, plus one
viewing of a film marked watched without a diary entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Cast, ExtractMonth, ExtractYear

from cinematheque.catalogue.certifications import ContentLimit
from cinematheque.catalogue.links import slug_url
from cinematheque.catalogue.models import Film, FilmGenre
from cinematheque.members.content_limit import rows_within_limit
from cinematheque.members.models import (
    DiaryEntry,
    FavouriteFilm,
    Rating,
    User,
    WatchedFilm,
)
from cinematheque.people.models import Credit

FAVOURITE_SLOTS = 4
TOP_N = 8


def is_owner_or_admin(viewer: User | None, owner_id: int) -> bool:
    """The owner and administrators see everything of a member."""
    return (
        viewer is not None
        and viewer.is_authenticated
        and (viewer.pk == owner_id or viewer.is_superuser)
    )


def can_see_profile(owner: User, viewer: User | None) -> bool:
    """Whether `viewer` sees the profile's contents (not just the name)."""
    if is_owner_or_admin(viewer, owner.pk):
        return True
    return owner.profile_public and owner.is_active


@transaction.atomic
def favourites_set(*, user: User, films: Sequence[Film | None]) -> None:
    """Put these films (at most four; None leaves a slot empty) in the member's
    favourite slots, replacing what was there."""
    if len(films) > FAVOURITE_SLOTS:
        raise ValidationError(f"Choose at most {FAVOURITE_SLOTS} favourite films.")
    chosen = [film for film in films if film is not None]
    if len({film.pk for film in chosen}) != len(chosen):
        raise ValidationError("Each favourite film can be chosen once.")
    FavouriteFilm.objects.filter(user=user).delete()
    FavouriteFilm.objects.bulk_create(
        FavouriteFilm(user=user, film=film, position=slot)
        for slot, film in enumerate(films, start=1)
        if film is not None
    )


def film_named(text: str) -> Film:
    """The film whose address (slug) is `text`, else the one film titled exactly
    `text` (any case); a ValidationError naming the candidates when several are."""
    text = text.strip()
    film = Film.objects.filter(slug=text).first()
    if film is not None:
        return film
    titled = list(Film.objects.filter(title__iexact=text).order_by("year")[:5])
    if len(titled) == 1:
        return titled[0]
    if not titled:
        raise ValidationError(f"No film is called or has the address “{text}”.")
    choices = ", ".join(f"{f.display_title}: {f.slug}" for f in titled)
    raise ValidationError(
        f"Several films are called “{text}”; write the address of one ({choices})."
    )


def favourites(
    user: User, content_limit: ContentLimit | None = None
) -> list[FavouriteFilm]:
    """The member's favourite films, without those the viewer's limit hides."""
    chosen = FavouriteFilm.objects.filter(user=user)
    return list(rows_within_limit(chosen, content_limit).select_related("film"))


def recent_diary(
    user: User, limit: int = 10, content_limit: ContentLimit | None = None
) -> list[DiaryEntry]:
    """The member's latest diary entries, without the films the viewer's content
    limit hides."""
    entries = rows_within_limit(DiaryEntry.objects.filter(user=user), content_limit)
    return list(entries.select_related("film")[:limit])


@dataclass
class Bar:
    """One bar of a chart: its label, value and a link if it has one."""

    label: str
    value: float
    url: str = ""


@dataclass
class Stats:
    seen: int = 0
    viewings: int = 0
    minutes: int = 0
    rating_counts: list[int] = field(default_factory=lambda: [0] * 10)
    per_year: list[Bar] = field(default_factory=list)
    per_month: list[Bar] = field(default_factory=list)
    directors: list[Bar] = field(default_factory=list)
    actors: list[Bar] = field(default_factory=list)
    genres: list[Bar] = field(default_factory=list)
    decades: list[Bar] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def rating_bars(self) -> list[Bar]:
        return [
            Bar(label=f"{n / 2:g}", value=count)
            for n, count in enumerate(self.rating_counts, start=1)
        ]


def _seen_films(
    user: User, year: int | None, content_limit: ContentLimit | None
) -> QuerySet[Film]:
    films = Film.objects.within_content_limit(content_limit)
    diary = DiaryEntry.objects.filter(user=user)
    if year is not None:
        diary = diary.filter(watched_on__year=year)
        return films.filter(id__in=diary.values("film_id"))
    watched = WatchedFilm.objects.filter(user=user).values("film_id")
    return films.filter(Q(id__in=watched) | Q(id__in=diary.values("film_id")))


def _people_bars(films: QuerySet[Film], department: str) -> list[Bar]:
    rows = (
        Credit.objects.filter(film__in=films, department=department)
        .values("person__name", "person__slug")
        .annotate(n=Count("film", distinct=True))
        .order_by("-n", "person__name")[:TOP_N]
    )
    return [
        Bar(
            label=row["person__name"],
            value=row["n"],
            url=slug_url("people:person", row["person__slug"]),
        )
        for row in rows
    ]


def member_stats(
    user: User,
    *,
    year: int | None = None,
    content_limit: ContentLimit | None = None,
) -> Stats:
    """The member's statistics, over everything or one year of the diary. Under the
    viewer's `content_limit` the films it hides count for nothing (their viewings,
    hours, ratings, people and genres), so no number gives them away."""
    stats = Stats()
    films = _seen_films(user, year, content_limit)
    diary = rows_within_limit(DiaryEntry.objects.filter(user=user), content_limit)
    if year is not None:
        diary = diary.filter(watched_on__year=year)
    stats.seen = films.count()
    totals = diary.aggregate(n=Count("id"), minutes=Sum("film__runtime"))
    stats.viewings = totals["n"] or 0
    stats.minutes = totals["minutes"] or 0
    if year is None:
        undiaried = (
            rows_within_limit(WatchedFilm.objects.filter(user=user), content_limit)
            .exclude(film_id__in=diary.values("film_id"))
            .aggregate(minutes=Sum("film__runtime"))
        )
        stats.minutes += undiaried["minutes"] or 0
    # The profile counts the member's ratings; a year counts the ratings of its
    # diary entries (a rating has no date of its own once it is changed).
    rated = (
        rows_within_limit(Rating.objects.filter(user=user), content_limit).values_list(
            "value"
        )
        if year is None
        else diary.filter(rating__isnull=False).values_list("rating")
    )
    for value, n in rated.annotate(n=Count("id")).order_by():
        stats.rating_counts[value - 1] = n
    if year is None:
        per_year = (
            diary.annotate(y=ExtractYear("watched_on"))
            .values("y")
            .annotate(n=Count("id"))
            .order_by("y")
        )
        stats.per_year = [Bar(label=str(r["y"]), value=r["n"]) for r in per_year]
    else:
        per_month = dict(
            diary.annotate(m=ExtractMonth("watched_on"))
            .values("m")
            .annotate(n=Count("id"))
            .order_by("m")
            .values_list("m", "n")
        )
        stats.per_month = [
            Bar(label=date(2000, m, 1).strftime("%b"), value=per_month.get(m, 0))
            for m in range(1, 13)
        ]
    stats.directors = _people_bars(films, Credit.Department.DIRECTING)
    stats.actors = _people_bars(films, Credit.Department.ACTING)
    genres = (
        FilmGenre.objects.filter(film__in=films)
        .values("genre__name", "genre__slug")
        .annotate(n=Count("film", distinct=True))
        .order_by("-n", "genre__name")[:TOP_N]
    )
    stats.genres = [
        Bar(
            label=r["genre__name"],
            value=r["n"],
            url=slug_url("catalogue:genre", r["genre__slug"]),
        )
        for r in genres
    ]
    decades = (
        films.exclude(year__isnull=True)
        .annotate(decade=Cast("year", IntegerField()) / 10 * 10)
        .values("decade")
        .annotate(n=Count("id"))
        .order_by("decade")
    )
    stats.decades = [Bar(label=f"{r['decade']}s", value=r["n"]) for r in decades]
    return stats


def diary_years(user: User, content_limit: ContentLimit | None = None) -> list[int]:
    """The years with diary entries, newest first (for the year-in-review links)."""
    rows = (
        rows_within_limit(DiaryEntry.objects.filter(user=user), content_limit)
        .annotate(y=ExtractYear("watched_on"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )
    return list(rows)


def year_highlights(
    user: User,
    year: int,
    limit: int = 8,
    content_limit: ContentLimit | None = None,
) -> list[Any]:
    """The year's best-rated viewings, highest rating first, then the latest."""
    entries = DiaryEntry.objects.filter(
        user=user, watched_on__year=year, rating__isnull=False
    )
    return list(
        rows_within_limit(entries, content_limit)
        .select_related("film")
        .order_by("-rating", "-watched_on")[:limit]
    )
