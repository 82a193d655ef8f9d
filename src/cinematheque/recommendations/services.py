"""Writes of the recommendations read model: rebuild every list, or refresh around one
film whose data changed."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from cinematheque.catalogue.models import Film, FilmGenre, FilmRelation
from cinematheque.pages.cache import page_cache_forget
from cinematheque.people.models import Credit
from cinematheque.recommendations.data import (
    ROLE_OF_DEPARTMENT,
    _membership_model,
    catalogue_load,
    catalogue_stats,
    stats_for_subset,
)
from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.reasons import reasons_build
from cinematheque.recommendations.similarity import (
    FeatureSpace,
    Weights,
    pair_scores,
    space_build,
    space_rank,
)

LIST_LENGTH = 12
BATCH_SIZE = 2048

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RebuildResult:
    films: int
    recommendations: int
    seconds: float
    read_seconds: float  # reading the catalogue and building the matrices
    compute_seconds: float  # ranking and writing the reasons
    write_seconds: float  # storing the lists


def recommendations_rebuild(
    *,
    limit: int = LIST_LENGTH,
    batch_size: int = BATCH_SIZE,
    weights: Weights | None = None,
    progress: Progress | None = None,
) -> RebuildResult:
    """Compute and store the list of every film.

    Films are processed in batches of consecutive ids; each batch replaces its films'
    lists in one transaction, so a page never reads a half-written list, and the
    site stays usable during a rebuild.
    """
    started = time.perf_counter()
    data = catalogue_load()
    space = space_build(data, catalogue_stats(data), weights)
    read = time.perf_counter() - started
    computed_at = timezone.now()
    written = 0
    compute = write = 0.0
    if progress:
        progress(0, data.size)
    for start in range(0, data.size, batch_size):
        films = np.arange(start, min(start + batch_size, data.size))
        batch_started = time.perf_counter()
        rows = _rows(space, films, limit=limit)
        compute += time.perf_counter() - batch_started
        batch_started = time.perf_counter()
        with transaction.atomic():
            Recommendation.objects.filter(
                film_id__gte=int(data.film_ids[films[0]]),
                film_id__lte=int(data.film_ids[films[-1]]),
            ).delete()
            _insert(rows, computed_at)
        write += time.perf_counter() - batch_started
        written += len(rows)
        if progress:
            progress(int(films[-1]) + 1, data.size)
        page_cache_forget(recommendations=True)  # the pages of this batch's films
    # Films deleted since the last rebuild lost their rows by cascade; rows of films
    # beyond the last id cannot exist.
    return RebuildResult(
        films=data.size,
        recommendations=written,
        seconds=time.perf_counter() - started,
        read_seconds=read,
        compute_seconds=compute,
        write_seconds=write,
    )


@transaction.atomic
def recommendations_refresh_for_film(
    *, film: Film, limit: int = LIST_LENGTH, weights: Weights | None = None
) -> int:
    """Recompute the list of `film` after its data changed (credits, genres, years,
    collections, relations), and its place in the lists of the films it shares a
    person, collection or relation with, or that list it now. Returns how many lists
    were rewritten.

    Only the films around `film` are read (a few seconds on the bundled catalogue); lists
    that `film` could enter through its genre and era alone are updated by the next
    `recommendations_rebuild`.
    """
    data = catalogue_load(film_ids=_neighbourhood(film, weights or Weights()))
    space = space_build(data, stats_for_subset(data), weights)
    (position,) = data.index_of([film.pk])
    computed_at = timezone.now()
    rows = _rows(space, np.array([position]), limit=limit)
    Recommendation.objects.filter(film=film).delete()
    _insert(rows, computed_at)
    page_cache_forget(recommendations=True)
    return 1 + _place_in_other_lists(
        space, position, limit=limit, computed_at=computed_at
    )


Row = tuple[int, int, int, float, str, str]  # film, recommended, rank, score…
COLUMNS = ("film", "recommended", "rank", "score", "kind", "reason", "computed_at")


def _rows(space: FeatureSpace, films: np.ndarray, *, limit: int) -> list[Row]:
    ranked = space_rank(space, films, limit=limit)
    kinds, reasons = reasons_build(space, ranked.films, ranked.candidates)
    ids = space.data.film_ids
    return list(
        zip(
            ids[ranked.films].tolist(),
            ids[ranked.candidates].tolist(),
            ranked.ranks.tolist(),
            np.round(ranked.scores, 4).tolist(),
            kinds,
            [reason[:200] for reason in reasons],
            strict=True,
        )
    )


def _insert(rows: list[Row], computed_at: datetime) -> None:
    """Insert rows without building model instances: a rebuild of a 1,000,000-film
    catalogue writes 12 million of them. COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    meta = Recommendation._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    column_of = {
        field.name: field.column or field.name for field in meta.concrete_fields
    }
    columns = ", ".join(quote(column_of[name]) for name in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row((*row, computed_at))
            return
        stamp = connection.ops.adapt_datetimefield_value(computed_at)
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names come from the model
            [(*row, stamp) for row in rows],
        )


def _place_in_other_lists(
    space: FeatureSpace, position: int, *, limit: int, computed_at
) -> int:
    """Insert, move or drop the refreshed film in the lists of its neighbours, keeping
    the other entries of those lists as they are."""
    data = space.data
    film_id = int(data.film_ids[position])
    others = np.flatnonzero(data.work != data.work[position])
    listing = set(
        Recommendation.objects.filter(recommended_id=film_id).values_list(
            "film_id", flat=True
        )
    )
    shares_signal = np.asarray(
        (space.combined[others] @ space.combined[position].T).todense()
    ).ravel()
    posted = np.asarray(
        (space.profile_keys[others] @ space.postings[:, position]).todense()
    ).ravel()
    eligible = (shares_signal > 0) | (posted > 0)
    affected = others[eligible | np.isin(data.film_ids[others], list(listing))]
    if not len(affected):
        return 0
    scores = pair_scores(space, affected, np.full(len(affected), position))
    kinds, reasons = reasons_build(space, affected, np.full(len(affected), position))
    stored: dict[int, list[Recommendation]] = {}
    for row in Recommendation.objects.filter(
        film_id__in=data.film_ids[affected].tolist()
    ).order_by("film_id", "rank"):
        stored.setdefault(row.film_id, []).append(row)
    rewritten = 0
    for index, other in enumerate(affected):
        other_id = int(data.film_ids[other])
        current = stored.get(other_id, [])
        kept = [row for row in current if row.recommended_id != film_id]
        entries = [
            (row.score, row.recommended_id, row.kind, row.reason) for row in kept
        ]
        if eligible[np.searchsorted(others, other)]:
            entries.append(
                (
                    round(float(scores[index]), 4),
                    film_id,
                    kinds[index],
                    reasons[index][:200],
                )
            )
        entries.sort(key=lambda entry: (-entry[0], entry[1]))
        entries = entries[:limit]
        unchanged = [(e[1], e[3]) for e in entries] == [
            (row.recommended_id, row.reason) for row in current
        ]
        if unchanged:
            continue
        Recommendation.objects.filter(film_id=other_id).delete()
        _insert(
            [
                (other_id, recommended, rank, score, kind, reason)
                for rank, (score, recommended, kind, reason) in enumerate(entries, 1)
            ],
            computed_at,
        )
        rewritten += 1
    return rewritten


def _neighbourhood(film: Film, weights: Weights) -> set[int]:
    """Ids of the films that can be candidates for `film`: those sharing a person,
    collection or relation with it, the most notable films of its profile keys, and
    the films whose list holds it now."""
    ids = {film.pk}
    people = Credit.objects.filter(
        film=film, department__in=list(ROLE_OF_DEPARTMENT)
    ).values_list("person_id", flat=True)
    ids.update(
        Credit.objects.filter(
            person_id__in=list(people), department__in=list(ROLE_OF_DEPARTMENT)
        )
        .values_list("film_id", flat=True)
        .distinct()
    )
    relations = FilmRelation.objects.filter(Q(from_film=film) | Q(to_film=film))
    for source, target in relations.values_list("from_film_id", "to_film_id"):
        ids.update((source, target))
    memberships = _membership_model()
    if memberships is not None:
        collections = memberships.objects.filter(film_id=film.pk).values_list(
            "collection_id", flat=True
        )
        ids.update(
            memberships.objects.filter(collection_id__in=list(collections)).values_list(
                "film_id", flat=True
            )
        )
    ids.update(_profile_neighbours(film, weights))
    ids.update(
        Recommendation.objects.filter(recommended=film).values_list(
            "film_id", flat=True
        )
    )
    return ids


def _profile_neighbours(film: Film, weights: Weights) -> set[int]:
    """The most notable films of each profile key of `film` (see
    similarity._profile_index): a few more than kept, since a film with many genres
    keys only on its most common ones."""
    frequency = dict(
        FilmGenre.objects.values_list("genre_id").annotate(n=Count("film_id"))
    )
    genres = sorted(
        film.genres.values_list("id", flat=True),
        key=lambda genre: (-frequency.get(genre, 0), genre),
    )[: weights.profile_genres]
    films = Film.objects.order_by("-notability", "id")
    if len(genres) > 1:
        keyed = [
            films.filter(genres=first).filter(genres=second)
            for first, second in combinations(genres, 2)
        ]
    elif genres:
        other_genres = FilmGenre.objects.exclude(genre_id=genres[0])
        keyed = [
            films.filter(genres=genres[0]).exclude(
                id__in=other_genres.values("film_id")
            )
        ]
    else:
        keyed = [films.filter(genres=None)]
    windows: list[tuple[int | None, int | None]] = []
    if film.year:
        low = film.year // 5 * 5
        shifted = (film.year + 2) // 5 * 5 - 2
        windows = [(low, low + 4), (shifted, shifted + 4)]
    margin = weights.profile_candidates * 3
    ids = set(films.values_list("id", flat=True)[: 2 * weights.profile_candidates])
    for queryset in keyed:
        for first, last in windows or [(None, None)]:
            scoped = (
                queryset.filter(year__gte=first, year__lte=last)
                if first is not None
                else queryset.filter(year=None)
            )
            ids.update(scoped.values_list("id", flat=True)[:margin])
    return ids
