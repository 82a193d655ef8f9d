"""The browse vocabulary shared by the /films/ page and the /api/v1/films endpoint:
which filters and sort orders exist, how their values are validated, how they apply."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

from django.db.models import F, QuerySet

from cinematheque.catalogue.models import Film

SORTS: dict[str, tuple[str, ...]] = {
    # name: order_by arguments; nulls last so films without the value come after.
    "title": ("title", "year", "id"),
    "-title": ("-title", "-year", "-id"),
    "year": ("year", "title", "id"),
    "-year": ("-year", "title", "id"),
    "box_office": ("box_office", "title", "id"),
    "-box_office": ("-box_office", "title", "id"),
    # critics_score: the Wilson lower bound of the Tomatometer (ingest/derived.py).
    "score": ("critics_score", "title", "id"),
    "-score": ("-critics_score", "title", "id"),
    "notability": ("notability", "title", "id"),
    "-notability": ("-notability", "title", "id"),
    # Only with a genre: FilmGenre.rank (catalogue/centrality.py).
    "-centrality": ("-film_genres__rank", "-notability", "title", "id"),
}
DEFAULT_SORT = "-notability"
GENRE_DEFAULT_SORT = "-centrality"


def default_sort(genre: str) -> str:
    """The sort used when none is asked for: most central first within a genre."""
    return GENRE_DEFAULT_SORT if genre else DEFAULT_SORT


class BrowseError(ValueError):
    """A filter or sort value that cannot be applied; the message is shown to the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class BrowseParams:
    """Validated browse filters. Build with `BrowseParams.parse(mapping)`."""

    genre: str = ""
    decade: int | None = None
    certification: str = ""
    country: str = ""
    sort: str = DEFAULT_SORT

    MIN_DECADE: ClassVar[int] = 1870
    MAX_DECADE: ClassVar[int] = 2100

    @classmethod
    def parse(cls, data: dict[str, str | None]) -> BrowseParams:
        """Validate raw query parameters; raise BrowseError naming the bad field."""
        decade = _parse_decade(data.get("decade"))
        genre = _clean_slug("genre", data.get("genre"))
        sort = (data.get("sort") or default_sort(genre)).strip()
        if sort not in SORTS:
            raise BrowseError(
                "sort", f"Unknown sort {sort!r}; use one of: {', '.join(SORTS)}."
            )
        if sort == GENRE_DEFAULT_SORT and not genre:
            raise BrowseError(
                "sort", "Sorting by the most central needs a genre: choose one."
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
            # The sort by centrality orders by this join's FilmGenre.rank.
            films = films.filter(film_genres__genre__slug=self.genre)
        if self.decade is not None:
            films = films.filter(year__gte=self.decade, year__lt=self.decade + 10)
        if self.certification:
            films = films.filter(certification__iexact=self.certification)
        if self.country:
            films = films.filter(countries__slug=self.country)
        return films.order_by(*_ordering(self.sort))


def _ordering(sort: str) -> list:
    ordering = []
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


def _parse_decade(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    text = str(raw).strip().rstrip("s")
    if not text.isdigit():
        raise BrowseError("decade", f"Decade must be a year like 1990, not {raw!r}.")
    decade = int(text)
    if decade % 10 or not BrowseParams.MIN_DECADE <= decade <= BrowseParams.MAX_DECADE:
        raise BrowseError(
            "decade",
            f"Decade must be a multiple of ten between 1870 and 2100, not {raw!r}.",
        )
    return decade


def _clean_certification(raw: str | None) -> str:
    value = (raw or "").strip()
    # PostgreSQL refuses NUL in text, and no rating contains control characters.
    if len(value) > 20 or any(not ch.isprintable() for ch in value):
        raise BrowseError("certification", f"{raw!r} is not a certification.")
    return value


def _clean_slug(field: str, raw: str | None) -> str:
    value = (raw or "").strip().lower()
    if value and not all(ch.isalnum() or ch in "-_" for ch in value):
        raise BrowseError(field, f"{raw!r} is not a valid {field} slug.")
    return value[:200]
