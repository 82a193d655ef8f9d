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

from cinematheque.catalogue.models import (
    AlternativeTitle,
    Film,
    FilmGenre,
    ReviewScore,
    Translation,
)
from cinematheque.people.models import Credit, Person
from cinematheque.search.backends.base import facet_tokens
from cinematheque.search.models import FilmTitleKey, rank_key
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
    "alt_text",
)


# What a film's attention is measured against, by decade: about the 99th percentile of
# the bundled catalogue (Rotten Tomatoes counted 100-130 reviews for the most reviewed
# films of the 1940s-1980s, 300 for the 2010s; box office grew with inflation), so a
# classic is weighed against its own time, not against this year's releases.
REVIEWS_FOR_FULL_MARKS = ((1990, 120), (2000, 150), (2010, 250), (9999, 300))
BOX_OFFICE_FOR_FULL_MARKS = ((1970, 2e8), (1990, 4.5e8), (2000, 7e8), (9999, 1e9))
BOX_OFFICE_FLOOR_LOG10 = 5.0  # $100,000 earns nothing
ACCLAIM_FROM = 5.0  # critics' average rating (out of 10) that earns nothing …
ACCLAIM_FULL = 9.0  # … and full marks
ACCLAIM_PRIOR_REVIEWS = 20  # an average over few reviews counts less
OSCARS_FOR_FULL_MARKS = 4
CATALOGUE_SHARE = 0.2


def _for_year(table: tuple[tuple[int, float], ...], year: int | None) -> float:
    return next(value for before, value in table if (year or 9998) < before)


def search_notability(
    *,
    notability: float,
    year: int | None,
    review_count: int | None,
    box_office: int | None,
    critics_average: float | None = None,
    oscar_wins: int | None = None,
) -> float:
    """How likely a person is to mean this film, 0 to 100: 80 % its standing, 20 %
    the catalogue's notability (catalogue/derived.py, which counts raw review counts and
    box office and so favours recent films). The standing weighs critics' review count
    (40) and US box office (25) against the most of the film's decade, critics'
    average rating (25, from 5/10 to 9/10, shrunk when few critics rated it) and
    Oscars won (10). 'de niro' lists Taxi Driver before Little Fockers, 'heat' the
    1995 film before The Heat (2013)."""
    count = max(review_count or 0, 0)
    reviews = min(
        math.log1p(count) / math.log1p(_for_year(REVIEWS_FOR_FULL_MARKS, year)), 1.0
    )
    money = 0.0
    if box_office and box_office > 0:
        ceiling = math.log10(_for_year(BOX_OFFICE_FOR_FULL_MARKS, year))
        money = min(
            max(math.log10(box_office) - BOX_OFFICE_FLOOR_LOG10, 0.0)
            / (ceiling - BOX_OFFICE_FLOOR_LOG10),
            1.0,
        )
    acclaim = 0.0
    if critics_average is not None:
        rating = (critics_average - ACCLAIM_FROM) / (ACCLAIM_FULL - ACCLAIM_FROM)
        confidence = count / (count + ACCLAIM_PRIOR_REVIEWS)
        acclaim = min(max(rating, 0.0), 1.0) * confidence
    oscars = min((oscar_wins or 0) / OSCARS_FOR_FULL_MARKS, 1.0)
    standing = 40 * reviews + 25 * money + 25 * acclaim + 10 * oscars
    return round(
        CATALOGUE_SHARE * (notability or 0.0) + (1 - CATALOGUE_SHARE) * standing, 3
    )


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


def _alternative_titles(
    film_ids: Sequence[int], contiguous: bool
) -> dict[int, list[str]]:
    """The films' alternative titles, then their translated titles ("Le Parrain"),
    whichever source or admin wrote the translation. TMDB's import also copies
    translated titles into AlternativeTitle; film_batch drops the repeats."""
    alternatives: dict[int, list[str]] = defaultdict(list)
    in_films = _id_filter("film_id", film_ids, contiguous)
    for film_id, title in AlternativeTitle.objects.filter(in_films).values_list(
        "film_id", "title"
    ):
        alternatives[film_id].append(title)
    for film_id, title in (
        Translation.objects.filter(in_films)
        .exclude(title="")
        .values_list("film_id", "title")
    ):
        alternatives[film_id].append(title)
    return alternatives


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
    for film_id, slug in FilmGenre.objects.filter(
        _id_filter("film_id", film_ids, contiguous)
    ).values_list("film_id", "genre__slug"):
        genres[film_id].append(slug)
    alternatives = _alternative_titles(film_ids, contiguous)
    reviews: dict[int, int] = {}
    averages: dict[int, float] = {}
    for film_id, kind, count, value, scale in ReviewScore.objects.filter(
        _id_filter("film_id", film_ids, contiguous),
        kind__in=[ReviewScore.Kind.TOMATOMETER, ReviewScore.Kind.RT_AVERAGE],
    ).values_list("film_id", "kind", "review_count", "value", "scale"):
        reviews[film_id] = max(count or 0, reviews.get(film_id, 0))
        if kind == ReviewScore.Kind.RT_AVERAGE and scale:
            averages[film_id] = 10.0 * value / scale
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
        "oscar_wins",
    )
    for row in films:
        film_id, title, original_title, year, slug, base, money, currency, oscars = row
        notability = search_notability(
            notability=base,
            year=year,
            review_count=reviews.get(film_id),
            box_office=money if currency == "USD" else None,
            critics_average=averages.get(film_id),
            oscar_wins=oscars,
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


# Role weights of a credit in a person's body of work: people look up directors by
# name more than anyone else; an actor's weight falls with billing (0 = first billed).
DIRECTING_WEIGHT = 1.5
WRITING_WEIGHT = 0.5
BILLING_SCALE = 2.0
BODY_OF_WORK_SCALE = 5.0  # a body of work of 5 notable lead roles is 63 % of full
PROMINENCE_FULL = (
    50.0  # Person.prominence of the best-known people (catalogue/derived.py)
)


def credit_weight(department: str, order: int) -> float:
    """How much a credit shows who a person is: directing 1.5, writing 0.5, acting
    1 for the first billed, 1/(1 + billing/2) below."""
    if department == Credit.Department.DIRECTING:
        return DIRECTING_WEIGHT
    if department == Credit.Department.WRITING:
        return WRITING_WEIGHT
    return 1.0 / (1.0 + order / BILLING_SCALE)


def body_of_work(
    person_ids: Sequence[int], *, contiguous: bool = False
) -> dict[int, float]:
    """Per person, the sum over their films of the film's notability (0..1) times
    their weightiest credit on it (see credit_weight)."""
    best: dict[tuple[int, int], float] = {}
    credits = Credit.objects.filter(
        _id_filter("person_id", person_ids, contiguous),
        department__in=[Credit.Department.ACTING, *CREW_DEPARTMENTS],
    ).values_list("person_id", "film_id", "department", "order", "film__notability")
    for person_id, film_id, department, order, notability in credits.iterator(
        chunk_size=5000
    ):
        value = (notability or 0.0) / 100.0 * credit_weight(department, order)
        key = (person_id, film_id)
        if value > best.get(key, 0.0):
            best[key] = value
    totals: dict[int, float] = defaultdict(float)
    for (person_id, _film_id), value in best.items():
        totals[person_id] += value
    return dict(totals)


def search_prominence(*, prominence: float, body_of_work: float) -> float:
    """How likely a person is to be the one meant among namesakes, on the scale of
    Person.prominence (0 to about 50): half that prominence (the mean notability of
    their films, which a few famous credits can earn), half their body of work, which
    grows with every notable film they directed or led and saturates at 50. Jean-Luc
    Godard, director of twenty notable films, ranks above Alain Godard, writer of
    three."""
    work = PROMINENCE_FULL * (
        1.0 - math.exp(-max(body_of_work, 0.0) / BODY_OF_WORK_SCALE)
    )
    return round(0.5 * max(prominence, 0.0) + 0.5 * work, 3)


def other_names_text(name_text: str, other_names: object) -> str:
    """A person's other names (`also_known_as`: translations, birth or earlier
    names), folded and joined like a film's alternative titles; the name itself and
    repeats left out."""
    if not isinstance(other_names, list):
        return ""
    folded = (fold(name) for name in other_names if isinstance(name, str))
    return SEPARATOR.join(
        name for name in _unique(folded) if name != name_text and len(name) <= KEY_MAX
    )


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
    work = body_of_work(person_ids, contiguous=contiguous)
    documents = []
    terms: Counter[str] = Counter()
    people = Person.objects.filter(
        _id_filter("id", person_ids, contiguous)
    ).values_list("id", "name", "slug", "prominence", "also_known_as")
    for person_id, name, slug, prominence, other_names in people:
        title, year, film_slug = known_for.get(person_id, ("", None, ""))
        name_text = fold(name)[:300]
        alt_text = other_names_text(name_text, other_names)
        standing = search_prominence(
            prominence=prominence or 0.0, body_of_work=work.get(person_id, 0.0)
        )
        documents.append(
            (
                rank_key(notability=standing, object_id=person_id),
                person_id,
                slug,
                name,
                standing,
                name_text,
                title,
                year,
                film_slug,
                alt_text,
            )
        )
        terms.update(document_terms(name_text, alt_text))
    return documents, terms
