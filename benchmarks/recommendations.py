"""Offline evaluation of "Don't forget to watch", and the time of a full rebuild.

Holds out links the catalogue itself knows, hides from the model the features that
define each link, and asks whether the model still ranks the linked films in its top
ten, against a genre-only baseline ("more of the same genre", ties broken by
notability) and a random one:

- sequels by title: "Rocky", "Rocky II", "Rocky III" (numbered titles of one base);
- remakes by title: the same title at least eight years apart, sharing a genre;
- same collection: films of one published editorial collection (collection hidden);
- same director and a lead: films sharing a director and one of their three
  top-billed actors (every credit of those people hidden from the query film).

Titles are never a feature of the model, so title links are held out as they are. For
each query film, recall@10 is the share of its linked films in the top ten and nDCG@10
rewards finding them early; both are averaged over query films.

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/recommendations.py [--queries 2000]
        [--seed 7] [--time-rebuild]

DIR holds a database with the bundled catalogue (`cinematheque init`). --time-rebuild
also runs `recommendations_rebuild()` on it and prints how long it took.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TOP = 10
LEAD_ORDER = 2  # billing orders 0..2: the three top-billed actors
REMAKE_MIN_YEARS = 8
ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
SEQUEL_TITLE = re.compile(
    r"^(?P<base>.+?)\s+(?:part\s+|chapter\s+)?(?P<number>[2-9]|ii|iii|iv|v|vi|vii|viii|ix)"
    r"(?:\s*[:\-].*)?$"
)


@dataclass
class LinkSet:
    name: str
    relevant: dict[int, set[int]]  # query film position -> linked film positions
    hide: str  # which features to hide from the query film


@dataclass
class Scores:
    recall: float
    ndcg: float


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--queries", type=int, default=2000, help="query films sampled per link set"
    )
    parser.add_argument("--seed", type=int, default=7, help="sampling seed")
    parser.add_argument(
        "--time-rebuild",
        action="store_true",
        help="also rebuild every stored list and report the time",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()
    from cinematheque.recommendations.data import catalogue_load, catalogue_stats
    from cinematheque.recommendations.similarity import space_build

    started = time.perf_counter()
    data = catalogue_load()
    space = space_build(data, catalogue_stats(data))
    print(
        f"Catalogue: {data.size} films; model built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    rng = np.random.default_rng(args.seed)
    link_sets = [
        *title_links(data),
        collection_links(data),
        director_lead_links(data),
    ]
    header = (
        f"{'held-out links':28} {'queries':>7} {'links/q':>7}   "
        f"{'model R@10':>10} {'nDCG@10':>7}   {'genre R@10':>10} {'nDCG@10':>7}   "
        f"{'random R@10':>11} {'nDCG@10':>7}"
    )
    print(header)
    print("-" * len(header))
    totals: dict[str, list[tuple[int, Scores]]] = defaultdict(list)
    for links in link_sets:
        queries = sorted(links.relevant)
        if len(queries) > args.queries:
            queries = sorted(rng.choice(queries, args.queries, replace=False).tolist())
        if not queries:
            print(f"{links.name:28} {0:>7}   (no such links in this catalogue)")
            continue
        relevant = {query: links.relevant[query] for query in queries}
        results = {
            "model": evaluate(relevant, model_ranker(space, links)),
            "genre": evaluate(relevant, genre_ranker(space)),
            "random": evaluate(relevant, random_ranker(space, rng)),
        }
        for name, scores in results.items():
            totals[name].append((len(queries), scores))
        per_query = np.mean([len(r) for r in relevant.values()])
        print(
            f"{links.name:28} {len(queries):>7} {per_query:>7.1f}   "
            + "   ".join(
                f"{results[name].recall:>{10 if name != 'random' else 11}.3f} "
                f"{results[name].ndcg:>7.3f}"
                for name in ("model", "genre", "random")
            )
        )
    print("-" * len(header))
    weighted = {
        name: Scores(
            recall=sum(n * s.recall for n, s in rows) / sum(n for n, _ in rows),
            ndcg=sum(n * s.ndcg for n, s in rows) / sum(n for n, _ in rows),
        )
        for name, rows in totals.items()
    }
    print(
        f"{'all (weighted by queries)':28} {'':>7} {'':>7}   "
        + "   ".join(
            f"{weighted[name].recall:>{10 if name != 'random' else 11}.3f} "
            f"{weighted[name].ndcg:>7.3f}"
            for name in ("model", "genre", "random")
        )
    )
    if args.time_rebuild:
        from cinematheque.recommendations.services import recommendations_rebuild

        result = recommendations_rebuild()
        print(
            f"Full rebuild: {result.recommendations} recommendations for "
            f"{result.films} films in {result.seconds:.1f} s (reading and matrices "
            f"{result.read_seconds:.1f} s, ranking and reasons "
            f"{result.compute_seconds:.1f} s, writing {result.write_seconds:.1f} s)"
        )
    return 0


# --- Link sets ---------------------------------------------------------------------


def _normalise(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9:\- ]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def title_links(data) -> list[LinkSet]:
    from cinematheque.catalogue.models import Film

    titles = dict(Film.objects.values_list("id", "title"))
    position = {int(pk): index for index, pk in enumerate(data.film_ids)}
    by_title: dict[str, list[int]] = defaultdict(list)
    by_base: dict[str, list[int]] = defaultdict(list)
    for pk, title in titles.items():
        normal = _normalise(title)
        by_title[normal].append(position[pk])
        match = SEQUEL_TITLE.match(normal)
        if match and len(match["base"]) >= 3:
            by_base[match["base"].strip(" :-")].append(position[pk])
    sequels: dict[int, set[int]] = defaultdict(set)
    for base, numbered in by_base.items():
        family = set(numbered) | set(by_title.get(base, []))
        _link_all(sequels, data, family, lambda a, b: data.years[a] != data.years[b])
    remakes: dict[int, set[int]] = defaultdict(set)
    genres = _genre_sets(data)
    for films in by_title.values():
        if len(films) > 1:
            _link_all(
                remakes,
                data,
                set(films),
                lambda a, b: (
                    abs(int(data.years[a]) - int(data.years[b])) >= REMAKE_MIN_YEARS
                    and bool(genres[a] & genres[b])
                ),
            )
    return [
        LinkSet("sequels by title", dict(sequels), hide="relation"),
        LinkSet("remakes by title", dict(remakes), hide="relation"),
    ]


def collection_links(data) -> LinkSet:
    members: dict[int, set[int]] = defaultdict(set)
    for film, collection in zip(
        data.collections.films, data.collections.keys, strict=True
    ):
        members[int(collection)].add(int(film))
    relevant: dict[int, set[int]] = defaultdict(set)
    for films in members.values():
        _link_all(relevant, data, films, lambda a, b: True)
    return LinkSet("same collection", dict(relevant), hide="collection")


def director_lead_links(data) -> LinkSet:
    from cinematheque.recommendations.data import CAST, DIRECTOR

    credits = data.credits
    directed: dict[int, list[int]] = defaultdict(list)
    led: dict[int, list[int]] = defaultdict(list)
    for film, person, role, order in zip(
        credits.films, credits.people, credits.roles, credits.orders, strict=True
    ):
        if role == DIRECTOR:
            directed[int(person)].append(int(film))
        elif role == CAST and order <= LEAD_ORDER:
            led[int(person)].append(int(film))
    shared_director: dict[tuple[int, int], set[int]] = defaultdict(set)
    for person, films in directed.items():
        for a in films:
            for b in films:
                if a != b:
                    shared_director[(a, b)].add(person)
    relevant: dict[int, set[int]] = defaultdict(set)
    for films in led.values():
        for a in films:
            for b in films:
                if (a, b) in shared_director and data.work[a] != data.work[b]:
                    relevant[a].add(b)
    return LinkSet("same director and a lead", dict(relevant), hide="people")


def _link_all(
    relevant: dict[int, set[int]],
    data,
    films: set[int],
    keep: Callable[[int, int], bool],
) -> None:
    for a in films:
        for b in films:
            if a != b and data.work[a] != data.work[b] and keep(a, b):
                relevant[a].add(b)


def _genre_sets(data) -> list[set[int]]:
    genres: list[set[int]] = [set() for _ in range(data.size)]
    for film, genre in zip(data.genres.films, data.genres.keys, strict=True):
        genres[int(film)].add(int(genre))
    return genres


# --- Rankers -------------------------------------------------------------------------

Ranker = Callable[[list[int], dict[int, set[int]]], dict[int, list[int]]]


def model_ranker(space, links: LinkSet) -> Ranker:
    """The model, with the features that define each query's links hidden."""
    from cinematheque.recommendations.data import CAST, DIRECTOR
    from cinematheque.recommendations.similarity import SIGNALS, space_rank

    widths = [space.signals[name].shape[1] for name in SIGNALS]
    block_of_column = np.repeat(np.arange(len(SIGNALS)), widths)
    key_of_column = np.concatenate([space.signal_keys[name] for name in SIGNALS])
    people_blocks = [SIGNALS.index(name) for name in ("director", "writer", "cast")]
    credits = space.data.credits
    defining: dict[int, set[int]] = defaultdict(set)  # film -> directors and leads
    for film, person, role, order in zip(
        credits.films, credits.people, credits.roles, credits.orders, strict=True
    ):
        if role == DIRECTOR or (role == CAST and order <= LEAD_ORDER):
            defining[int(film)].add(int(person))

    def hidden_people(query: int, relevant: set[int]) -> set[int]:
        """Directors and leads the query shares with its linked films: every credit
        of theirs (as director, writer or actor) is hidden from the query."""
        shared: set[int] = set()
        for other in relevant:
            shared |= defining[query] & defining[other]
        return shared

    def rank(queries: list[int], relevant: dict[int, set[int]]) -> dict[int, list[int]]:
        films = np.array(queries)
        query = space.combined[films].tocsr().copy()
        rows = np.repeat(np.arange(len(films)), np.diff(query.indptr))
        blocks = block_of_column[query.indices]
        if links.hide in ("relation", "collection"):
            hidden = blocks == SIGNALS.index(links.hide)
        else:
            hidden = np.zeros(len(rows), bool)
            for row, film in enumerate(queries):
                people = hidden_people(film, relevant[film])
                in_row = rows == row
                hidden |= (
                    in_row
                    & np.isin(blocks, people_blocks)
                    & np.isin(key_of_column[query.indices], list(people))
                )
        query.data[hidden] = 0
        query.eliminate_zeros()
        ranked = space_rank(space, films, limit=TOP, query=query)
        result: dict[int, list[int]] = defaultdict(list)
        for film, candidate in zip(ranked.films, ranked.candidates, strict=True):
            result[int(film)].append(int(candidate))
        return result

    return _chunked(rank)


def genre_ranker(space) -> Ranker:
    """ "More of the same genre": Jaccard overlap of genres, notability breaks ties."""
    genres = space.genres
    sizes = np.asarray(genres.sum(axis=1)).ravel()
    work = space.data.work

    def rank(queries: list[int], relevant: dict[int, set[int]]) -> dict[int, list[int]]:
        films = np.array(queries)
        overlap = (genres[films] @ genres.T).toarray()
        union = sizes[films][:, None] + sizes[None, :] - overlap
        score = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
        score = score + 1e-6 * space.popularity[None, :]
        score[work[films][:, None] == work[None, :]] = -np.inf
        top = np.argsort(-score, axis=1, kind="stable")[:, :TOP]
        return {film: top[row].tolist() for row, film in enumerate(queries)}

    return _chunked(rank)


def random_ranker(space, rng: np.random.Generator) -> Ranker:
    work = space.data.work

    def rank(queries: list[int], relevant: dict[int, set[int]]) -> dict[int, list[int]]:
        result = {}
        for film in queries:
            picks = rng.choice(space.size, TOP * 2, replace=False)
            result[film] = [int(p) for p in picks if work[p] != work[film]][:TOP]
        return result

    return rank


def _chunked(rank: Ranker, size: int = 500) -> Ranker:
    def chunked(queries: list[int], relevant: dict[int, set[int]]):
        result: dict[int, list[int]] = {}
        for start in range(0, len(queries), size):
            result.update(rank(queries[start : start + size], relevant))
        return result

    return chunked


def evaluate(relevant: dict[int, set[int]], ranker: Ranker) -> Scores:
    queries = sorted(relevant)
    ranked = ranker(queries, relevant)
    recalls, ndcgs = [], []
    for query in queries:
        wanted = relevant[query]
        top = ranked.get(query, [])[:TOP]
        hits = [rank for rank, film in enumerate(top, 1) if film in wanted]
        recalls.append(len(hits) / len(wanted))
        ideal = sum(
            1 / math.log2(rank + 1) for rank in range(1, min(len(wanted), TOP) + 1)
        )
        ndcgs.append(sum(1 / math.log2(rank + 1) for rank in hits) / ideal)
    return Scores(recall=float(np.mean(recalls)), ndcg=float(np.mean(ndcgs)))


if __name__ == "__main__":
    sys.exit(main())
