"""PostgreSQL: a generated tsvector column (text search configuration with `unaccent`)
with a GIN index on each document table, and a `pg_trgm` index on the vocabulary.

Documents are read in key order (notability rank, then id) with a LIMIT, as on SQLite;
ts_rank is not used: the engine ranks the bounded candidate set in Python.

`unaccent` and `pg_trgm` are trusted extensions (PostgreSQL 13+): a database owner
without superuser rights can create them; otherwise a superuser runs
`CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;` in the database once.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from cinematheque.search.backends.base import (
    FILM_COLUMNS,
    PERSON_COLUMNS,
    PREFIX_WORDS,
    TRIGRAM_CANDIDATES,
    TRIGRAM_MIN_LENGTH,
    FilmFilters,
    FilmRow,
    PersonRow,
    SearchBackend,
    WordGroup,
)

CONFIG = "cinematheque_search"
_WORD_TOKENS = (
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part, "
    "numword, numhword, hword_numpart"
)
FILM_VECTOR = (
    f"to_tsvector('{CONFIG}'::regconfig, title_text || ' ' || alt_text || ' ' || "
    "cast_text || ' ' || crew_text || ' ' || facets)"
)
PERSON_VECTOR = f"to_tsvector('{CONFIG}'::regconfig, name_text || ' ' || alt_text)"
PERSON_NAME_VECTOR = f"to_tsvector('{CONFIG}'::regconfig, name_text)"  # before 0005
INDEXES = (
    "CREATE INDEX IF NOT EXISTS search_film_vector_idx "
    "ON search_filmdocument USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_person_vector_idx "
    "ON search_persondocument USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_term_trgm_idx "
    "ON search_searchterm USING gin (term gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_term_pattern_idx "
    "ON search_searchterm (term varchar_pattern_ops)",
)
# Below this many matching documents, collecting them all beats walking in key order
# (or fewer, see _gin_bound).
FEW_MATCHES = 10_000
# Up to how many words a prefix's people are counted over: more than the engine's
# PREFIX_WORDS, since a name's prefix has many spellings with few people each ('heat'
# starts 201 words, in 3,864 people: unknown, the people were walked in 115 ms where
# collecting them took 27).
PERSON_WORDS = 2000
# How long a process trusts its estimate of a table's size.
TABLE_SIZE_SECONDS = 60.0
_table_sizes: dict[tuple[str, Any], tuple[float, Any]] = {}
# The people counts of recent words, trusted as long as a table's size: typing
# repeats the same words in request after request (3 ms for a two-letter prefix).
_people_counts: dict[tuple[str, Any], tuple[float, Any]] = {}
KEPT_PER_STORE = 10_000


def tsquery(
    groups: Sequence[WordGroup], filters: FilmFilters, *, require_all: bool = True
) -> str:
    """A to_tsquery() string from folded words, each quoted as a lexeme."""
    terms = []
    for group in groups:
        spellings = [f"'{group.typed}'" + (":*" if group.prefix else "")]
        spellings += [f"'{correction}'" for correction in group.corrections]
        terms.append(
            spellings[0] if len(spellings) == 1 else f"({' | '.join(spellings)})"
        )
    if not require_all and len(terms) > 1:
        terms = [f"({' | '.join(terms)})"]
    terms += [f"'{token}'" for token in filters.tokens()]
    return " & ".join(terms)


def _gin_bound(limit: int, documents: int) -> int:
    """Up to how many matches collecting them from the GIN index (one heap page each,
    then a sort) beats walking the key order until `limit` of them: the walk reads
    about limit * documents / matches rows, so the two cost the same at
    sqrt(limit * documents), and never more than FEW_MATCHES.

    Measured at 200,000 films, 'tom' (5,907 films) for 20 suggestions: collected
    91 ms (4,755 heap pages), walked 0.8 ms (141 rows)."""
    return min(FEW_MATCHES, math.isqrt(max(limit, 1) * max(documents, 1)))


def _order(
    groups: Sequence[WordGroup], *, require_all: bool, limit: int, documents: int
) -> str:
    """The ORDER BY that makes PostgreSQL read the matches the cheap way.

    Walking the primary key (notability order) and testing each row stops after
    `limit` matches: cheap when matches are many, a scan of most of the table when
    they are few. Collecting the matches from the GIN index and sorting them is cheap
    when they are few. The planner's guess for prefixes is poor ('casablank':* was
    taken for 1,700 rows and walked 120,000), while the vocabulary knows how many
    documents contain each word: with a rare word in the query, `key + 0` (which no
    index provides) forces the GIN path."""
    bound = _match_bound(groups, require_all=require_all)
    # One word's count is its number of matches; several words match fewer
    # documents than the rarest, and the obscure ones more often: at 200,000 films
    # the 3,255 films of 'return' & 'of' (3,553 of 'return') were collected in
    # 12 ms, while walking to 20 of them read 13,706 rows (124 ms).
    few_enough = _gin_bound(limit, documents) if len(groups) == 1 else FEW_MATCHES
    few = bound is not None and bound <= few_enough
    return "key + 0" if few else "key"


def _match_bound(groups: Sequence[WordGroup], *, require_all: bool) -> int | None:
    """At most how many documents match (None: unknown, many)."""
    counts = [group.documents for group in groups]
    if require_all:
        return min((count for count in counts if count is not None), default=None)
    return None if None in counts else sum(c for c in counts if c is not None)


def _fence(groups: Sequence[WordGroup], limit: int, documents: int) -> list[WordGroup]:
    """The whole words to collect the candidates by, when they are rare and the
    query also has a prefix that is not: GIN expands a prefix into every word that
    starts with it ('me':* is hundreds of words), while the rows of 'terminator' are
    a few dozen, each tested for the prefix afterwards. Empty: no fence."""
    whole = [group for group in groups if not group.prefix]
    known = [group.documents for group in whole if group.documents is not None]
    if not known or len(whole) == len(groups):
        return []
    rarest = min(known)
    broad = any(
        group.prefix and (group.documents is None or group.documents > rarest)
        for group in groups
    )
    if not broad or rarest > _gin_bound(limit, documents):
        return []
    return whole


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def install(self) -> None:
        self._execute(
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "DO $$ BEGIN "  # noqa: S608 (CONFIG is a constant)
            f"IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') "
            f"THEN CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple); "
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
            f"{_WORD_TOKENS} WITH unaccent, simple; "
            "END IF; END $$",
            "ALTER TABLE search_filmdocument ADD COLUMN IF NOT EXISTS search_vector "
            f"tsvector GENERATED ALWAYS AS ({FILM_VECTOR}) STORED",
            "ALTER TABLE search_persondocument ADD COLUMN IF NOT EXISTS search_vector "
            "tsvector GENERATED ALWAYS AS "
            f"({PERSON_VECTOR if self.has_other_names() else PERSON_NAME_VECTOR}) STORED",
            *INDEXES,
        )

    def uninstall(self) -> None:
        self._execute(
            "DROP INDEX IF EXISTS search_term_trgm_idx",
            "DROP INDEX IF EXISTS search_term_pattern_idx",
            "ALTER TABLE search_filmdocument DROP COLUMN IF EXISTS search_vector",
            "ALTER TABLE search_persondocument DROP COLUMN IF EXISTS search_vector",
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
        )

    def reinstall(self) -> None:
        # Pending deferred foreign-key checks forbid ALTER TABLE: run them first.
        self._execute("SET CONSTRAINTS ALL IMMEDIATE")
        super().reinstall()
        self._execute("SET CONSTRAINTS ALL DEFERRED")

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        # Building a GIN index once is several times faster than growing it row by
        # row. Searches wait on the table locks until the rebuild commits. Pending
        # deferred foreign-key checks forbid TRUNCATE and CREATE INDEX: run them now.
        self._execute(
            "SET CONSTRAINTS ALL IMMEDIATE",
            "TRUNCATE search_searchtermtrigram, search_searchterm, "
            "search_filmtitlekey, search_filmdocument, search_persondocument, "
            "search_prefixentry",
            "DROP INDEX IF EXISTS search_film_vector_idx",
            "DROP INDEX IF EXISTS search_person_vector_idx",
            "DROP INDEX IF EXISTS search_term_trgm_idx",
            "SET CONSTRAINTS ALL DEFERRED",
        )
        yield
        self._execute(
            "SET CONSTRAINTS ALL IMMEDIATE",
            *INDEXES,
            "SET CONSTRAINTS ALL DEFERRED",
            "ANALYZE search_filmdocument",
            "ANALYZE search_persondocument",
            "ANALYZE search_filmtitlekey",
            "ANALYZE search_searchterm",
        )

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)

    @contextmanager
    def document_words(self, table: str) -> Iterator[str]:
        # The lexemes the GIN index holds, so a list matches what `@@` finds. The
        # build sorts every (word, key) pair: in memory rather than on disk.
        self._execute("SET LOCAL work_mem = '256MB'")
        yield (
            f"SELECT word, key FROM {table}, "  # noqa: S608 (a constant table name)
            "unnest(tsvector_to_array(search_vector)) AS word"
        )

    def index_size(self) -> int:
        rows = self._fetch(
            "SELECT SUM(pg_total_relation_size(oid)) FROM pg_class "
            "WHERE relkind = 'r' AND relname LIKE 'search%'",
            None,
        )
        return int(rows[0][0] or 0)

    def match_films(
        self,
        groups: Sequence[WordGroup],
        filters: FilmFilters,
        limit: int,
        *,
        require_all: bool = True,
    ) -> list[FilmRow]:
        rows = self._match(
            "search_filmdocument",
            FILM_COLUMNS,
            groups,
            filters=filters,
            limit=limit,
            require_all=require_all,
        )
        return [FilmRow(*row) for row in rows]

    def match_people(
        self, groups: Sequence[WordGroup], limit: int, *, require_all: bool = True
    ) -> list[PersonRow]:
        rows = self._match(
            "search_persondocument",
            PERSON_COLUMNS,
            groups,
            filters=FilmFilters(),
            limit=limit,
            require_all=require_all,
        )
        return [PersonRow(*row) for row in rows]

    def _match(
        self,
        table: str,
        columns: Sequence[str],
        groups: Sequence[WordGroup],
        *,
        filters: FilmFilters,
        limit: int,
        require_all: bool,
    ) -> list[tuple]:
        """The rows of `table` matching the groups, most notable first, read the
        cheapest way: collected by the rarest whole words (a fence keeps the planner
        from matching the broad prefix in the index), collected from the index, or
        walked in key order."""
        query = tsquery(groups, filters, require_all=require_all)
        if not query:
            return []
        if table == "search_persondocument":
            groups = [self._with_people_count(group) for group in groups]
        documents = self.table_size(table)
        selected = ", ".join(columns)
        fence = _fence(groups, limit, documents) if require_all else []
        if fence:
            sql = (
                f"SELECT {selected} FROM (SELECT {selected}, search_vector "  # noqa: S608
                f"FROM {table} WHERE search_vector @@ to_tsquery('{CONFIG}', %s) "
                "OFFSET 0) AS candidates "
                f"WHERE search_vector @@ to_tsquery('{CONFIG}', %s) "
                "ORDER BY key LIMIT %s"
            )
            return self._fetch(sql, [tsquery(fence, filters), query, limit])
        order = _order(
            groups, require_all=require_all, limit=limit, documents=documents
        )
        sql = (
            f"SELECT {selected} FROM {table} "  # noqa: S608
            f"WHERE search_vector @@ to_tsquery('{CONFIG}', %s) "
            f"ORDER BY {order} LIMIT %s"
        )
        return self._fetch(sql, [query, limit])

    def _with_people_count(self, group: WordGroup) -> WordGroup:
        """The group with the number of people it may match in place of the number
        of documents: a name's films (whose cast is indexed) outnumber its people
        many times, and at 1M films walking the people in key order for 'cameron'
        & 'tit':*, which none match, took 337 ms."""
        people = self._remembered(_people_counts, group, self._people_count)
        return replace(group, documents=people)

    def _people_count(self, group: WordGroup) -> int | None:
        """At most how many people the group matches (None: many)."""
        spellings = list(group.corrections)
        people = 0
        if group.prefix:
            completions = self._prefix_sum(
                group.typed, "person_frequency", PERSON_WORDS
            )
            if completions is None:
                return None
            people = completions
        else:
            spellings.append(group.typed)
        if spellings:
            sql = (
                "SELECT COALESCE(SUM(person_frequency), 0) FROM search_searchterm "
                "WHERE term = ANY(%s)"
            )
            people += int(self._fetch(sql, [spellings])[0][0])
        return people

    def table_size(self, table: str) -> int:
        """The planner's estimate of the rows of `table`, read again every
        TABLE_SIZE_SECONDS."""
        return self._remembered(_table_sizes, table, self._table_size)

    def _table_size(self, table: str) -> int:
        rows = self._fetch(
            "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relname = %s",
            [table],
        )
        return int(rows[0][0]) if rows else 0

    def _remembered(
        self,
        store: dict[tuple[str, Any], tuple[float, Any]],
        key: Any,
        read: Callable[[Any], Any],
    ) -> Any:
        """`read(key)` of this database, kept in `store` for TABLE_SIZE_SECONDS (a
        store grown to KEPT_PER_STORE entries starts again)."""
        cache_key = (str(self.connection.settings_dict.get("NAME")), key)
        now = time.monotonic()
        cached = store.get(cache_key)
        if cached is None or now - cached[0] >= TABLE_SIZE_SECONDS:
            if len(store) >= KEPT_PER_STORE:
                store.clear()
            cached = store[cache_key] = (now, read(key))
        return cached[1]

    def similar_terms(self, word: str, limit: int) -> list[tuple[str, int]]:
        # `%` uses pg_trgm's similarity threshold (0.3 unless the database sets it).
        return self._fetch(
            "SELECT term, frequency FROM search_searchterm "
            "WHERE term %% %s AND char_length(term) BETWEEN %s AND %s "
            "ORDER BY similarity(term, %s) DESC, frequency DESC LIMIT %s",
            [word, len(word) - 2, len(word) + 2, word, limit],
        )

    def correction_candidates(self, word: str) -> dict[str, int]:
        # pg_trgm finds look-alike words in about a millisecond, while an array of
        # hundreds of one-edit spellings costs 5 to 30 ms to plan (a selectivity
        # estimate per element). Long words get the look-alikes plus the few
        # spellings one deletion or swap away (which trigrams rank poorly:
        # 'matirx'); short words, whose trigrams say little, every one-edit spelling.
        from cinematheque.search.spelling import deletes_and_transposes, edits1

        if len(word) < TRIGRAM_MIN_LENGTH:
            return self.term_frequencies(sorted(edits1(word)))
        candidates = dict(self.similar_terms(word, TRIGRAM_CANDIDATES))
        candidates.update(self.term_frequencies(sorted(deletes_and_transposes(word))))
        return candidates

    def term_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        # One array parameter instead of an IN list: a typo's 500 candidate spellings
        # take 15 ms to parse and plan as literals, under 1 ms as an array.
        if not terms:
            return {}
        return dict(
            self._fetch(
                "SELECT term, frequency FROM search_searchterm WHERE term = ANY(%s)",
                [list(terms)],
            )
        )

    def prefix_documents(self, prefix: str) -> int | None:
        return self._prefix_sum(prefix, "frequency", PREFIX_WORDS)

    def _prefix_sum(self, prefix: str, column: str, most: int) -> int | None:
        """The sum of `column` over the words starting with `prefix`, or None when
        more than `most` words do."""
        sql = (
            f"SELECT COUNT(*), SUM({column}) FROM (SELECT {column} "  # noqa: S608 (a constant column)
            "FROM search_searchterm WHERE term LIKE %s LIMIT %s) AS completions"
        )
        words, total = self._fetch(sql, [prefix + "%", most + 1])[0]
        return None if words > most else int(total or 0)
