"""Time of "For you" for a member with 500 ratings, with and without other members.

Adds benchmark members to a database holding the bundled catalogue and its "Don't
forget to watch" lists, times `for_you()` (what /me/for-you/ and
/api/v1/me/recommendations compute on each request) and removes them again:

- the member alone (content evidence only: 500 seeds, their stored lists);
- the member among `--members` others with `--ratings-each` ratings each, drawn from
  the same popular films, so that most pairs have many co-raters (co-ratings read).

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/for_you.py [--ratings 500]
        [--members 300] [--ratings-each 200] [--runs 15] [--seed 3]

DIR holds a database with the bundled catalogue and its lists (`cinematheque init`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "bench-for-you-"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()


def popular_films(count: int) -> list[int]:
    """The films that have a stored list, most notable first: what members rate."""
    from cinematheque.catalogue.models import Film

    return list(
        Film.objects.filter(recommendations__rank=1)
        .order_by("-notability", "id")
        .values_list("id", flat=True)[:count]
    )


def add_member(name: str, films: list[int], rng: np.random.Generator):
    from django.contrib.auth import get_user_model

    from cinematheque.members.models import Rating

    user = get_user_model().objects.create_user(username=name, password=None)
    # Skewed like real ratings: more 3½ to 4½ stars than ½ to 1.
    values = rng.choice(
        np.arange(1, 11),
        size=len(films),
        p=np.array([1, 1, 2, 3, 5, 8, 12, 14, 10, 6]) / 62,
    )
    Rating.objects.bulk_create(
        [
            Rating(user=user, film_id=film, value=int(value))
            for film, value in zip(films, values, strict=True)
        ],
        batch_size=2000,
    )
    return user


def timed(user, runs: int) -> tuple[float, float, int, int]:
    """Median and worst of `runs` calls, in ms, with the number of suggestions and
    of co-raters read."""
    from cinematheque.recommendations.for_you import for_you

    seconds = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = for_you(user=user, limit=24)
        seconds.append(time.perf_counter() - started)
    assert result is not None  # noqa: S101
    return (
        statistics.median(seconds) * 1000,
        max(seconds) * 1000,
        result.total,
        result.co_raters,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratings", type=int, default=500)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--ratings-each", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__startswith=PREFIX)
    users.delete()  # a run interrupted before
    rng = np.random.default_rng(args.seed)
    pool = popular_films(max(args.ratings, args.ratings_each) * 3)
    if len(pool) < args.ratings:
        raise SystemExit(
            "Too few films with lists: run `cinematheque recommendations rebuild`."
        )
    try:
        member = add_member(
            PREFIX + "member",
            rng.choice(pool, size=args.ratings, replace=False).tolist(),
            rng,
        )
        median, worst, total, _ = timed(member, args.runs)
        print(
            f"alone: {args.ratings} ratings -> {total} suggestions, "
            f"median {median:.0f} ms, worst {worst:.0f} ms ({args.runs} runs)"
        )
        started = time.perf_counter()
        for number in range(args.members):
            add_member(
                f"{PREFIX}{number}",
                rng.choice(pool, size=args.ratings_each, replace=False).tolist(),
                rng,
            )
        print(
            f"added {args.members} members x {args.ratings_each} ratings in "
            f"{time.perf_counter() - started:.1f} s"
        )
        median, worst, total, co_raters = timed(member, args.runs)
        print(
            f"among {args.members} members: {total} suggestions from {co_raters} "
            f"co-raters, median {median:.0f} ms, worst {worst:.0f} ms"
        )
    finally:
        users.delete()


if __name__ == "__main__":
    main()
