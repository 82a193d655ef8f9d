"""SQLite: contentless FTS5 tables over the document tables, fed by triggers.

The FTS5 rowid is the document key (notability rank, then id), so `ORDER BY rowid
LIMIT n` reads the n most notable matches without scoring every match: bm25 over a
one-word prefix at a million titles scores 100,000+ rows. `detail=none` keeps the index
small: the engine ranks with the stored text, not with positions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from cinematheque.search.backends.base import (
    FILM_COLUMNS,
    PERSON_COLUMNS,
    PREFIX_WORDS,
    FilmFilters,
    FilmRow,
    PersonRow,
    SearchBackend,
    WordGroup,
    trigrams,
)

TOKENIZE = "unicode61 remove_diacritics 2"
FILM_BODY = "{row}.title_text || ' ' || {row}.alt_text || ' ' || {row}.cast_text || ' ' || {row}.crew_text || ' ' || {row}.facets"
PERSON_BODY = "{row}.name_text || ' ' || {row}.alt_text"
PERSON_NAME_BODY = "{row}.name_text"  # before migration search 0005
# (document table, FTS table, body expression)
INDEXES = (
    ("search_filmdocument", "search_film_fts", FILM_BODY),
    ("search_persondocument", "search_person_fts", PERSON_BODY),
)
# The index of SearchTermTrigram (its Meta.indexes), rebuilt after a bulk load.
TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS search_trigram_idx "
    'ON "search_searchtermtrigram" ("trigram", "length", "term_id")'
)
# The highest code point: every word starting with a prefix sorts below prefix + this.
_TOP = chr(0x10FFFF)


def _create_table(fts: str) -> str:
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(body, content='', "
        f"detail=none, prefix='2 3', tokenize='{TOKENIZE}')"
    )


def _triggers(table: str, fts: str, body: str) -> list[str]:
    new, old = body.format(row="new"), body.format(row="old")
    # Every name here is one of the constants above, never user input.
    insert = f"INSERT INTO {fts}(rowid, body) VALUES (new.key, {new});"  # noqa: S608
    delete = f"INSERT INTO {fts}({fts}, rowid, body) VALUES ('delete', old.key, {old});"  # noqa: S608
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_insert AFTER INSERT ON {table} "
        f"BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_delete AFTER DELETE ON {table} "
        f"BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_update AFTER UPDATE ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def _drop_triggers(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_{action}"
        for action in ("fts_insert", "fts_delete", "fts_update")
    ]


def match_expression(
    groups: Sequence[WordGroup], filters: FilmFilters, *, require_all: bool = True
) -> str:
    """An FTS5 query from folded words. Every word is quoted, so a word such as NEAR,
    OR or NOT is looked up, never read as an operator."""
    terms = []
    for group in groups:
        spellings = [f'"{group.typed}"' + ("*" if group.prefix else "")]
        spellings += [f'"{correction}"' for correction in group.corrections]
        terms.append(
            spellings[0] if len(spellings) == 1 else f"({' OR '.join(spellings)})"
        )
    if not require_all and len(terms) > 1:
        terms = [f"({' OR '.join(terms)})"]
    terms += [f'"{token}"' for token in filters.tokens()]
    return " AND ".join(terms)


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def _indexes(self) -> tuple[tuple[str, str, str], ...]:
        if self.has_other_names():
            return INDEXES
        return tuple(
            (table, fts, PERSON_NAME_BODY if body == PERSON_BODY else body)
            for table, fts, body in INDEXES
        )

    def install(self) -> None:
        statements = [TRIGRAM_INDEX]
        for table, fts, body in self._indexes():
            statements += [_create_table(fts), *_triggers(table, fts, body)]
        self._execute(*statements)

    def uninstall(self) -> None:
        statements = []
        for table, fts, _body in self._indexes():
            statements += [*_drop_triggers(table), f"DROP TABLE IF EXISTS {fts}"]
        self._execute(*statements)

    def reinstall(self) -> None:
        super().reinstall()
        # The FTS tables come back empty: index the stored documents again.
        self._execute(
            *(
                f"INSERT INTO {fts}(rowid, body) "  # noqa: S608
                f"SELECT key, {body.format(row=table)} FROM {table}"
                for table, fts, body in self._indexes()
            )
        )

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        statements = []
        for table, fts, _body in self._indexes():
            statements += _drop_triggers(table)
            statements.append(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")  # noqa: S608
        statements += [
            "DROP INDEX IF EXISTS search_trigram_idx",
            "DELETE FROM search_searchtermtrigram",
            "DELETE FROM search_searchterm",
            "DELETE FROM search_filmtitlekey",
            "DELETE FROM search_filmdocument",
            "DELETE FROM search_persondocument",
        ]
        self._execute(*statements)
        yield
        statements = [TRIGRAM_INDEX]
        for table, fts, body in self._indexes():
            statements += [
                f"INSERT INTO {fts}(rowid, body) "  # noqa: S608
                f"SELECT key, {body.format(row=table)} FROM {table}",
                *_triggers(table, fts, body),
                f"INSERT INTO {fts}({fts}) VALUES ('optimize')",  # noqa: S608
            ]
        self._execute(*statements)

    def store_term_trigrams(self, terms: Sequence[tuple[int, str]]) -> None:
        # In index order: appending to the b-tree is several times faster.
        rows = sorted(
            (trigram, len(term), term_id)
            for term_id, term in terms
            for trigram in trigrams(term)
        )
        self.insert_rows(
            "search_searchtermtrigram", ("trigram", "length", "term_id"), rows
        )

    @contextmanager
    def document_words(self, table: str) -> Iterator[str]:
        # fts5vocab's 'instance' table lists every (word, document) of the FTS5
        # index, so a list matches what MATCH finds; the document is the rowid, which
        # is the search key.
        fts = next(fts for name, fts, _body in INDEXES if name == table)
        vocabulary = f"{fts}_vocabulary"
        self._execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocabulary} "
            f"USING fts5vocab(main, {fts}, instance)"
        )
        try:
            yield f"SELECT term AS word, doc AS key FROM temp.{vocabulary}"  # noqa: S608
        finally:
            self._execute(f"DROP TABLE IF EXISTS temp.{vocabulary}")

    def index_size(self) -> int:
        rows = self._fetch(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' "
            "OR name LIKE 'sqlite_autoindex_search%'",
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
        expression = match_expression(groups, filters, require_all=require_all)
        if not expression:
            return []
        sql = (
            f"SELECT {', '.join(FILM_COLUMNS)} FROM search_filmdocument "  # noqa: S608
            "WHERE key IN (SELECT rowid FROM search_film_fts "
            "WHERE search_film_fts MATCH %s ORDER BY rowid LIMIT %s) ORDER BY key"
        )
        return [FilmRow(*row) for row in self._fetch(sql, [expression, limit])]

    def match_people(
        self, groups: Sequence[WordGroup], limit: int, *, require_all: bool = True
    ) -> list[PersonRow]:
        expression = match_expression(groups, FilmFilters(), require_all=require_all)
        if not expression:
            return []
        sql = (
            f"SELECT {', '.join(PERSON_COLUMNS)} FROM search_persondocument "  # noqa: S608
            "WHERE key IN (SELECT rowid FROM search_person_fts "
            "WHERE search_person_fts MATCH %s ORDER BY rowid LIMIT %s) ORDER BY key"
        )
        return [PersonRow(*row) for row in self._fetch(sql, [expression, limit])]

    def similar_terms(self, word: str, limit: int) -> list[tuple[str, int]]:
        grams = sorted(trigrams(word))
        placeholders = ", ".join(["%s"] * len(grams))
        sql = (
            "SELECT t.term, t.frequency FROM (SELECT term_id, COUNT(*) AS shared "  # noqa: S608
            "FROM search_searchtermtrigram "
            f"WHERE trigram IN ({placeholders}) AND length BETWEEN %s AND %s "
            "GROUP BY term_id ORDER BY shared DESC LIMIT %s) AS candidates "
            "JOIN search_searchterm t ON t.id = candidates.term_id "
            "ORDER BY candidates.shared DESC, t.frequency DESC"
        )
        return self._fetch(sql, [*grams, len(word) - 2, len(word) + 2, limit])

    def prefix_documents(self, prefix: str) -> int | None:
        sql = (
            "SELECT COUNT(*), SUM(frequency) FROM (SELECT frequency "
            "FROM search_searchterm WHERE term >= %s AND term < %s LIMIT %s)"
        )
        words, documents = self._fetch(sql, [prefix, prefix + _TOP, PREFIX_WORDS + 1])[
            0
        ]
        return None if words > PREFIX_WORDS else int(documents or 0)
