"""Content-based film similarity over sparse film x feature matrices.

Each *signal* is a sparse matrix with one row per film and one column per thing two
films can share (a director, a writer, a cast member, a collection, a sequel link),
scaled so that the dot product of two rows is that signal's contribution to the pair's
score. People columns are weighted by rarity (IDF: a person in few films says more than
one in many) and, for the cast, by billing on both sides (two films sharing their leads
score far above two films sharing a bit player). A member-based signal (ratings) fits
the same mould later: one column per member, mean-centred ratings as values, and its
product gives item-to-item collaborative scores that add to these.

Signals count in full between films of one kind and less across genres (a genre
gate), so a director's crime films come before his biopic. The *profile* part (genres,
countries and languages, each an IDF-weighted cosine, plus closeness in years and a
small preference for notable films) is dense by nature, so it is never multiplied out
for all pairs. It is scored only for candidate pairs: films
sharing any signal, plus the most notable films of each (genre pair, five-year window)
the film belongs to. Scoring a block of films therefore costs two sparse products and
some per-pair arithmetic, which scales to a 1,000,000-film catalogue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.sparse import csr_matrix, diags, hstack

from cinematheque.recommendations.data import (
    CAST,
    DIRECTOR,
    WRITER,
    CatalogueData,
    CatalogueStats,
    Links,
)

SIGNALS = ("relation", "director", "collection", "cast", "writer")
PROFILE = "profile"
SIGNAL_FLOOR = 1.0  # about what a supporting player shared by two films counts for


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts. Tuned with benchmarks/recommendations.py."""

    director: float = 2.0
    writer: float = 2.0
    cast: float = 1.5
    collection: float = 1.5
    relation: float = 3.0
    genre: float = 6.0
    country: float = 1.0
    language: float = 1.0
    era: float = 1.5
    era_years: float = 4.0  # years apart at which closeness falls to about 0.6
    notability: float = 1.0
    billing_scale: float = 5.0  # cast weight 1 / (1 + order / billing_scale)
    people_candidates: int = 100  # best signal matches kept per film before profiles
    profile_candidates: int = 8  # most notable films kept per profile key
    profile_genres: int = 4  # genres of a film used to form its profile keys
    variety: float = 0.85  # factor per earlier film owed to the same person
    genre_gate: float = 0.5  # share of a signal that depends on genre likeness


@dataclass
class FeatureSpace:
    """Everything needed to score films of `data` against each other."""

    data: CatalogueData
    stats: CatalogueStats
    weights: Weights
    signals: dict[str, csr_matrix]
    signal_keys: dict[str, np.ndarray]
    cast_scale: np.ndarray  # per cast column: the value of a top-billed credit
    combined: csr_matrix
    combined_t: csr_matrix
    profile: csr_matrix
    genres: csr_matrix  # binary films x genre, columns as in genre_keys
    genre_rows: csr_matrix  # the same, IDF-weighted with rows of length 1
    genre_keys: np.ndarray
    genre_idf: np.ndarray
    languages: csr_matrix
    language_keys: np.ndarray
    language_share: np.ndarray  # fraction of the catalogue in each language
    popularity: np.ndarray
    profile_keys: csr_matrix  # films x profile key
    postings: csr_matrix  # profile key x its most notable films
    countries: csr_matrix | None = None  # binary films x country (for reasons)
    country_keys: np.ndarray | None = None
    country_share: np.ndarray | None = None  # fraction of the catalogue per country

    @property
    def size(self) -> int:
        return self.data.size


@dataclass
class Ranked:
    """The best candidates of some films: `films[k]` recommends `candidates[k]` at
    `ranks[k]` (1-based) with `scores[k]`."""

    films: np.ndarray
    candidates: np.ndarray
    scores: np.ndarray
    ranks: np.ndarray


def space_build(
    data: CatalogueData, stats: CatalogueStats, weights: Weights | None = None
) -> FeatureSpace:
    """Build the sparse matrices for `data`, weighting features by `stats`."""
    weights = weights or Weights()
    n = data.size
    total = max(stats.film_count, n)
    signals: dict[str, csr_matrix] = {}
    keys: dict[str, np.ndarray] = {}
    scales: dict[str, np.ndarray] = {}
    for name, role in (("director", DIRECTOR), ("writer", WRITER), ("cast", CAST)):
        signals[name], keys[name], scales[name] = _people_signal(
            data, stats, weights, name, role
        )
    signals["collection"], keys["collection"] = _weighted_links(
        data.collections,
        n,
        total,
        stats.frequencies.get("collection", {}),
        weights.collection,
    )
    signals["relation"], keys["relation"] = _relation_signal(data, total, weights)
    combined = hstack([signals[name] for name in SIGNALS], format="csr")

    genres, genre_keys = _binary(data.genres, n)
    genre_idf = _idf(
        _frequencies(genre_keys, stats.frequencies.get("genre", {})), total
    )
    countries, country_keys = _binary(data.countries, n)
    country_counts = _frequencies(country_keys, stats.frequencies.get("country", {}))
    country_idf = _idf(country_counts, total)
    languages, language_keys = _binary(data.languages, n)
    language_counts = _frequencies(language_keys, stats.frequencies.get("language", {}))
    genre_rows = _cosine_rows(genres, genre_idf)
    profile = hstack(
        [
            genre_rows * math.sqrt(weights.genre),
            _cosine_rows(countries, country_idf) * math.sqrt(weights.country),
            _cosine_rows(languages, _idf(language_counts, total))
            * math.sqrt(weights.language),
        ],
        format="csr",
    )
    popularity = np.zeros(n, np.float32)
    if stats.max_notability > 0:
        popularity = (
            np.log1p(np.clip(data.notability, 0, None))
            / math.log1p(stats.max_notability)
        ).astype(np.float32)
    profile_keys, postings = _profile_index(data, genres, genre_idf, weights)
    return FeatureSpace(
        data=data,
        stats=stats,
        weights=weights,
        signals=signals,
        signal_keys=keys,
        cast_scale=scales["cast"],
        combined=combined,
        combined_t=combined.T.tocsr(),
        profile=profile,
        genres=genres,
        genre_rows=genre_rows,
        genre_keys=genre_keys,
        genre_idf=genre_idf,
        languages=languages,
        language_keys=language_keys,
        language_share=language_counts / max(total, 1),
        popularity=popularity,
        profile_keys=profile_keys,
        postings=postings,
        countries=countries,
        country_keys=country_keys,
        country_share=country_counts / max(total, 1),
    )


def space_rank(
    space: FeatureSpace,
    films: np.ndarray,
    *,
    limit: int,
    query: csr_matrix | None = None,
) -> Ranked:
    """The `limit` best candidates for each of `films` (positions in the data), never
    the film itself nor another record of the same work.

    `query` replaces the films' signal rows (the evaluation hides the features that
    define a held-out link this way); by default they are the films' own rows.
    """
    films = np.asarray(films, dtype=np.int64)
    query = space.combined[films] if query is None else query
    shared = query @ space.combined_t
    shared = _drop_same_work(space, films, shared.tocsr())
    shared = _top_per_row(shared, space.weights.people_candidates)
    by_profile = space.profile_keys[films] @ space.postings
    union = (shared != 0).astype(np.int8) + (by_profile != 0).astype(np.int8)
    union = _drop_same_work(space, films, union.tocsr())
    local = np.repeat(np.arange(len(films)), np.diff(union.indptr))
    candidates = union.indices.astype(np.int64)
    signal_scores = np.asarray(shared[local, candidates]).ravel()
    scores = signal_scores * _genre_gate(
        space, films[local], candidates
    ) + profile_scores(space, films[local], candidates)
    local, candidates, scores = _best_first(local, candidates, scores)
    # Two records of one work (a re-release, a duplicate): keep the better one.
    works = (
        local * (int(space.data.work.max(initial=0)) + 1) + space.data.work[candidates]
    )
    _, first = np.unique(works, return_index=True)
    first = np.sort(first)
    local, candidates, scores = local[first], candidates[first], scores[first]
    # Variety: the second film owed to one person (or collection) counts a little
    # less, the third less again, so that Heat's list is not all Michael Mann.
    pool = _ranks(local, len(films)) <= limit * 3
    local, candidates, scores = local[pool], candidates[pool], scores[pool]
    owed_to = _strongest_shared(space, query, local, candidates)
    order = np.lexsort((-scores, owed_to, local))
    grouped = np.stack([local[order], owed_to[order]], axis=1)
    starts = np.r_[True, np.any(grouped[1:] != grouped[:-1], axis=1)]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
    repeats = np.zeros(len(order))
    repeats[order] = np.arange(len(order)) - group_start
    repeats[owed_to < 0] = 0
    scores = scores * space.weights.variety**repeats
    local, candidates, scores = _best_first(local, candidates, scores)
    ranks = _ranks(local, len(films))
    keep = ranks <= limit
    return Ranked(
        films=films[local[keep]],
        candidates=candidates[keep],
        scores=scores[keep].astype(np.float64),
        ranks=ranks[keep],
    )


def _best_first(
    local: np.ndarray, candidates: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # One stable sort on (film, -score) as in _top_per_row; equal scores keep the
    # order they came in (candidates ascending on the first call).
    if not len(scores):
        return local, candidates, scores
    key = local - scores * (0.5 / (np.abs(scores).max() + 1.0))
    order = np.argsort(key, kind="stable")
    return local[order], candidates[order], scores[order]


def _ranks(local: np.ndarray, count: int) -> np.ndarray:
    """1-based position of each entry within its film (entries grouped by film)."""
    starts = np.searchsorted(local, np.arange(count))
    return np.arange(len(local)) - starts[local] + 1


def _strongest_shared(
    space: FeatureSpace, query: csr_matrix, local: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """For each pair, a code for the one shared thing that counts most (a director,
    an actor, a collection…), or -1 if nothing shared counts for SIGNAL_FLOOR."""
    best = np.zeros(len(local))
    code = np.full(len(local), -1, dtype=np.int64)
    offset = 0
    for index, name in enumerate(SIGNALS):
        width = space.signals[name].shape[1]
        rows = query[:, offset : offset + width]
        offset += width
        product = rows[local].multiply(space.signals[name][candidates]).tocsr()
        if not product.nnz:
            continue
        pair = np.repeat(np.arange(len(local)), np.diff(product.indptr))
        order = np.lexsort((product.indices, -product.data, pair))
        first = order[np.r_[True, pair[order][1:] != pair[order][:-1]]]
        stronger = product.data[first] > best[pair[first]]
        winners = pair[first][stronger]
        best[winners] = product.data[first][stronger]
        code[winners] = index * 2**40 + product.indices[first][stronger].astype(
            np.int64
        )
    code[best < SIGNAL_FLOOR] = -1
    return code


def profile_scores(
    space: FeatureSpace, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """Genre, country and language likeness, closeness in years and the notability of
    `right`, for each pair (left[k], right[k])."""
    if not len(left):
        return np.zeros(0)
    likeness = np.asarray(
        space.profile[left].multiply(space.profile[right]).sum(axis=1)
    ).ravel()
    years_left, years_right = space.data.years[left], space.data.years[right]
    apart = (years_left - years_right).astype(np.float64)
    closeness = np.where(
        (years_left > 0) & (years_right > 0),
        np.exp(-(apart**2) / (2 * space.weights.era_years**2)),
        0.0,
    )
    return (
        likeness
        + space.weights.era * closeness
        + space.weights.notability * space.popularity[right]
    )


def pair_contributions(
    space: FeatureSpace, left: np.ndarray, right: np.ndarray
) -> dict[str, np.ndarray]:
    """Each signal's share of the score of the pairs (left[k], right[k]), and the
    profile's under PROFILE."""
    gate = _genre_gate(space, left, right)
    parts = {
        name: np.asarray(
            space.signals[name][left].multiply(space.signals[name][right]).sum(axis=1)
        ).ravel()
        * gate
        for name in SIGNALS
    }
    parts[PROFILE] = profile_scores(space, left, right)
    return parts


def _genre_gate(space: FeatureSpace, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """How much of the people's evidence counts: all of it between films of one kind,
    less across genres (Michael Mann's crime films before his biopic)."""
    if not len(left):
        return np.zeros(0)
    likeness = np.asarray(
        space.genre_rows[left].multiply(space.genre_rows[right]).sum(axis=1)
    ).ravel()
    gate = space.weights.genre_gate
    return (1.0 - gate) + gate * likeness


def pair_scores(space: FeatureSpace, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The full score of each pair, as `space_rank` computes it."""
    return np.sum(list(pair_contributions(space, left, right).values()), axis=0)


def _people_signal(
    data: CatalogueData,
    stats: CatalogueStats,
    weights: Weights,
    name: str,
    role: int,
) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    mask = data.credits.roles == role
    films = data.credits.films[mask]
    people = data.credits.people[mask]
    orders = data.credits.orders[mask]
    # One entry per (film, person): the best billing when a person has two jobs.
    order = np.lexsort((orders, people, films))
    films, people, orders = films[order], people[order], orders[order]
    first = np.ones(len(films), bool)
    first[1:] = (films[1:] != films[:-1]) | (people[1:] != people[:-1])
    films, people, orders = films[first], people[first], orders[first]
    keys, columns = np.unique(people, return_inverse=True)
    frequencies = _frequencies(keys, stats.frequencies.get(name, {}))
    # A person in one film of the whole catalogue can never be shared: no column.
    useful = frequencies[columns] >= 2
    idf = _idf(frequencies, max(stats.film_count, data.size))
    scale = np.sqrt(getattr(weights, name) * idf)
    values = scale[columns]
    if role == CAST:
        values = values / (1.0 + orders / weights.billing_scale)
    else:
        # A writers' room of seven shares less of its film than a sole author: each
        # credit is scaled by the fourth root of the film's count in that role, so a
        # pair's product falls with the square root of both counts multiplied.
        per_film = np.bincount(films, minlength=data.size)
        values = values / per_film[films] ** 0.25
    matrix = csr_matrix(
        (values[useful], (films[useful], columns[useful])),
        shape=(data.size, len(keys)),
    )
    return matrix, keys, scale


def _weighted_links(
    links: Links,
    n: int,
    total: int,
    frequencies: dict[int, int],
    weight: float,
) -> tuple[csr_matrix, np.ndarray]:
    binary, keys = _binary(links, n)
    idf = _idf(_frequencies(keys, frequencies), total)
    return _scale_columns(binary, np.sqrt(weight * idf)), keys


def _relation_signal(
    data: CatalogueData, total: int, weights: Weights
) -> tuple[csr_matrix, np.ndarray]:
    """One column per relation (a sequel, a remake…), held by both its films."""
    count = len(data.relations)
    columns = np.arange(count)
    value = math.sqrt(weights.relation * _idf(np.array([2]), total)[0])
    matrix = csr_matrix(
        (
            np.full(2 * count, value),
            (
                np.concatenate([data.relations[:, 0], data.relations[:, 1]])
                if count
                else np.zeros(0, np.int32),
                np.concatenate([columns, columns]),
            ),
        ),
        shape=(data.size, count),
    )
    return matrix, columns


def _binary(links: Links, n: int) -> tuple[csr_matrix, np.ndarray]:
    keys, columns = np.unique(links.keys, return_inverse=True)
    matrix = csr_matrix(
        (np.ones(len(columns), np.float64), (links.films, columns)),
        shape=(n, len(keys)),
    )
    matrix.data[:] = 1.0  # a duplicated link counts once
    return matrix, keys


def _frequencies(keys: np.ndarray, known: dict[int, int]) -> np.ndarray:
    return np.array([known.get(int(key), 1) for key in keys], dtype=np.float64)


def _idf(frequencies: np.ndarray, total: int) -> np.ndarray:
    # The smooth IDF of TF-IDF (log((1 + n) / (1 + df)) + 1), on catalogue-wide counts so that a
    # refresh of a few films weights them as a full rebuild does.
    return np.log((1.0 + total) / (1.0 + frequencies)) + 1.0


def _scale_columns(matrix: csr_matrix, scale: np.ndarray) -> csr_matrix:
    scaled = matrix.copy()
    scaled.data = scaled.data * scale[scaled.indices]
    return scaled


def _cosine_rows(binary: csr_matrix, idf: np.ndarray) -> csr_matrix:
    if not binary.shape[1]:  # nothing of this kind in the catalogue
        return binary
    return rows_l2_normalised(_scale_columns(binary, idf))


def rows_l2_normalised(matrix: csr_matrix) -> csr_matrix:
    """Each row divided by its Euclidean length (rows of zeros stay zero), so that the
    dot product of two rows is their cosine."""
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    return csr_matrix(diags(1.0 / lengths) @ matrix)


def _top_per_row(matrix: csr_matrix, limit: int) -> csr_matrix:
    """Keep the `limit` largest entries of each row (ties: lower column first)."""
    counts = np.diff(matrix.indptr)
    if not len(counts) or counts.max() <= limit:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    long_rows = counts[rows] > limit  # only these need sorting
    entries = np.flatnonzero(long_rows)
    matrix.sort_indices()
    # One stable sort on (row, -value): the rows are whole numbers apart and every
    # value is below 1 after scaling, so the key orders rows first, then values.
    scale = 0.5 / (np.abs(matrix.data[entries]).max() + 1.0)
    key = rows[entries] - matrix.data[entries] * scale
    order = entries[np.argsort(key, kind="stable")]
    rank = np.arange(len(order)) - np.searchsorted(rows[order], rows[order])
    keep = np.sort(np.concatenate([np.flatnonzero(~long_rows), order[rank < limit]]))
    return csr_matrix(
        (matrix.data[keep], (rows[keep], matrix.indices[keep])), shape=matrix.shape
    )


def _drop_same_work(
    space: FeatureSpace, films: np.ndarray, matrix: csr_matrix
) -> csr_matrix:
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    same = space.data.work[matrix.indices] == space.data.work[films[rows]]
    if same.any():
        matrix = matrix.copy()
        matrix.data[same] = 0
        matrix.eliminate_zeros()
    return matrix


def _profile_index(
    data: CatalogueData, genres: csr_matrix, genre_idf: np.ndarray, weights: Weights
) -> tuple[csr_matrix, csr_matrix]:
    """Profile keys (a pair of the film's genres, in a five-year window; and one key
    for the whole catalogue) and, for each key, its most notable films: the
    candidates that share no signal."""
    n = data.size
    none = genres.shape[1]  # stands for "no genre"
    # Genre lists are long for some films (Heat has seven); its most common genres
    # describe a film better than its rarest, so keys use the most common few.
    owners = np.repeat(np.arange(n), np.diff(genres.indptr))
    order = np.lexsort((genres.indices, genre_idf[genres.indices], owners))
    owners, columns = owners[order], genres.indices[order]
    rank = np.arange(len(owners)) - genres.indptr[owners]
    keep = rank < weights.profile_genres
    owners, columns, rank = owners[keep], columns[keep], rank[keep]
    counts = np.bincount(owners, minlength=n)
    pair_films: list[np.ndarray] = [np.flatnonzero(counts == 0)]
    pair_codes: list[np.ndarray] = [np.full(len(pair_films[0]), none * (none + 1))]
    for count in range(1, weights.profile_genres + 1):
        films = np.flatnonzero(counts == count)
        if not len(films):
            continue
        chosen = np.isin(owners, films)
        table = np.zeros((n, count), np.int64)
        table[owners[chosen], rank[chosen]] = columns[chosen]
        table = np.sort(table[films], axis=1)
        pairs: list[tuple[int, int | None]] = [*combinations(range(count), 2)] or [
            (0, None)
        ]
        for first, second in pairs:
            other = table[:, second] if second is not None else none
            pair_films.append(films)
            pair_codes.append(table[:, first] * (none + 1) + other)
    key_films = np.concatenate(pair_films)
    key_codes = np.concatenate(pair_codes)
    years = data.years[key_films]
    windows = [
        np.where(years > 0, years // 5, -1),
        np.where(years > 0, (years + 2) // 5 + 1000, -1),
    ]
    # Every film also holds the catalogue-wide key, whose postings are the most
    # notable films of all: a film with a thin profile still gets a full list.
    all_owners = np.concatenate([key_films, key_films, np.arange(n)])
    all_keys = np.concatenate(
        [key_codes * 4096 + (w + 1) for w in windows] + [np.full(n, -1, np.int64)]
    )
    unique, key_columns = np.unique(all_keys, return_inverse=True)
    incidence = csr_matrix(
        (np.ones(len(key_columns), np.int8), (all_owners, key_columns)),
        shape=(n, len(unique)),
    )
    order = np.lexsort(
        (data.film_ids[all_owners], -data.notability[all_owners], key_columns)
    )
    sorted_columns = key_columns[order]
    starts = np.searchsorted(sorted_columns, np.arange(len(unique)))
    rank = np.arange(len(order)) - starts[sorted_columns]
    # The catalogue-wide key (sorted first: its code is -1) keeps twice as many.
    room = np.where(
        sorted_columns == 0 if len(unique) and unique[0] == -1 else False,
        2 * weights.profile_candidates,
        weights.profile_candidates,
    )
    kept = order[rank < room]
    postings = csr_matrix(
        (np.ones(len(kept), np.int8), (key_columns[kept], all_owners[kept])),
        shape=(len(unique), n),
    )
    return incidence, postings
