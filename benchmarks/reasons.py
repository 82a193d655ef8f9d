"""How varied and how telling the reasons of "Don't forget to watch" are.

Compares the lists stored in the database (what the last `recommendations rebuild`
wrote: "before" when it ran with the previous code) with the reasons the current code
gives for the same films, recomputed in memory (nothing is written):

- lists whose every reason is one repeated sentence ("A thriller from the 2010s" twelve times);
- lists in which some sentence appears three times or more;
- distinct sentences per list (mean, and the share of lists with fewer than half);
- profile-only reasons (genre, era, language) given although the two films share a
  person, a collection or a sequel link;
- "X and Y again" reasons that name an actor billed after 4th in either film (a bit
  player named as if he led both films).

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/reasons.py [--films N]

DIR holds a database with the bundled catalogue and its lists (`cinematheque init`).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGAIN = re.compile(r"^(?P<first>.+) and (?P<second>.+) again$")
LEAD_ORDERS = 4  # billing orders 0..3: the four top-billed actors

Lists = dict[
    int, list[tuple[int, str, str]]
]  # film id -> (recommended id, kind, reason)


@dataclass
class Counts:
    lists: int
    single_sentence: int
    thrice_repeated: int
    distinct_mean: float
    under_half_distinct: int
    profile_despite_signal: int
    again: int
    again_bit_player: int


def setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()


def stored_lists(film_ids: list[int]) -> Lists:
    from cinematheque.recommendations.models import Recommendation

    lists: Lists = defaultdict(list)
    rows = (
        Recommendation.objects.filter(film_id__in=film_ids)
        .order_by("film_id", "rank")
        .values_list("film_id", "recommended_id", "kind", "reason")
    )
    for film, recommended, kind, reason in rows.iterator(chunk_size=10_000):
        lists[film].append((recommended, kind, reason))
    return lists


def recomputed_lists(space, film_ids: list[int], limit: int = 12) -> Lists:
    from cinematheque.recommendations.reasons import reasons_build
    from cinematheque.recommendations.similarity import space_rank

    data = space.data
    positions = data.index_of(film_ids)
    lists: Lists = defaultdict(list)
    for start in range(0, len(positions), 2048):
        ranked = space_rank(space, positions[start : start + 2048], limit=limit)
        kinds, reasons = reasons_build(space, ranked.films, ranked.candidates)
        for film, candidate, kind, reason in zip(
            data.film_ids[ranked.films].tolist(),
            data.film_ids[ranked.candidates].tolist(),
            kinds,
            reasons,
            strict=True,
        ):
            lists[film].append((candidate, kind, reason))
    return lists


def signal_pairs_of(space, *all_lists: Lists) -> set[tuple[int, int]]:
    """The pairs of the lists whose films share a person, a collection or a
    relation (by the model's own matrices)."""
    import numpy as np

    pairs = sorted(
        {
            (film, recommended)
            for lists in all_lists
            for film, entries in lists.items()
            for recommended, _kind, _reason in entries
        }
    )
    if not pairs:
        return set()
    films = space.data.index_of(film for film, _ in pairs)
    recommended = space.data.index_of(other for _, other in pairs)
    shared = np.asarray(
        space.combined[films].multiply(space.combined[recommended]).sum(axis=1)
    ).ravel()
    return {pair for pair, value in zip(pairs, shared, strict=True) if value > 0}


def cast_orders(film_ids: set[int]) -> dict[tuple[int, str], int]:
    from cinematheque.people.models import Credit

    orders: dict[tuple[int, str], int] = {}
    rows = Credit.objects.filter(department=Credit.Department.ACTING).values_list(
        "film_id", "person__name", "order"
    )
    for film, name, order in rows.iterator(chunk_size=50_000):
        if film in film_ids:
            key = (film, name)
            orders[key] = min(order, orders.get(key, order))
    return orders


def count(
    lists: Lists, orders: dict[tuple[int, str], int], signal_pairs: set[tuple[int, int]]
) -> Counts:
    single = thrice = under_half = despite = again = bit_player = 0
    distinct_total = 0
    for film, entries in lists.items():
        sentences = Counter(reason for _recommended, _kind, reason in entries)
        distinct_total += len(sentences)
        single += len(entries) > 1 and len(sentences) == 1
        thrice += max(sentences.values()) >= 3
        under_half += len(sentences) < len(entries) / 2
        for recommended, kind, reason in entries:
            if kind == "profile" and (film, recommended) in signal_pairs:
                despite += 1
            match = AGAIN.match(reason)
            if not match:
                continue
            again += 1
            for name in match.groups():
                billed = [orders.get((side, name), 999) for side in (film, recommended)]
                if max(billed) >= LEAD_ORDERS:
                    bit_player += 1
                    break
    return Counts(
        lists=len(lists),
        single_sentence=single,
        thrice_repeated=thrice,
        distinct_mean=distinct_total / max(len(lists), 1),
        under_half_distinct=under_half,
        profile_despite_signal=despite,
        again=again,
        again_bit_player=bit_player,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--films", type=int, default=0, help="only the first N films by id (0: all)"
    )
    args = parser.parse_args()
    setup_django()
    from cinematheque.catalogue.models import Film

    film_ids = list(Film.objects.order_by("id").values_list("id", flat=True))
    if args.films:
        film_ids = film_ids[: args.films]
    from cinematheque.recommendations.data import catalogue_load, catalogue_stats
    from cinematheque.recommendations.similarity import space_build

    started = time.perf_counter()
    data = catalogue_load()
    space = space_build(data, catalogue_stats(data))
    before = stored_lists(film_ids)
    after = recomputed_lists(space, film_ids)
    signal_pairs = signal_pairs_of(space, before, after)
    orders = cast_orders(
        {
            film
            for lists in (before, after)
            for owner, entries in lists.items()
            for film in (owner, *(entry[0] for entry in entries))
        }
    )
    rows = [("stored (before)", count(before, orders, signal_pairs))]
    rows.append(("current code (after)", count(after, orders, signal_pairs)))
    print(f"{len(film_ids)} films, {time.perf_counter() - started:.0f} s")
    header = (
        f"{'':22} {'lists':>6} {'one sentence':>12} {'a sentence 3+':>14} "
        f"{'distinct/list':>13} {'<half distinct':>14} {'profile∧signal':>14} "
        f"{'again':>6} {'again, bit player':>17}"
    )
    print(header)
    for label, c in rows:
        print(
            f"{label:22} {c.lists:>6} {c.single_sentence:>12} {c.thrice_repeated:>14} "
            f"{c.distinct_mean:>13.2f} {c.under_half_distinct:>14} "
            f"{c.profile_despite_signal:>14} {c.again:>6} {c.again_bit_player:>17}"
        )


if __name__ == "__main__":
    main()
