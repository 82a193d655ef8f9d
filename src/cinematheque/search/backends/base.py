"""The one search interface: what the engine asks of a database, whichever it is.

A backend only finds candidate documents (in notability order, a bounded number) and
vocabulary words; the engine in `search/engine.py` ranks the candidates in Python, the
same way on every database.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.backends.base.base import BaseDatabaseWrapper

FILM_COLUMNS = (
    "key",
    "film_id",
    "slug",
    "title",
    "year",
    "notability",
    "genres",
    "title_text",
    "alt_text",
    "cast_text",
    "crew_text",
)
PERSON_COLUMNS = (
    "key",
    "person_id",
    "slug",
    "name",
    "prominence",
    "name_text",
    "known_for_title",
    "known_for_year",
    "known_for_slug",
    "alt_text",
)
TRIGRAM_MIN_LENGTH = 5
PREFIX_WORDS = 200
TRIGRAM_CANDIDATES = 40
FILM_TEXT_COLUMNS = ("title_text", "alt_text", "cast_text", "crew_text", "facets")


@dataclass(slots=True)
class FilmRow:
    key: int
    film_id: int
    slug: str
    title: str
    year: int | None
    notability: float
    genres: str
    title_text: str
    alt_text: str
    cast_text: str
    crew_text: str
    key_kind: int = 0


@dataclass(slots=True)
class PersonRow:
    key: int
    person_id: int
    slug: str
    name: str
    prominence: float
    name_text: str
    known_for_title: str
    known_for_year: int | None
    known_for_slug: str
    alt_text: str = ""
    exact: bool = False


@dataclass(frozen=True)
class WordGroup:
    """One word of a query with the spellings it may match: what was typed (a prefix
    when `prefix`) and any corrections, which match as whole words."""

    typed: str
    prefix: bool = False
    corrections: tuple[str, ...] = ()
    documents: int | None = None  # at most this many documents match; None: many


@dataclass(frozen=True)
class FilmFilters:
    """Facet restrictions that the index applies while matching."""

    genre: str = ""
    decade: int | None = None
    year: int | None = None

    def tokens(self) -> list[str]:
        tokens = []
        if self.genre:
            tokens.append(genre_token(self.genre))
        if self.decade is not None:
            tokens.append(f"xd{self.decade}")
        if self.year is not None:
            tokens.append(f"xy{self.year}")
        return tokens


def genre_token(slug: str) -> str:
    return "xg" + "".join(char for char in slug.lower() if char.isalnum())


def facet_tokens(*, genres: Sequence[str], year: int | None) -> str:
    """The hidden words a film document carries so filters are index lookups."""
    tokens = [genre_token(slug) for slug in genres]
    if year:
        tokens += [f"xd{year - year % 10}", f"xy{year}"]
    return " ".join(tokens)


def trigrams(word: str) -> set[str]:
    """Trigrams of a word padded with ^ and $ so its ends count: 'heat' → ^he hea eat at$."""
    padded = f"^{word}$"
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


class SearchBackend(ABC):
    vendor: ClassVar[str]

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    # Schema ---------------------------------------------------------------------
    @abstractmethod
    def install(self) -> None:
        """Create the database-specific index structures (idempotent)."""

    @abstractmethod
    def uninstall(self) -> None:
        """Drop what `install` created."""

    def has_other_names(self) -> bool:
        """Whether the people's documents have their other names yet (migration
        search 0005): the earlier migrations install the structures without them."""
        with self.connection.cursor() as cursor:
            columns = self.connection.introspection.get_table_description(
                cursor, "search_persondocument"
            )
        return any(column.name == "alt_text" for column in columns)

    def reinstall(self) -> None:
        """Drop and recreate the structures over the documents already stored (a
        migration that changes what a document's text is made of)."""
        self.uninstall()
        self.install()

    @abstractmethod
    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Empty the index and suspend its incremental maintenance while the block
        loads every document; rebuild the full-text structures at the end. Call
        inside a transaction."""

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Write many rows at once, without model instances."""
        if not rows:
            return
        placeholders = ", ".join(["%s"] * len(columns))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"VALUES ({placeholders})",
                rows,
            )

    def store_term_trigrams(self, terms: Sequence[tuple[int, str]]) -> None:  # noqa: B027
        """Index vocabulary words for correction (a no-op where the database does)."""

    @abstractmethod
    @contextmanager
    def document_words(self, table: str) -> Iterator[str]:
        """A query of (word, key) rows: every word of every document of `table`
        (search_filmdocument or search_persondocument) as the full-text index holds
        it, for building the stored prefix lists (search/prefixes.py)."""

    @abstractmethod
    def index_size(self) -> int:
        """Bytes on disk of the search tables and indexes."""

    # Queries --------------------------------------------------------------------
    @abstractmethod
    def match_films(
        self,
        groups: Sequence[WordGroup],
        filters: FilmFilters,
        limit: int,
        *,
        require_all: bool = True,
    ) -> list[FilmRow]:
        """Films containing every group (any spelling of each; with `require_all`
        false, any group) and passing the filters, most notable first."""

    @abstractmethod
    def match_people(
        self, groups: Sequence[WordGroup], limit: int, *, require_all: bool = True
    ) -> list[PersonRow]:
        """People whose name contains every group (or any), most prominent first."""

    @abstractmethod
    def similar_terms(self, word: str, limit: int) -> list[tuple[str, int]]:
        """Vocabulary words that look like `word` (shared trigrams), with frequencies."""

    def correction_candidates(self, word: str) -> dict[str, int]:
        """Vocabulary words that may be what `word` was meant to be: those one edit
        away (an exact lookup of every such spelling), else for longer words those
        sharing trigrams with it."""
        from cinematheque.search.spelling import edits1

        near = self.term_frequencies(sorted(edits1(word)))
        if near or len(word) < TRIGRAM_MIN_LENGTH:
            return near
        return dict(self.similar_terms(word, TRIGRAM_CANDIDATES))

    def films_with_title_keys(
        self, keys: Sequence[str], filters: FilmFilters, limit: int
    ) -> list[FilmRow]:
        """Films whose whole title (or a part of it) is one of `keys`."""
        if not keys:
            return []
        columns = ", ".join(f"d.{name}" for name in FILM_COLUMNS)
        where: list[str] = []
        params: list[Any] = list(keys)
        if filters.genre:
            where.append("(' ' || d.genres || ' ') LIKE %s")
            params.append(f"% {filters.genre} %")
        if filters.decade is not None:
            where.append("d.year >= %s AND d.year < %s")
            params += [filters.decade, filters.decade + 10]
        placeholders = ", ".join(["%s"] * len(keys))
        extra = "".join(f" AND {clause}" for clause in where)
        sql = (
            f"SELECT {columns}, MIN(k.kind) FROM search_filmtitlekey k "  # noqa: S608
            "JOIN search_filmdocument d ON d.film_id = k.film_id "
            f"WHERE k.key IN ({placeholders}){extra} "
            f"GROUP BY {columns} ORDER BY d.key LIMIT %s"
        )
        params.append(limit)
        return [
            FilmRow(*row[:-1], key_kind=row[-1])  # type: ignore[misc]
            for row in self._fetch(sql, params)
        ]

    def people_named(self, names: Sequence[str], limit: int) -> list[PersonRow]:
        """People whose folded name is exactly one of `names`."""
        if not names:
            return []
        placeholders = ", ".join(["%s"] * len(names))
        sql = (
            f"SELECT {', '.join(PERSON_COLUMNS)} FROM search_persondocument "  # noqa: S608
            f"WHERE name_text IN ({placeholders}) ORDER BY key LIMIT %s"
        )
        return [
            PersonRow(*row, exact=True)  # type: ignore[misc]
            for row in self._fetch(sql, [*names, limit])
        ]

    def term_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """Frequencies of the vocabulary words among `terms` (absent words left out)."""
        if not terms:
            return {}
        placeholders = ", ".join(["%s"] * len(terms))
        sql = (
            "SELECT term, frequency FROM search_searchterm "  # noqa: S608
            f"WHERE term IN ({placeholders})"
        )
        return dict(self._fetch(sql, list(terms)))

    @abstractmethod
    def prefix_documents(self, prefix: str) -> int | None:
        """How many documents contain a word starting with `prefix` (at most: the sum
        of those words' frequencies), or None when more than PREFIX_WORDS words start
        with it."""

    def _fetch(self, sql: str, params: Sequence[Any] | None) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _execute(self, *statements: str) -> None:
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
