"""PostgreSQL: a generated tsvector column (text search configuration with `unaccent`)
with a GIN index on each document table, and a `pg_trgm` index on the vocabulary.

Documents are read in key order (notability rank, then id) with a LIMIT, as on SQLite;
ts_rank is not used: the engine ranks the bounded candidate set in Python.

`unaccent` and `pg_trgm` are trusted extensions (PostgreSQL 13+): a database owner
without superuser rights can create them; otherwise a superuser runs
`CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;` in the database once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
# Below this many matching documents, collecting them all beats walking in key order.
FEW_MATCHES = 10_000


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


def _order(groups: Sequence[WordGroup], *, require_all: bool) -> str:
    """The ORDER BY that makes PostgreSQL read the matches the cheap way.

    Walking the primary key (notability order) and testing each row stops after
    `limit` matches: cheap when matches are many, a scan of most of the table when
    they are few. Collecting the matches from the GIN index and sorting them is cheap
    when they are few. The planner's guess for prefixes is poor ('casablank':* was
    taken for 1,700 rows and walked 120,000), while the vocabulary knows how many
    documents contain each word: with a rare word in the query, `key + 0` (which no
    index provides) forces the GIN path."""
    counts = [group.documents for group in groups]
    if require_all:
        bound = min((count for count in counts if count is not None), default=None)
    else:
        bound = None if None in counts else sum(c for c in counts if c is not None)
    return "key + 0" if bound is not None and bound <= FEW_MATCHES else "key"


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
        query = tsquery(groups, filters, require_all=require_all)
        if not query:
            return []
        sql = (
            f"SELECT {', '.join(FILM_COLUMNS)} FROM search_filmdocument "  # noqa: S608
            f"WHERE search_vector @@ to_tsquery('{CONFIG}', %s) "
            f"ORDER BY {_order(groups, require_all=require_all)} LIMIT %s"
        )
        return [FilmRow(*row) for row in self._fetch(sql, [query, limit])]

    def match_people(
        self, groups: Sequence[WordGroup], limit: int, *, require_all: bool = True
    ) -> list[PersonRow]:
        query = tsquery(groups, FilmFilters(), require_all=require_all)
        if not query:
            return []
        sql = (
            f"SELECT {', '.join(PERSON_COLUMNS)} FROM search_persondocument "  # noqa: S608
            f"WHERE search_vector @@ to_tsquery('{CONFIG}', %s) "
            f"ORDER BY {_order(groups, require_all=require_all)} LIMIT %s"
        )
        return [PersonRow(*row) for row in self._fetch(sql, [query, limit])]

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
        sql = (
            "SELECT COUNT(*), SUM(frequency) FROM (SELECT frequency "
            "FROM search_searchterm WHERE term LIKE %s LIMIT %s) AS completions"
        )
        words, documents = self._fetch(sql, [prefix + "%", PREFIX_WORDS + 1])[0]
        return None if words > PREFIX_WORDS else int(documents or 0)
