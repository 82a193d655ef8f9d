""" "For you": films for one member, from their own ratings and diary, each with the
reason it is there ("Because you rated Heat ★★★★½").

Two kinds of evidence, summed per candidate film over the member's rated films (the
*seeds*), each weighted by how much the member liked the seed (`_taste`):

- **Content**: the stored "Don't forget to watch" lists (similar-film edges with their
  reasons: same director, leads, collection, genre and era). A seed's list scores its
  films by their similarity relative to the list's best. This works with a single
  member on the instance: their ratings choose which lists count, and how much.
- **Co-ratings** (item-item): members who rated both the seed and the candidate. The
  similarity is the adjusted cosine (Sarwar et al., 2001) of the two films' ratings,
  each centred on its member's mean, counted only from `MIN_CO_RATERS` co-raters and
  shrunk by n / (n + `SHRINKAGE`), so a pair seen by three members barely counts and
  one seen by fifty counts nearly in full; it weighs `CO_RATING_WEIGHT` times a
  content edge. As the members' ratings grow, the co-ratings dominate.

Films the member rated, logged or watched are never suggested; films on their
watchlist form their own row (`watchlist=True`). A content limit removes the films it
hides. Nothing is stored: the lists are computed on request (benchmarks/for_you.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count

from cinematheque.catalogue.certifications import ContentLimit
from cinematheque.catalogue.models import Film
from cinematheque.members.models import (
    DiaryEntry,
    Rating,
    User,
    WatchedFilm,
    WatchlistEntry,
)
from cinematheque.recommendations.models import Recommendation

MIN_CO_RATERS = 3
SHRINKAGE = 10.0
CO_RATING_WEIGHT = 2.0
# Only the members who share the most rated films with this one are read: enough
# for stable co-ratings, and bounded work on a large instance.
NEIGHBOURS = 300
# A rating in half stars (1-10) as a weight: 5 stars +1, 3 stars 0, ½ star -1.
NEUTRAL_RATING = 6
# A film logged in the diary or marked watched without a rating: mildly liked.
UNRATED_WEIGHT = 0.25
MAX_RESULTS = 500
SEED_CHUNK = 64


@dataclass
class Suggestion:
    film: Film
    score: float
    reason: str  # "Because you rated Heat ★★★★½"
    detail: str  # what links the two: "Also directed by Michael Mann", "12 members…"
    because: Film | None = None


@dataclass
class ForYou:
    items: list[Suggestion] = field(default_factory=list)
    total: int = 0
    seeds: int = 0  # how many of the member's films the list is drawn from
    co_raters: int = 0  # members whose ratings were read


@dataclass
class _Seed:
    weight: float
    rating: int | None  # half stars, None for a film watched without a rating


@dataclass
class _Evidence:
    score: float = 0.0
    best: tuple[float, int, str] = (0.0, 0, "")  # contribution, seed, detail


def stars(half_stars: int) -> str:
    """★★★★½ for 9 half stars."""
    return "★" * (half_stars // 2) + ("½" if half_stars % 2 else "")


def for_you(
    *,
    user: User,
    limit: int = 24,
    offset: int = 0,
    content_limit: ContentLimit | None = None,
    watchlist: bool = False,
) -> ForYou:
    """The member's suggestions, best first, `limit` from `offset`, with `total`.

    With `watchlist`, the films on the member's watchlist ranked by the same
    evidence (those it says nothing about last, most recently added first)."""
    seeds = _taste(user)
    result = ForYou(seeds=len(seeds))
    if not seeds and not watchlist:
        return result
    evidence: dict[int, _Evidence] = defaultdict(_Evidence)
    _add_content(evidence, seeds)
    result.co_raters = _add_co_ratings(evidence, seeds, user)
    on_watchlist = list(
        WatchlistEntry.objects.filter(user=user)
        .order_by("-added_at")
        .values_list("film_id", flat=True)
    )
    if watchlist:
        order = {film_id: index for index, film_id in enumerate(on_watchlist)}
        ranked = sorted(
            on_watchlist,
            key=lambda film_id: (
                -max(evidence[film_id].score, 0.0) if film_id in evidence else 0.0,
                order[film_id],
            ),
        )
    else:
        seen = (
            set(seeds)
            | set(on_watchlist)
            | set(
                WatchedFilm.objects.filter(user=user).values_list("film_id", flat=True)
            )
        )
        ranked = sorted(
            (
                film_id
                for film_id, found in evidence.items()
                if found.score > 0 and film_id not in seen
            ),
            key=lambda film_id: (-evidence[film_id].score, film_id),
        )[:MAX_RESULTS]
    ranked = _within_limit(ranked, content_limit)
    result.total = len(ranked)
    page = ranked[offset : offset + limit]
    films = Film.objects.with_card_relations().in_bulk(page)
    seed_films = Film.objects.only("id", "title", "year", "slug").in_bulk(
        {evidence[film_id].best[1] for film_id in page if film_id in evidence}
    )
    for film_id in page:
        found = evidence.get(film_id, _Evidence())
        seed = seed_films.get(found.best[1])
        result.items.append(
            Suggestion(
                film=films[film_id],
                score=round(found.score, 4),
                reason=_reason(seed, seeds.get(found.best[1])),
                detail=found.best[2],
                because=seed,
            )
        )
    return result


def _taste(user: User) -> dict[int, _Seed]:
    """The member's films with how much they liked each: the rating, else the latest
    rated diary entry, else a small positive weight for a film only watched."""
    seeds: dict[int, _Seed] = {}
    for film_id, value in (
        DiaryEntry.objects.filter(user=user)
        .order_by("watched_on", "id")
        .values_list("film_id", "rating")
    ):
        if value is not None:
            seeds[film_id] = _Seed(_weight(value), value)
        else:
            seeds.setdefault(film_id, _Seed(UNRATED_WEIGHT, None))
    for film_id in WatchedFilm.objects.filter(user=user).values_list(
        "film_id", flat=True
    ):
        seeds.setdefault(film_id, _Seed(UNRATED_WEIGHT, None))
    for film_id, value in Rating.objects.filter(user=user).values_list(
        "film_id", "value"
    ):
        seeds[film_id] = _Seed(_weight(value), value)
    return seeds


def _weight(half_stars: int) -> float:
    return (half_stars - NEUTRAL_RATING) / (10 - NEUTRAL_RATING)


def _add_content(evidence: dict[int, _Evidence], seeds: dict[int, _Seed]) -> None:
    """Each seed's stored list, its scores relative to the list's best."""
    lists: dict[int, list[tuple[int, float, str]]] = defaultdict(list)
    for film_id, recommended_id, score, reason in Recommendation.objects.filter(
        film_id__in=[film_id for film_id, seed in seeds.items() if seed.weight]
    ).values_list("film_id", "recommended_id", "score", "reason"):
        lists[film_id].append((recommended_id, score, reason))
    for film_id, entries in lists.items():
        top = max(score for _, score, _ in entries) or 1.0
        weight = seeds[film_id].weight
        for recommended_id, score, reason in entries:
            _credit(evidence[recommended_id], weight * score / top, film_id, reason)


def _add_co_ratings(
    evidence: dict[int, _Evidence], seeds: dict[int, _Seed], user: User
) -> int:
    """Item-item evidence from the members who rated the most of the same films;
    returns how many members were read."""
    rated = [film_id for film_id, seed in seeds.items() if seed.rating is not None]
    if not rated:
        return 0
    neighbours = list(
        Rating.objects.filter(film_id__in=rated)
        .exclude(user=user)
        .values("user_id")
        .annotate(shared=Count("id"))
        .filter(shared__gte=1)
        .order_by("-shared", "user_id")
        .values_list("user_id", flat=True)[:NEIGHBOURS]
    )
    if not neighbours:
        return 0
    rows = np.array(
        list(
            Rating.objects.filter(user_id__in=neighbours).values_list(
                "user_id", "film_id", "value"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    users, user_index = np.unique(rows[:, 0], return_inverse=True)
    means = np.bincount(user_index, weights=rows[:, 2]) / np.bincount(user_index)
    # A film rated by fewer than MIN_CO_RATERS of them can share no pair with enough
    # co-raters: leaving it out keeps the dense arrays below small.
    film_ids, raters = np.unique(rows[:, 1], return_counts=True)
    films = film_ids[raters >= MIN_CO_RATERS]
    kept = np.isin(rows[:, 1], films)
    user_index, film_index = user_index[kept], np.searchsorted(films, rows[kept, 1])
    values = rows[kept, 2].astype(np.float32)
    rated_by = np.zeros((len(users), len(films)), np.float32)
    rated_by[user_index, film_index] = 1.0
    x = np.zeros_like(rated_by)
    x[user_index, film_index] = values - means[user_index].astype(np.float32)
    norms = np.sqrt((x * x).sum(axis=0))
    seed_columns = np.flatnonzero(np.isin(films, rated))
    if not len(seed_columns):
        return len(users)
    weights = np.array([seeds[int(films[column])].weight for column in seed_columns])
    total = np.zeros(len(films))
    best = np.zeros(len(films))
    best_seed = np.zeros(len(films), dtype=np.int64)
    best_count = np.zeros(len(films), dtype=np.int64)
    # Seeds a chunk at a time (seeds by films): the arrays stay small whatever the
    # number of seeds, and no pair is visited in Python.
    for start in range(0, len(seed_columns), SEED_CHUNK):
        chunk = seed_columns[start : start + SEED_CHUNK]
        co_raters = rated_by[:, chunk].T @ rated_by
        products = x[:, chunk].T @ x
        energy = norms[chunk, None] * norms[None, :]
        correlation = np.divide(
            products, energy, out=np.zeros_like(products), where=energy > 0
        )
        shrunk = correlation * co_raters / (co_raters + SHRINKAGE)
        shrunk[co_raters < MIN_CO_RATERS] = 0.0
        shrunk[np.arange(len(chunk)), chunk] = 0.0  # a seed and itself
        contributions = (
            weights[start : start + len(chunk), None] * CO_RATING_WEIGHT * shrunk
        )
        total += contributions.sum(axis=0)
        strongest = contributions.argmax(axis=0)
        value = contributions[strongest, np.arange(len(films))]
        better = value > best
        best[better] = value[better]
        best_seed[better] = chunk[strongest[better]]
        best_count[better] = co_raters[strongest[better], np.flatnonzero(better)]
    for column in np.flatnonzero(total != 0).tolist():
        found = evidence[int(films[column])]
        found.score += float(total[column])
        if best[column] > found.best[0]:
            found.best = (
                float(best[column]),
                int(films[best_seed[column]]),
                f"{int(best_count[column])} members rated both",
            )
    return len(users)


def _credit(found: _Evidence, contribution: float, seed: int, detail: str) -> None:
    found.score += contribution
    if contribution > found.best[0]:
        found.best = (contribution, seed, detail)


def _within_limit(film_ids: list[int], limit: ContentLimit | None) -> list[int]:
    if limit is None or not film_ids:
        return film_ids
    allowed = set(
        Film.objects.filter(pk__in=film_ids)
        .within_content_limit(limit)
        .values_list("id", flat=True)
    )
    return [film_id for film_id in film_ids if film_id in allowed]


def _reason(seed: Film | None, taste: _Seed | None) -> str:
    if seed is None or taste is None:
        return "On your watchlist"
    if taste.rating is None:
        return f"Because you watched {seed.display_title}"
    return f"Because you rated {seed.display_title} {stars(taste.rating)}"
