"""Which film of the catalogue an export row means.

By id first: an IMDb id (`tt…`) against `Film.imdb_id`, a TMDB id against
`Film.tmdb_id`. Otherwise by title and year: the row's title (and original title)
against each film's title, original title and alternative titles, folded the same way
on both sides (case, accents, punctuation, "&" = "and", "…" = "..."), the year allowed
to differ by one. Films of the exact year come before films a year off; two films
that fit equally well make the row ambiguous, and the member chooses: a guess is
never made.

One pass for a whole export: the ids in one query each, then the films of the years
the rows name (± 1) once, folded in memory, so a 2,000-row diary costs a handful of
queries, not one per row (benchmarks/members_import.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from cinematheque.catalogue.models import AlternativeTitle, Film

_SPECIAL_LETTERS = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "\u0131": "i",  # dotless i
        "&": " and ",
        "+": " and ",
        "…": "...",
    }
)
_APOSTROPHES = re.compile("['`\u2019\u02bc\u00b4\u2018]")
_NOT_WORD = re.compile(r"[\W_]+")
CHUNK = 500


def title_key(title: str) -> str:
    """A title folded for comparison: 'Amélie' = 'amelie', 'Hit & Run' = 'Hit and
    Run', 'When Harry Met Sally…' = 'When Harry Met Sally...', "Schindler's List" =
    'Schindlers List'."""
    text = unicodedata.normalize("NFKD", title.casefold().translate(_SPECIAL_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _APOSTROPHES.sub("", text.translate(_SPECIAL_LETTERS))
    return " ".join(_NOT_WORD.sub(" ", text).split())


@dataclass
class Wanted:
    """What one row tells about its film."""

    title: str = ""
    original_title: str = ""
    year: int | None = None
    imdb_id: str = ""
    tmdb_id: int | None = None

    def keys(self) -> set[str]:
        return {
            key
            for key in (title_key(self.title), title_key(self.original_title))
            if key
        }


@dataclass
class Match:
    """A film id, or the candidates when several fit equally well (or none)."""

    film_id: int | None = None
    candidates: list[int] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.film_id is None and len(self.candidates) > 1


def match_films(wanted: list[Wanted]) -> list[Match]:
    """The match of each row, in order (see the module docstring)."""
    by_imdb = _films_by_imdb_id({w.imdb_id for w in wanted if w.imdb_id})
    by_tmdb = _films_by_tmdb_id({w.tmdb_id for w in wanted if w.tmdb_id})
    matches: list[Match | None] = []
    by_title: list[int] = []
    for index, row in enumerate(wanted):
        ids = by_imdb.get(row.imdb_id, []) or by_tmdb.get(row.tmdb_id or 0, [])
        if len(ids) == 1:
            matches.append(Match(film_id=ids[0]))
        elif len(ids) > 1:  # re-edits share their original's IMDb id
            matches.append(Match(candidates=sorted(ids)))
        else:
            matches.append(None)
            by_title.append(index)
    index_ = TitleIndex.for_rows([wanted[i] for i in by_title])
    for i in by_title:
        matches[i] = index_.match(wanted[i])
    return [match or Match() for match in matches]


def _films_by_imdb_id(imdb_ids: set[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(imdb_ids)):
        for pk, imdb_id in Film.objects.filter(imdb_id__in=chunk).values_list(
            "pk", "imdb_id"
        ):
            found[imdb_id].append(pk)
    return found


def _films_by_tmdb_id(tmdb_ids: set[int | None]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(pk for pk in tmdb_ids if pk)):
        for pk, tmdb_id in Film.objects.filter(tmdb_id__in=chunk).values_list(
            "pk", "tmdb_id"
        ):
            if tmdb_id is not None:
                found[tmdb_id].append(pk)
    return found


class TitleIndex:
    """Folded titles of the films that rows could mean: (key, year) → film ids."""

    def __init__(self) -> None:
        self.by_key_year: dict[tuple[str, int | None], set[int]] = defaultdict(set)
        self.by_key: dict[str, set[int]] = defaultdict(set)

    @classmethod
    def for_rows(cls, rows: list[Wanted]) -> TitleIndex:
        """Load the films of the rows' years ± 1, and for rows with no year the
        films whose title is one of theirs letter for letter (case aside)."""
        index = cls()
        years = {row.year + delta for row in rows if row.year for delta in (-1, 0, 1)}
        for chunk in _chunks(sorted(years)):
            index._add(Film.objects.filter(year__in=chunk))
        undated = sorted(
            {
                title
                for row in rows
                if not row.year
                for title in (row.title, row.original_title)
                if title
            }
        )
        for chunk in _chunks(undated, 100):
            index._add(Film.objects.filter(_any_title_is(chunk)))
        return index

    def _add(self, films: QuerySet[Film]) -> None:
        rows = list(
            films.values_list("pk", "year", "title", "original_title").distinct()
        )
        film_years = {pk: year for pk, year, _, _ in rows}
        for pk, year, title, original_title in rows:
            for text in (title, original_title):
                self._add_title(pk, year, text)
        for pk, title in alternative_titles(film_years):
            self._add_title(pk, film_years[pk], title)

    def _add_title(self, pk: int, year: int | None, text: str) -> None:
        key = title_key(text or "")
        if key:
            self.by_key_year[(key, year)].add(pk)
            self.by_key[key].add(pk)

    def match(self, row: Wanted) -> Match:
        keys = row.keys()
        if not keys:
            return Match()
        if row.year is None:
            found = set().union(*(self.by_key.get(key, set()) for key in keys))
            return _decide(found)
        for deltas in ((0,), (-1, 1)):
            found = {
                pk
                for key in keys
                for delta in deltas
                for pk in self.by_key_year.get((key, row.year + delta), ())
            }
            if found:
                return _decide(found)
        return Match()


def _any_title_is(titles: list[str]) -> Q:
    """Films called one of these titles (case aside), by any of their titles."""
    condition = Q()
    for title in titles:
        condition |= (
            Q(title__iexact=title)
            | Q(original_title__iexact=title)
            | Q(alternative_titles__title__iexact=title)
        )
    return condition


def _decide(found: set[int]) -> Match:
    if len(found) == 1:
        return Match(film_id=next(iter(found)))
    return Match(candidates=sorted(found))


def alternative_titles(film_years: dict[int, int | None]) -> list[tuple[int, str]]:
    """(film id, alternative title) of these films."""
    pairs: list[tuple[int, str]] = []
    for chunk in _chunks(sorted(film_years)):
        pairs.extend(
            AlternativeTitle.objects.filter(film_id__in=chunk)
            .values_list("film_id", "title")
            .iterator()
        )
    return pairs


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
