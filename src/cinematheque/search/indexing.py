"""Building search documents from the catalogue, a chunk of ids at a time.

Reads only with `values_list` (no model instances for the catalogue rows), so that a
rebuild at a million films spends its time in folding text, not in the ORM.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from cinematheque.catalogue.models import Film, ReviewScore
from cinematheque.people.models import Credit, Person
from cinematheque.search.backends.base import facet_tokens
from cinematheque.search.models import AlternativeTitle, FilmTitleKey, rank_key
from cinematheque.search.text import fold, title_keys, title_variants

CAST_LIMIT = 10
SEPARATOR = " ; "
KEY_MAX = 500
TERM_MAX = 100
CREW_DEPARTMENTS = (Credit.Department.DIRECTING, Credit.Department.WRITING)
# Rows are written as tuples in these column orders (a rebuild writes millions).
FILM_DOCUMENT_COLUMNS = (
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
    "facets",
)
TITLE_KEY_COLUMNS = ("film_id", "key", "kind")
PERSON_DOCUMENT_COLUMNS = (
    "key",
    "person_id",
    "slug",
    "name",
    "prominence",
    "name_text",
    "known_for_title",
    "known_for_year",
    "known_for_slug",
)


REVIEWS_FOR_FULL_MARKS = 300
BOX_OFFICE_FLOOR_LOG10 = 5.0  # $100,000
BOX_OFFICE_DECADES = 4.0  # … $1 billion


def search_notability(
    *, notability: float, review_count: int | None, box_office: int | None
) -> float:
    """How likely a person is to mean this film, 0 to 100: half the catalogue's
    notability (which also counts awards and cast size, see catalogue/derived.py), half
    the attention it had: critics' review count (60 %) and US box office (40 %). Of
    two films with the same people or title, the one more people saw or read about
    is the one more people look for."""
    reviews = min(
        math.log1p(max(review_count or 0, 0)) / math.log1p(REVIEWS_FOR_FULL_MARKS), 1.0
    )
    money = 0.0
    if box_office and box_office > 0:
        money = min(
            max(math.log10(box_office) - BOX_OFFICE_FLOOR_LOG10, 0.0)
            / BOX_OFFICE_DECADES,
            1.0,
        )
    attention = 60 * reviews + 40 * money
    return round(0.5 * (notability or 0.0) + 0.5 * attention, 3)


@dataclass
class FilmBatch:
    documents: list[tuple] = field(default_factory=list)
    keys: list[tuple[int, str, int]] = field(default_factory=list)
    terms: Counter[str] = field(default_factory=Counter)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def document_terms(*texts: str) -> set[str]:
    """The distinct vocabulary words of a document's folded texts."""
    return {
        word
        for text in texts
        for word in text.split()
        if word != ";" and len(word) <= TERM_MAX
    }


class NameCache(dict[int, str]):
    """Folded person names by id, shared across chunks of one rebuild."""

    def folded(self, person_id: int, name: str) -> str:
        value = self.get(person_id)
        if value is None:
            value = self[person_id] = fold(name)
        return value


def _id_filter(field: str, ids: Sequence[int], contiguous: bool) -> Q:
    """`field IN ids`, or a range when the ids are a sorted run of all ids in it (a
    rebuild's chunks): a range costs nothing to build and to plan at any size."""
    if contiguous and ids:
        return Q(**{f"{field}__gte": ids[0], f"{field}__lte": ids[-1]})
    return Q(**{f"{field}__in": ids})


def film_batch(
    film_ids: Sequence[int],
    *,
    names: NameCache | None = None,
    contiguous: bool = False,
) -> FilmBatch:
    """Documents, title keys and vocabulary words of the films with these ids (ids of
    films that do not exist are ignored). `contiguous`: the ids are every film id
    from the first to the last, sorted."""
    names = names if names is not None else NameCache()
    genres: dict[int, list[str]] = defaultdict(list)
    for film_id, slug in Film.genres.through.objects.filter(
        _id_filter("film_id", film_ids, contiguous)
    ).values_list("film_id", "genre__slug"):
        genres[film_id].append(slug)
    alternatives: dict[int, list[str]] = defaultdict(list)
    for film_id, title in AlternativeTitle.objects.filter(
        _id_filter("film_id", film_ids, contiguous)
    ).values_list("film_id", "title"):
        alternatives[film_id].append(title)
    reviews: dict[int, int] = {}
    for film_id, count in ReviewScore.objects.filter(
        _id_filter("film_id", film_ids, contiguous),
        kind__in=[ReviewScore.Kind.TOMATOMETER, ReviewScore.Kind.RT_AVERAGE],
        review_count__isnull=False,
    ).values_list("film_id", "review_count"):
        reviews[film_id] = max(count or 0, reviews.get(film_id, 0))
    cast: dict[int, list[str]] = defaultdict(list)
    crew: dict[int, list[str]] = defaultdict(list)
    credits = (
        Credit.objects.filter(_id_filter("film_id", film_ids, contiguous))
        .filter(department__in=[Credit.Department.ACTING, *CREW_DEPARTMENTS])
        .order_by("film_id", "department", "order", "id")
        .values_list("film_id", "person_id", "person__name", "department")
    )
    for film_id, person_id, name, department in credits.iterator(chunk_size=5000):
        if department == Credit.Department.ACTING:
            if len(cast[film_id]) < CAST_LIMIT:
                cast[film_id].append(names.folded(person_id, name))
        else:
            crew[film_id].append(names.folded(person_id, name))

    batch = FilmBatch()
    films = Film.objects.filter(_id_filter("id", film_ids, contiguous)).values_list(
        "id",
        "title",
        "original_title",
        "year",
        "slug",
        "notability",
        "box_office",
        "box_office_currency",
    )
    for film_id, title, original_title, year, slug, base, money, currency in films:
        notability = search_notability(
            notability=base,
            review_count=reviews.get(film_id),
            box_office=money if currency == "USD" else None,
        )
        titles = _unique([title, original_title, *alternatives[film_id]])
        title_text = fold(title)
        alt_text = SEPARATOR.join(
            value
            for value in _unique(
                [fold(other) for other in titles[1:]]
                + [variant for other in titles for variant in title_variants(other)]
            )
            if value != title_text
        )
        cast_text = SEPARATOR.join(_unique(cast[film_id]))
        crew_text = SEPARATOR.join(_unique(crew[film_id]))
        batch.documents.append(
            (
                rank_key(notability=notability, object_id=film_id),
                film_id,
                slug,
                title,
                year,
                notability,
                " ".join(sorted(genres[film_id])),
                title_text,
                alt_text,
                cast_text,
                crew_text,
                facet_tokens(genres=genres[film_id], year=year),
            )
        )
        kinds: dict[str, int] = {}
        for other in titles:
            whole, parts = title_keys(other)
            for key in parts:
                kinds.setdefault(key[:KEY_MAX], FilmTitleKey.Kind.PART)
            for key in whole:
                kinds[key[:KEY_MAX]] = FilmTitleKey.Kind.WHOLE
        batch.keys += [(film_id, key, int(kind)) for key, kind in kinds.items()]
        batch.terms.update(document_terms(title_text, alt_text, cast_text, crew_text))
    return batch


def person_documents(
    person_ids: Sequence[int], *, contiguous: bool = False
) -> tuple[list[tuple], Counter[str]]:
    """Document rows and vocabulary words of the people with these ids, each with
    the most notable film they are credited on (`contiguous` as for film_batch)."""
    best = (
        Credit.objects.filter(_id_filter("person_id", person_ids, contiguous))
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("person_id")],
                order_by=[F("film__notability").desc(), F("film_id").asc()],
            )
        )
        .filter(position=1)
        .values_list("person_id", "film__title", "film__year", "film__slug")
    )
    known_for = {row[0]: row[1:] for row in best}
    documents = []
    terms: Counter[str] = Counter()
    people = Person.objects.filter(
        _id_filter("id", person_ids, contiguous)
    ).values_list("id", "name", "slug", "prominence")
    for person_id, name, slug, prominence in people:
        title, year, film_slug = known_for.get(person_id, ("", None, ""))
        name_text = fold(name)[:300]
        documents.append(
            (
                rank_key(notability=prominence or 0.0, object_id=person_id),
                person_id,
                slug,
                name,
                prominence or 0.0,
                name_text,
                title,
                year,
                film_slug,
            )
        )
        terms.update(document_terms(name_text))
    return documents, terms
