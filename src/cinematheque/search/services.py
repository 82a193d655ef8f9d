"""Writes to the search index: rebuild it all, or bring some films or people up to date.

The index follows saves through `search/signals.py`; code that writes with
`bulk_create` or raw SQL (the importers) sends no signals and calls these functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from cinematheque.catalogue.models import Film
from cinematheque.pages.cache import page_cache_forget
from cinematheque.people.models import Credit, Person
from cinematheque.search import prefixes
from cinematheque.search.backends import get_backend
from cinematheque.search.backends.base import SearchBackend
from cinematheque.search.indexing import (
    FILM_DOCUMENT_COLUMNS,
    PERSON_DOCUMENT_COLUMNS,
    TERM_MAX,
    TITLE_KEY_COLUMNS,
    FilmBatch,
    NameCache,
    film_batch,
    person_documents,
)
from cinematheque.search.models import (
    FilmDocument,
    FilmTitleKey,
    PersonDocument,
    SearchTerm,
)

CHUNK = 2000
WRITE_BATCH = 5000
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RebuildReport:
    films: int
    people: int
    terms: int
    size_bytes: int


def _write_films(backend: SearchBackend, batch: FilmBatch) -> None:
    backend.insert_rows("search_filmdocument", FILM_DOCUMENT_COLUMNS, batch.documents)
    backend.insert_rows("search_filmtitlekey", TITLE_KEY_COLUMNS, batch.keys)


def _write_people(backend: SearchBackend, documents: list[tuple]) -> None:
    backend.insert_rows("search_persondocument", PERSON_DOCUMENT_COLUMNS, documents)


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@transaction.atomic
def search_rebuild(*, progress: Progress | None = None) -> RebuildReport:
    """Empty the search index and index every film and person again, in one
    transaction (readers keep the old index until it commits). `progress` is called
    with (stage, done, total) as chunks complete."""
    backend = get_backend()
    report = progress or (lambda stage, done, total: None)
    terms: Counter[str] = Counter()
    person_terms: Counter[str] = Counter()
    with backend.bulk_load():
        film_ids = list(Film.objects.order_by("id").values_list("id", flat=True))
        names = NameCache()
        done = 0
        report("films", 0, len(film_ids))
        for chunk in _chunks(film_ids):
            batch = film_batch(chunk, names=names, contiguous=True)
            _write_films(backend, batch)
            terms.update(batch.terms)
            done += len(chunk)
            report("films", done, len(film_ids))
        names.clear()
        person_ids = list(Person.objects.order_by("id").values_list("id", flat=True))
        done = 0
        report("people", 0, len(person_ids))
        for chunk in _chunks(person_ids):
            documents, words = person_documents(chunk, contiguous=True)
            _write_people(backend, documents)
            terms.update(words)
            person_terms.update(words)
            done += len(chunk)
            report("people", done, len(person_ids))
        report("words", 0, len(terms))
        backend.insert_rows(
            "search_searchterm",
            ("term", "frequency", "person_frequency"),
            [(term, count, person_terms[term]) for term, count in terms.items()],
        )
        stored = list(SearchTerm.objects.values_list("id", "term"))
        for start in range(0, len(stored), WRITE_BATCH * 4):
            backend.store_term_trigrams(stored[start : start + WRITE_BATCH * 4])
        report("words", len(terms), len(terms))
    report("prefixes", 0, 1)
    prefixes.rebuild(backend)
    report("prefixes", 1, 1)
    page_cache_forget(search=True)
    return RebuildReport(
        films=len(film_ids),
        people=len(person_ids),
        terms=len(terms),
        size_bytes=backend.index_size(),
    )


def _add_terms(words: set[str], *, of_people: bool = False) -> None:
    """Add words new to the vocabulary (frequencies stay exact only until the next
    rebuild: a word seen again is not counted twice). A person's words count among
    people at least once."""
    words = {word for word in words if len(word) <= TERM_MAX}
    if not words:
        return
    known = set(
        SearchTerm.objects.filter(term__in=words).values_list("term", flat=True)
    )
    if of_people:
        SearchTerm.objects.filter(term__in=known, person_frequency=0).update(
            person_frequency=1
        )
    new = sorted(words - known)
    if not new:
        return
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(term=term, frequency=1, person_frequency=int(of_people))
            for term in new
        ],
        ignore_conflicts=True,
    )
    get_backend().store_term_trigrams(
        list(SearchTerm.objects.filter(term__in=new).values_list("id", "term"))
    )


@transaction.atomic
def search_index_films(*, film_ids: Iterable[int]) -> int:
    """Bring the search documents of these films up to date: (re)index those that
    exist, drop those that no longer do. Returns the number of films indexed."""
    ids = sorted(set(film_ids))
    indexed = 0
    for chunk in _chunks(ids):
        FilmDocument.objects.filter(film_id__in=chunk).delete()
        FilmTitleKey.objects.filter(film_id__in=chunk).delete()
        batch = film_batch(chunk)
        _write_films(get_backend(), batch)
        _add_terms(set(batch.terms))
        prefixes.update(
            prefixes.FILM,
            chunk,
            {
                row[1]: prefixes.Document(
                    key=row[0], words=prefixes.film_words(row, FILM_DOCUMENT_COLUMNS)
                )
                for row in batch.documents
            },
        )
        indexed += len(batch.documents)
    page_cache_forget(search=True)
    return indexed


@transaction.atomic
def search_index_people(*, person_ids: Iterable[int]) -> int:
    """Bring the search documents of these people up to date (including the film each
    is best known for). Returns the number of people indexed."""
    ids = sorted(set(person_ids))
    indexed = 0
    for chunk in _chunks(ids):
        PersonDocument.objects.filter(person_id__in=chunk).delete()
        documents, terms = person_documents(chunk)
        _write_people(get_backend(), documents)
        _add_terms(set(terms), of_people=True)
        prefixes.update(
            prefixes.PERSON,
            chunk,
            {
                row[1]: prefixes.Document(
                    key=row[0], words=prefixes.person_words(row[5])
                )
                for row in documents
            },
        )
        indexed += len(documents)
    page_cache_forget(search=True)
    return indexed


def people_of_films(film_ids: Iterable[int]) -> set[int]:
    return set(
        Credit.objects.filter(film_id__in=list(film_ids)).values_list(
            "person_id", flat=True
        )
    )


def films_of_people(person_ids: Iterable[int]) -> set[int]:
    return set(
        Credit.objects.filter(person_id__in=list(person_ids)).values_list(
            "film_id", flat=True
        )
    )
