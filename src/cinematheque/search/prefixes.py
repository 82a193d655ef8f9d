"""Stored suggestion lists for short prefixes: what the engine would fetch first for
one word of one to PREFIX_LENGTH characters being typed, kept ready.

A word being typed ('sch') matches every document with a word starting with it; the
engine reads the LIST_SIZE most notable of them (key order) and ranks them. For a
short prefix that read is the slow one: at a million films 'sch' matches tens of
thousands of documents, too few for a walk in key order to stop early and too many to
collect cheaply. So for every prefix of one to PREFIX_LENGTH characters (one
character: the word itself, as the engine reads a lone letter as a word) the search
app stores those LIST_SIZE films and LIST_SIZE people (`PrefixEntry`), and a short
query reads them with the films and people whose whole title or name it is, and its
vocabulary frequency, in one query (`stored_candidates`). The engine ranks them as it
ranks its own candidates, so the suggestions are the same.

Longer prefixes (up to LONG_PREFIX_LENGTH characters) have lists only where they are
crowded: when the words starting with them are in more than CROWDED documents
(vocabulary frequencies summed, at the rebuild). A rarer prefix is cheap for the
index (it collects its few matches), while listing every prefix would grow the lists
about tenfold with every letter. A long prefix is listed when it has an entry of
either kind; its lists are then exact as the short ones are (a kind without entries
has no match), and the updates keep the listed ones exact but never list a new one:
what is not listed goes to the engine, which is always right.

The lists are built in SQL from the full-text index's own words (`rebuild`) and kept
exact as documents change (`update`). A list keeps up to KEPT matches, the most
notable first, ending with a cut mark when more match than it keeps. A film joins a
cut list only when it ranks above its last entry (nothing is known below it); a cut
list may lose entries (a film deleted, renamed or fallen in rank) down to LIST_SIZE,
which is all a query reads, and only below that is it read again from the index: the
spare entries spare a deleted famous film dozens of index reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cinematheque.search.backends import get_backend
from cinematheque.search.backends.base import (
    FILM_COLUMNS,
    FilmFilters,
    FilmRow,
    PersonRow,
    SearchBackend,
    WordGroup,
)
from cinematheque.search.models import ID_BITS, PrefixEntry
from cinematheque.search.text import ParsedQuery

PREFIX_LENGTH = 3  # every prefix up to this length has its lists
LONG_PREFIX_LENGTH = 8  # longer prefixes have lists when crowded
CROWDED = 1000  # documents (summed word frequencies) that make a long prefix listed
LIST_SIZE = 20  # the engine's candidates for a suggestion (engine.SUGGEST_CANDIDATES)
KEPT = 2 * LIST_SIZE
# The last entry of a list that more documents match than it keeps.
CUT_KEY, CUT_ID = (1 << 63) - 1, 0
CUT = (CUT_KEY, CUT_ID)
TITLE_KEYS = 50  # as engine.KEY_CANDIDATES
FILM, PERSON = PrefixEntry.Kind.FILM, PrefixEntry.Kind.PERSON
TABLE = PrefixEntry._meta.db_table
_ID_MASK = (1 << ID_BITS) - 1
_WRITE_BATCH = 500


def served_word(query: ParsedQuery) -> str | None:
    """The word whose stored lists may answer `query`: one word of
    1..LONG_PREFIX_LENGTH characters still being typed (not a year), else None."""
    if len(query.words) != 1 or not query.prefix_last or query.year_words:
        return None
    word = query.words[0]
    return word if len(word) <= LONG_PREFIX_LENGTH else None


def prefixes_of(words: Iterable[str]) -> set[str]:
    """The lists a document with these words may belong to: a one-letter word's
    own, and every prefix of 2..LONG_PREFIX_LENGTH characters of the longer words
    (those longer than PREFIX_LENGTH only where they are listed)."""
    found: set[str] = set()
    for word in words:
        if len(word) == 1:
            found.add(word)
        else:
            longest = min(len(word), LONG_PREFIX_LENGTH)
            found.update(word[:n] for n in range(2, longest + 1))
    return found


def is_long(prefix: str) -> bool:
    """A prefix whose lists exist only where it is crowded."""
    return len(prefix) > PREFIX_LENGTH


def _word_group(prefix: str) -> WordGroup:
    return WordGroup(typed=prefix, prefix=len(prefix) > 1)


# Building ---------------------------------------------------------------------------
def _lengths_sql(first: int, last: int) -> str:
    return " UNION ALL ".join(f"SELECT {n} AS n" for n in range(first, last + 1))


def crowded_sql() -> str:
    """A query of the long prefixes to list: those whose words are in more than
    CROWDED documents (the sum of their vocabulary frequencies)."""
    lengths = _lengths_sql(PREFIX_LENGTH + 1, LONG_PREFIX_LENGTH)
    return (
        "SELECT SUBSTR(term, 1, n) AS crowded FROM search_searchterm "  # noqa: S608
        f"JOIN ({lengths}) AS lengths ON LENGTH(term) >= n "
        f"GROUP BY SUBSTR(term, 1, n) HAVING SUM(frequency) > {int(CROWDED)}"
    )


def build_sql(kind: int, occurrences: str) -> str:
    """INSERT … SELECT of every list of `kind` from `occurrences`, a query of (word,
    key) rows: every word of every document. Each word keeps its KEPT + 1 first
    documents (a document in a prefix's top n is in the top n of one of its words),
    then each prefix of those words (a long one only when crowded) its KEPT + 1
    first, the last becoming the cut mark."""
    limit = KEPT + 1
    return (
        f"INSERT INTO {TABLE} (prefix, kind, key, object_id) "  # noqa: S608
        f"SELECT prefix, {int(kind)}, "
        f"CASE WHEN position > {KEPT} THEN {CUT_KEY} ELSE key END, "
        f"CASE WHEN position > {KEPT} THEN {CUT_ID} ELSE key & {_ID_MASK} END FROM ("
        "SELECT prefix, key, ROW_NUMBER() OVER (PARTITION BY prefix ORDER BY key) "
        "AS position FROM ("
        "SELECT DISTINCT SUBSTR(word, 1, n) AS prefix, key FROM ("
        "SELECT word, key FROM ("
        "SELECT word, key, ROW_NUMBER() OVER (PARTITION BY word ORDER BY key) "
        f"AS position FROM ({occurrences}) AS occurrences"
        f") AS ranked_words WHERE position <= {limit}"
        f") AS top_words JOIN ({_lengths_sql(1, LONG_PREFIX_LENGTH)}) AS lengths "
        "ON (n = 1 AND LENGTH(word) = 1) OR (n > 1 AND LENGTH(word) >= n) "
        f"WHERE n <= {PREFIX_LENGTH} OR SUBSTR(word, 1, n) IN ({crowded_sql()})"
        ") AS prefixed"
        f") AS ranked WHERE position <= {limit}"
    )


DOCUMENT_TABLES = ((FILM, "search_filmdocument"), (PERSON, "search_persondocument"))


def rebuild(backend: SearchBackend | None = None) -> None:
    """Replace every stored list from the full-text index (call once the documents
    and their index are loaded, inside the rebuild's transaction)."""
    backend = backend or get_backend()
    PrefixEntry.objects.all().delete()
    for kind, table in DOCUMENT_TABLES:
        with (
            backend.document_words(table) as occurrences,
            backend.connection.cursor() as cursor,
        ):
            cursor.execute(build_sql(kind, occurrences))


# Keeping exact --------------------------------------------------------------------
@dataclass(frozen=True)
class Document:
    """What a list needs of a film or person document: its key and its words."""

    key: int
    words: frozenset[str]


def update(
    kind: int, object_ids: Iterable[int], documents: Mapping[int, Document]
) -> None:
    """Bring the lists up to date after the documents of `object_ids` were rewritten:
    `documents` holds those that exist now (the others were deleted). Runs inside
    the caller's transaction."""
    ids = set(object_ids)
    if not ids:
        return
    incoming: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for object_id, document in documents.items():
        for prefix in prefixes_of(document.words):
            incoming[prefix].append((document.key, object_id))
    affected = set(incoming)
    for chunk in _batches(sorted(ids)):
        affected.update(
            PrefixEntry.objects.filter(kind=kind, object_id__in=chunk)
            .values_list("prefix", flat=True)
            .distinct()
        )
    # A long prefix without a list stays without: the engine answers it.
    long_prefixes = {prefix for prefix in affected if is_long(prefix)}
    affected -= long_prefixes - _listed(long_prefixes)
    stored = _stored(kind, affected)
    changed: dict[str, list[tuple[int, int]]] = {}
    for prefix in affected:
        merged = _merge(stored.get(prefix, []), incoming.get(prefix, []), ids)
        if merged != stored.get(prefix, []):
            changed[prefix] = merged if merged is not None else _read(kind, prefix)
    _write(kind, changed)


def _merge(
    stored: list[tuple[int, int]], incoming: list[tuple[int, int]], ids: set[int]
) -> list[tuple[int, int]] | None:
    """The new list of one prefix, or None when it must be read from the index: a
    cut list knows nothing below its last entry, so it takes only the documents
    above it and must keep LIST_SIZE entries."""
    cut = bool(stored) and stored[-1] == CUT
    entries = stored[:-1] if cut else stored
    others = [entry for entry in entries if entry[1] not in ids]
    if not cut:  # every match was listed
        return _kept(sorted(others + incoming), cut=False)
    boundary = entries[-1][0]
    merged = sorted(others + [entry for entry in incoming if entry[0] <= boundary])
    return _kept(merged, cut=True) if len(merged) >= LIST_SIZE else None


def _kept(entries: list[tuple[int, int]], *, cut: bool) -> list[tuple[int, int]]:
    if cut or len(entries) > KEPT:
        return [*entries[:KEPT], CUT]
    return entries


def _listed(prefixes: set[str]) -> set[str]:
    """Those of `prefixes` that have a list of either kind."""
    found: set[str] = set()
    for chunk in _batches(sorted(prefixes)):
        found.update(
            PrefixEntry.objects.filter(kind__in=[FILM, PERSON], prefix__in=chunk)
            .values_list("prefix", flat=True)
            .distinct()
        )
    return found


def _stored(kind: int, prefixes: set[str]) -> dict[str, list[tuple[int, int]]]:
    lists: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for chunk in _batches(sorted(prefixes)):
        rows = PrefixEntry.objects.filter(kind=kind, prefix__in=chunk).values_list(
            "prefix", "key", "object_id"
        )
        for prefix, key, object_id in rows:
            lists[prefix].append((key, object_id))
    for entries in lists.values():
        entries.sort()
    return lists


def _read(kind: int, prefix: str) -> list[tuple[int, int]]:
    """A prefix's list read from the index, as the engine reads its candidates."""
    backend = get_backend()
    group = _word_group(prefix)
    documents = backend.prefix_documents(prefix) if group.prefix else None
    group = WordGroup(typed=prefix, prefix=group.prefix, documents=documents)
    if kind == FILM:
        films = backend.match_films([group], FilmFilters(), KEPT + 1)
        found = [(row.key, row.film_id) for row in films]
    else:
        people = backend.match_people([group], KEPT + 1)
        found = [(row.key, row.person_id) for row in people]
    return _kept(found, cut=False)


def _write(kind: int, lists: Mapping[str, list[tuple[int, int]]]) -> None:
    prefixes = sorted(lists)
    for chunk in _batches(prefixes):
        PrefixEntry.objects.filter(kind=kind, prefix__in=chunk).delete()
    PrefixEntry.objects.bulk_create(
        [
            PrefixEntry(prefix=prefix, kind=kind, key=key, object_id=object_id)
            for prefix in prefixes
            for key, object_id in lists[prefix]
        ],
        batch_size=5000,
    )


def _batches(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _WRITE_BATCH):
        yield values[start : start + _WRITE_BATCH]


def film_words(document: Sequence[Any], columns: Sequence[str]) -> frozenset[str]:
    """The full-text words of a film document row (its indexed text columns, as the
    backends index them: folded text split on spaces, without the separators)."""
    row = dict(zip(columns, document, strict=True))
    text = " ".join(
        row[name] or ""
        for name in ("title_text", "alt_text", "cast_text", "crew_text", "facets")
    )
    return frozenset(word for word in text.split() if word != ";")


def person_words(name_text: str) -> frozenset[str]:
    """The full-text words of a person document (the folded name)."""
    return frozenset(name_text.split())


# Reading ------------------------------------------------------------------------------
@dataclass
class Stored:
    """A short query's candidates as the engine would gather them."""

    films: dict[int, FilmRow]
    people: dict[int, PersonRow]
    frequency: int  # of the word itself in the vocabulary


_FILM_SELECT = ", ".join(f"d.{name}" for name in FILM_COLUMNS)
# People's columns laid over the films' so one UNION ALL carries both (column types
# must agree position by position): key, id, slug, name, year, prominence, then text.
_PERSON_SELECT = (
    "d.key, d.person_id, d.slug, d.name, d.known_for_year, d.prominence, "
    "d.name_text, d.known_for_title, d.known_for_slug, "
    "CAST(NULL AS TEXT), CAST(NULL AS TEXT)"
)
_NO_DOCUMENT = (
    "CAST(NULL AS BIGINT), CAST(NULL AS INTEGER), CAST(NULL AS TEXT), "
    "CAST(NULL AS TEXT), CAST(NULL AS INTEGER), CAST(NULL AS FLOAT), "
    "CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), "
    "CAST(NULL AS TEXT), CAST(NULL AS TEXT)"
)
READ_SQL = " UNION ALL ".join(
    f"SELECT * FROM ({part}) AS {alias}"  # noqa: S608
    for alias, part in (
        (
            "listed_films",
            f"SELECT 'f', {_FILM_SELECT}, 0 FROM {TABLE} s "  # noqa: S608
            "JOIN search_filmdocument d ON d.key = s.key "
            f"WHERE s.kind = {int(FILM)} AND s.prefix = %s ORDER BY s.key LIMIT %s",
        ),
        (
            "titled_films",
            f"SELECT 'k', {_FILM_SELECT}, MIN(k.kind) FROM search_filmtitlekey k "  # noqa: S608
            "JOIN search_filmdocument d ON d.film_id = k.film_id WHERE k.key = %s "
            f"GROUP BY {_FILM_SELECT} ORDER BY d.key LIMIT %s",
        ),
        (
            "listed_people",
            f"SELECT 'p', {_PERSON_SELECT}, 0 FROM {TABLE} s "  # noqa: S608
            "JOIN search_persondocument d ON d.key = s.key "
            f"WHERE s.kind = {int(PERSON)} AND s.prefix = %s ORDER BY s.key LIMIT %s",
        ),
        (
            "named_people",
            f"SELECT 'n', {_PERSON_SELECT}, 1 FROM search_persondocument d "  # noqa: S608
            "WHERE d.name_text = %s ORDER BY d.key LIMIT %s",
        ),
        (
            "vocabulary",
            f"SELECT 't', {_NO_DOCUMENT}, frequency FROM search_searchterm "  # noqa: S608
            "WHERE term = %s",
        ),
    )
)


def stored_candidates(word: str) -> Stored | None:
    """The engine's candidates for `word` being typed, read in one query from the
    stored lists, the title keys and the people's names; None when no list has it
    (the engine then tries corrections)."""
    backend = get_backend()
    params: list[str | int] = [word, LIST_SIZE, word, TITLE_KEYS]
    params += [word, LIST_SIZE, word, TITLE_KEYS, word]
    with backend.connection.cursor() as cursor:
        cursor.execute(READ_SQL, params)
        rows = cursor.fetchall()
    films: dict[int, FilmRow] = {}
    people: dict[int, PersonRow] = {}
    listed = frequency = 0
    for part, *values in sorted(rows, key=_title_keys_first):
        if part == "t":
            frequency = int(values[-1] or 0)
        elif part in "fk":
            listed += part == "f"
            row = FilmRow(*values[:11], key_kind=values[11])  # type: ignore[misc]
            films.setdefault(row.film_id, row)
        else:
            listed += part == "p"
            people.setdefault(values[1], _person(values, exact=part == "n"))
    if not listed:
        return None
    return Stored(films=films, people=people, frequency=frequency)


def _title_keys_first(row: tuple) -> int:
    # The engine takes a film's title-key row (and a person's exact-name row) first.
    return 0 if row[0] in "kn" else 1


def _person(values: Sequence[Any], *, exact: bool) -> PersonRow:
    key, person_id, slug, name, year, prominence, name_text, title, film_slug = values[
        :9
    ]
    return PersonRow(
        key=key,
        person_id=person_id,
        slug=slug,
        name=name,
        prominence=prominence,
        name_text=name_text,
        known_for_title=title,
        known_for_year=year,
        known_for_slug=film_slug,
        exact=exact,
    )
