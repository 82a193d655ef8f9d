"""What the similarity model reads from the database, as NumPy arrays.

`catalogue_load()` reads the whole catalogue (for a rebuild) or a set of films (for a
refresh) with a handful of `values_list` queries streamed into arrays, so a
1,000,000-film catalogue is never held as Python objects. `CatalogueStats` carries the
catalogue-wide counts (how many films, how many films each person, genre… appears in)
that a subset needs to weight its features exactly as a full rebuild would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import numpy as np
from django.apps import apps
from django.db import models
from django.db.models import Count, Max, Q
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from cinematheque.catalogue.models import Film, FilmRelation
from cinematheque.people.models import Credit

# Roles of a credit that the model reads, as small integer codes.
DIRECTOR, WRITER, CAST = 0, 1, 2
ROLE_OF_DEPARTMENT = {
    Credit.Department.DIRECTING.value: DIRECTOR,
    Credit.Department.WRITING.value: WRITER,
    Credit.Department.ACTING.value: CAST,
}
# Relations that are worth recommending; VERSION_OF marks another record of the
# same film, which is never recommended.
RELATION_CODES = {
    FilmRelation.Kind.SEQUEL_TO.value: 0,
    FilmRelation.Kind.REMAKE_OF.value: 1,
    FilmRelation.Kind.BASED_ON.value: 2,
}
STREAM_CHUNK = 50_000
IN_BATCH = 900


@dataclass
class Links:
    """A film-to-thing incidence list: `films[k]` (a film index) links to `keys[k]`."""

    films: np.ndarray
    keys: np.ndarray

    @classmethod
    def empty(cls) -> Links:
        return cls(np.zeros(0, np.int32), np.zeros(0, np.int64))


@dataclass
class Credits:
    """Credits the model reads: film index, person id, role code, billing order."""

    films: np.ndarray
    people: np.ndarray
    roles: np.ndarray
    orders: np.ndarray


@dataclass
class CatalogueData:
    """The films (sorted by id) and their features, as arrays indexed by film position."""

    film_ids: np.ndarray
    years: np.ndarray  # 0 where unknown
    notability: np.ndarray
    work: np.ndarray  # films with the same value are records of one work
    credits: Credits
    genres: Links
    countries: Links
    languages: Links
    collections: Links
    relations: np.ndarray  # rows of (from index, to index, relation code)

    @property
    def size(self) -> int:
        return len(self.film_ids)

    def index_of(self, film_ids: Iterable[int]) -> np.ndarray:
        """Positions of the given film ids (which must be loaded)."""
        ids = np.fromiter(film_ids, np.int64)
        positions = np.searchsorted(self.film_ids, ids)
        if len(ids) and (
            positions.max() >= self.size
            or not np.array_equal(self.film_ids[positions], ids)
        ):
            raise KeyError("Some films are not in the loaded data.")
        return positions


@dataclass
class CatalogueStats:
    """Catalogue-wide counts for weighting: `frequencies[block]` maps a key (person
    id, genre id…) to the number of films it appears in."""

    film_count: int
    max_notability: float
    frequencies: dict[str, dict[int, int]] = field(default_factory=dict)


def catalogue_load(*, film_ids: Iterable[int] | None = None) -> CatalogueData:
    """Read every film (or only `film_ids`) with its credits, genres, countries,
    languages, collections and relations."""
    subset = None if film_ids is None else sorted(set(film_ids))
    ids, years, notability, imdb_ids = _stream(
        _only(Film.objects.order_by("id"), "id", subset),
        ("id", "year", "notability", "imdb_id"),
        [np.int64, np.int32, np.float32, object],
    )

    def position(raw_ids: np.ndarray) -> np.ndarray:
        return np.searchsorted(ids, raw_ids).astype(np.int32)

    # One query per department, so no department string is held per credit.
    parts = []
    for department, role in ROLE_OF_DEPARTMENT.items():
        films, people, orders = _stream(
            _only(Credit.objects.filter(department=department), "film_id", subset),
            ("film_id", "person_id", "order"),
            [np.int64, np.int64, np.int32],
        )
        parts.append((films, people, np.full(len(films), role, np.int8), orders))
    credits = Credits(
        films=position(np.concatenate([part[0] for part in parts])),
        people=np.concatenate([part[1] for part in parts]),
        roles=np.concatenate([part[2] for part in parts]),
        orders=np.concatenate([part[3] for part in parts]),
    )

    def links(through: type[models.Model], key: str) -> Links:
        rows = _stream(
            _only(through._default_manager.all(), "film_id", subset),
            ("film_id", key),
            [np.int64, np.int64],
        )
        return Links(position(rows[0]), rows[1])

    relation_rows = _stream(
        _relations(subset),
        ("from_film_id", "to_film_id", "kind"),
        [np.int64] * 2 + [object],
    )
    version_pairs = relation_rows[2] == FilmRelation.Kind.VERSION_OF
    kept = np.isin(relation_rows[2], list(RELATION_CODES))
    present = np.isin(relation_rows[0], ids) & np.isin(relation_rows[1], ids)
    relations = np.column_stack(
        [
            position(relation_rows[0][kept & present]),
            position(relation_rows[1][kept & present]),
            np.array(
                [RELATION_CODES[kind] for kind in relation_rows[2][kept & present]],
                dtype=np.int32,
            ),
        ]
    ).astype(np.int32)
    versions = version_pairs & present
    work = _works(
        len(ids),
        imdb_ids,
        position(relation_rows[0][versions]),
        position(relation_rows[1][versions]),
    )
    return CatalogueData(
        film_ids=ids,
        years=years,
        notability=notability,
        work=work,
        credits=credits,
        genres=links(Film.genres.through, "genre_id"),
        countries=links(Film.countries.through, "country_id"),
        languages=links(Film.languages.through, "language_id"),
        collections=_collections(subset, ids),
        relations=relations.reshape(-1, 3),
    )


def catalogue_stats(data: CatalogueData | None = None) -> CatalogueStats:
    """Catalogue-wide counts. With the data of the whole catalogue they are computed
    from the arrays; for a subset they are read from the database for the keys the
    subset holds."""
    if data is not None:
        return CatalogueStats(
            film_count=data.size,
            max_notability=float(data.notability.max(initial=0.0)),
            frequencies={
                **{
                    _role_block(role): _count(
                        data.credits.films[data.credits.roles == role],
                        data.credits.people[data.credits.roles == role],
                    )
                    for role in (DIRECTOR, WRITER, CAST)
                },
                "genre": _count(data.genres.films, data.genres.keys),
                "country": _count(data.countries.films, data.countries.keys),
                "language": _count(data.languages.films, data.languages.keys),
                "collection": _count(data.collections.films, data.collections.keys),
            },
        )
    aggregate = Film.objects.aggregate(count=Count("id"), top=Max("notability"))
    return CatalogueStats(
        film_count=aggregate["count"] or 0, max_notability=aggregate["top"] or 0.0
    )


def stats_for_subset(data: CatalogueData) -> CatalogueStats:
    """Catalogue-wide counts for the keys that a subset of films holds."""
    stats = catalogue_stats()
    for role in (DIRECTOR, WRITER, CAST):
        people = np.unique(data.credits.people[data.credits.roles == role]).tolist()
        department = next(d for d, r in ROLE_OF_DEPARTMENT.items() if r == role)
        counts: dict[int, int] = {}
        for batch in _batches(people):
            counts.update(
                Credit.objects.filter(person_id__in=batch, department=department)
                .values_list("person_id")
                .annotate(n=Count("film_id", distinct=True))
                .values_list("person_id", "n")
            )
        stats.frequencies[_role_block(role)] = counts
    for name, through, key in (
        ("genre", Film.genres.through, "genre_id"),
        ("country", Film.countries.through, "country_id"),
        ("language", Film.languages.through, "language_id"),
    ):
        stats.frequencies[name] = dict(
            through.objects.values_list(key).annotate(n=Count("film_id"))
        )
    stats.frequencies["collection"] = _collection_frequencies(
        np.unique(data.collections.keys).tolist()
    )
    return stats


def _role_block(role: int) -> str:
    return {DIRECTOR: "director", WRITER: "writer", CAST: "cast"}[role]


def _count(films: np.ndarray, keys: np.ndarray) -> dict[int, int]:
    pairs = np.unique(np.column_stack([keys, films]), axis=0) if len(keys) else None
    if pairs is None:
        return {}
    unique, counts = np.unique(pairs[:, 0], return_counts=True)
    return dict(zip(unique.tolist(), counts.tolist(), strict=True))


def _works(
    size: int, imdb_ids: np.ndarray, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """Label records of one work alike: linked by VERSION_OF, or sharing an IMDb id
    (the source gives one film two rows at times)."""
    have_id = np.flatnonzero(imdb_ids != "")
    if len(have_id):
        _, groups = np.unique(imdb_ids[have_id].astype(str), return_inverse=True)
        order = np.argsort(groups, kind="stable")
        same = groups[order][1:] == groups[order][:-1]
        left = np.concatenate([left, have_id[order][:-1][same]])
        right = np.concatenate([right, have_id[order][1:][same]])
    graph = coo_matrix(
        (np.ones(len(left), np.int8), (left, right)), shape=(size, size)
    ).tocsr()
    _, labels = connected_components(graph, directed=False)
    return labels.astype(np.int32)


def _only(queryset, column: str, subset: list[int] | None):
    return (
        queryset
        if subset is None
        else [queryset.filter(**{f"{column}__in": batch}) for batch in _batches(subset)]
    )


def _relations(subset: list[int] | None):
    queryset = FilmRelation.objects.order_by("id")
    if subset is None:
        return queryset
    return [
        queryset.filter(Q(from_film_id__in=batch) | Q(to_film_id__in=batch))
        for batch in _batches(subset)
    ]


def _stream(querysets, columns: tuple[str, ...], dtypes: list) -> list[np.ndarray]:
    """Read columns into arrays chunk by chunk, without a list of every row. A NULL
    reads as 0 (numbers) or "" (text)."""
    if not isinstance(querysets, list):
        querysets = [querysets]
    parts: list[list[np.ndarray]] = [[] for _ in columns]
    for queryset in querysets:
        rows = queryset.values_list(*columns).iterator(chunk_size=STREAM_CHUNK)
        for chunk in _chunks(rows, STREAM_CHUNK):
            for position, values in enumerate(zip(*chunk, strict=True)):
                empty = "" if dtypes[position] is object else 0
                parts[position].append(
                    np.array(
                        [empty if v is None else v for v in values], dtypes[position]
                    )
                )
    return [
        np.concatenate(part) if part else np.zeros(0, dtype)
        for part, dtype in zip(parts, dtypes, strict=True)
    ]


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _batches(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), IN_BATCH):
        yield values[start : start + IN_BATCH]


def _membership_model():
    """The editorial app's read model of published collections (film, collection),
    when that app is installed."""
    if not apps.is_installed("cinematheque.editorial"):
        return None
    try:
        return apps.get_model("editorial", "CollectionMembership")
    except LookupError:
        return None


def _collections(subset: list[int] | None, ids: np.ndarray) -> Links:
    model = _membership_model()
    if model is None:
        return Links.empty()
    rows = _stream(
        _only(model.objects.order_by("id"), "film_id", subset),
        ("film_id", "collection_id"),
        [np.int64, np.int64],
    )
    return Links(np.searchsorted(ids, rows[0]).astype(np.int32), rows[1])


def _collection_frequencies(keys: list[int]) -> dict[int, int]:
    model = _membership_model()
    if model is None or not keys:
        return {}
    return dict(
        model.objects.filter(collection_id__in=keys)
        .values_list("collection_id")
        .annotate(n=Count("film_id"))
    )
