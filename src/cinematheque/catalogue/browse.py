"""The browse vocabulary shared by the /films/ page and the /api/v1/films endpoint:
which filters and sort orders exist, how their values are validated, how they apply."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet

from cinematheque.catalogue.models import Film, Genre
from cinematheque.catalogue.parameters import (
    ParameterError,
    parse_choice,
    parse_decade,
    shown,
)

SORTS: dict[str, tuple[str, ...]] = {
    # name: order_by arguments; nulls last so films without the value come after.
    "title": ("title", "year", "id"),
    "-title": ("-title", "-year", "-id"),
    "year": ("year", "title", "id"),
    "-year": ("-year", "title", "id"),
    "box_office": ("box_office", "title", "id"),
    "-box_office": ("-box_office", "title", "id"),
    # critics_score: the Wilson lower bound of the Tomatometer (catalogue/derived.py).
    "score": ("critics_score", "title", "id"),
    "-score": ("-critics_score", "title", "id"),
    "notability": ("notability", "title", "id"),
    "-notability": ("-notability", "title", "id"),
    # FilmGenre.rank (catalogue/centrality.py) with a genre; without one, -notability.
    "-centrality": ("-film_genres__rank", "-notability", "title", "id"),
}
DEFAULT_SORT = "-notability"
GENRE_DEFAULT_SORT = "-centrality"


def default_sort(genre: str) -> str:
    """The sort used when none is asked for: most central first within a genre."""
    return GENRE_DEFAULT_SORT if genre else DEFAULT_SORT


BrowseError = ParameterError  # the former name, still imported elsewhere


@dataclass(frozen=True)
class BrowseParams:
    """Validated browse filters. Build with `BrowseParams.parse(mapping)`."""

    genre: str = ""
    decade: int | None = None
    certification: str = ""
    country: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def parse(cls, data: dict[str, str | None]) -> BrowseParams:
        """Validate raw query parameters; raise ParameterError naming the bad field.
        An absent or empty filter means any value; the sort, when present, must be
        one of SORTS."""
        decade = parse_decade(data.get("decade"))
        genre = _clean_slug("genre", data.get("genre"))
        sort = parse_choice(
            "sort", data.get("sort"), SORTS, default=default_sort(genre)
        )
        return cls(
            genre=genre,
            decade=decade,
            certification=_clean_certification(data.get("certification")),
            country=_clean_slug("country", data.get("country")),
            sort=sort,
        )

    def as_query(self) -> dict[str, str]:
        """The non-default parameters, for building links that keep the filters."""
        query = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value not in ("", None) and not (
                field.name == "sort" and value == default_sort(self.genre)
            ):
                query[field.name] = str(value)
        return query

    def apply(self, films: QuerySet[Film]) -> QuerySet[Film]:
        """Filter and order a film queryset."""
        if self.genre:
            films = _in_genre(films, self.genre)
        if self.decade is not None:
            films = films.filter(year__gte=self.decade, year__lt=self.decade + 10)
        if self.certification:
            films = films.filter(certification__iexact=self.certification)
        if self.country:
            films = films.filter(countries__slug=self.country)
        sort = self.sort
        if sort == GENRE_DEFAULT_SORT and not self.genre:
            sort = DEFAULT_SORT  # "most central to a chosen genre, else most notable"
        return films.order_by(*_ordering(sort))


def certifications_in_use() -> list[str]:
    """Every certification some film carries ("" left out), for the filter menu,
    read by skipping through the certification index: one probe per value, where a
    DISTINCT reads every film (a million at scale) for a few dozen values."""
    table = connection.ops.quote_name(Film._meta.db_table)
    sql = (
        "WITH RECURSIVE used(value) AS ("  # noqa: S608 - no user input
        f"SELECT MIN(certification) FROM {table} WHERE certification > '' "
        "UNION ALL SELECT (SELECT MIN(certification) "
        f"FROM {table} WHERE certification > used.value) "
        "FROM used WHERE used.value IS NOT NULL"
        ") SELECT value FROM used WHERE value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [value for (value,) in cursor.fetchall()]


def _in_genre(films: QuerySet[Film], slug: str) -> QuerySet[Film]:
    """The films of the genre, joined to their FilmGenre row (the sort by
    centrality orders by its rank). The genre's id is looked up first: compared with
    a constant, the join can be read from the (genre, rank) index already in order,
    24 rows for a page instead of every film of the genre sorted (at a million
    films, 1.2 s for a large genre)."""
    genre_id = Genre.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if genre_id is None:
        return films.none()
    return films.filter(film_genres__genre_id=genre_id)


def _ordering(sort: str) -> list[Any]:
    ordering: list[Any] = []
    for term in SORTS[sort]:
        name = term.lstrip("-")
        if name in {"box_office", "critics_score", "year"}:
            expression = F(name)
            ordering.append(
                expression.desc(nulls_last=True)
                if term.startswith("-")
                else expression.asc(nulls_last=True)
            )
        else:
            ordering.append(term)
    return ordering


def _clean_certification(raw: str | None) -> str:
    value = (raw or "").strip()
    # PostgreSQL refuses NUL in text, and no rating contains control characters.
    if len(value) > 20 or any(not ch.isprintable() for ch in value):
        raise ParameterError("certification", f"{shown(value)} is not a certification.")
    return value


def _clean_slug(field: str, raw: str | None) -> str:
    value = (raw or "").strip().lower()
    if value and not all(ch.isalnum() or ch in "-_" for ch in value):
        raise ParameterError(field, f"{shown(value)} is not a valid {field} slug.")
    return value[:200]
