"""Which catalogue film a library file is, and how sure we are.

1. By external id (a `[tmdbid-…]`/`[imdbid-…]` tag or an `.nfo` sidecar): confidence 1.
2. By title and year: the parsed title against every film's title, original title and
   alternative titles, folded the same way on both sides (case, accents, punctuation,
   "&" = "and", a leading or trailing "The"). The exact year: 0.95; a year off by one
   (a festival screening, a release the next January): 0.85.
3. By title alone, when the name has no year (or no film of that year fits): 0.6.
4. A title spelled nearly the same (`Se7en`, `Amelie from Montmarte`) as a film's of
   the year ± 1: half the similarity, so never above 0.5: a candidate for review.

At or above `MATCHED` a file is matched; from `UNCERTAIN` up it waits in the admin's
review queue with its candidates; below, it is unmatched. Several films that fit
equally well make a file uncertain: a guess is never made.

One pass for a whole scan: ids in one query each, then the films of the years the
names carry (± 1) and the films whose titles the undated names spell, folded in
memory.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from cinematheque.catalogue.models import ExternalNamespace, Film, FilmExternalId
from cinematheque.members.imports.matching import alternative_titles, title_key
from cinematheque.watch.models import MediaFile

from .names import ParsedName

MATCHED = 0.85
UNCERTAIN = 0.3
EXACT_YEAR = 0.95
YEAR_OFF_BY_ONE = 0.85
TITLE_ONLY = 0.6
OTHER_YEAR = 0.4
SIMILAR = 0.5  # times the similarity of the titles (at least `CLOSE_ENOUGH`)
CLOSE_ENOUGH = 0.8
MAX_CANDIDATES = 5
CHUNK = 500

Method = MediaFile.Method
Status = MediaFile.Status


@dataclass
class Identity:
    """What we know of a file before matching: its parsed name and sidecar ids."""

    parsed: ParsedName
    nfo_tmdb_id: int | None = None
    nfo_imdb_id: str = ""
    nfo_title: str = ""
    nfo_year: int | None = None


@dataclass
class FilmMatch:
    """The film a file is (or its candidates), how, and how sure."""

    film_id: int | None = None
    status: str = Status.UNMATCHED
    method: str = ""
    confidence: float = 0.0
    candidates: list[tuple[int, float]] = field(default_factory=list)


def match_key(title: str) -> str:
    """A title folded for matching: `title_key` without a leading or trailing
    "the" ('The Matrix' = 'Matrix, The' = 'matrix')."""
    key = title_key(title)
    if key.startswith("the "):
        key = key[4:]
    if key.endswith(" the"):
        key = key[:-4]
    return key


def match_identities(identities: Sequence[Identity]) -> list[FilmMatch]:
    """The match of each identity, in order (see the module docstring)."""
    by_tmdb = _films_by_tmdb_id(
        {tmdb for identity in identities for tmdb in _tmdb_ids(identity)}
    )
    by_imdb = _films_by_imdb_id(
        {imdb for identity in identities for imdb in _imdb_ids(identity)}
    )
    matches: list[FilmMatch | None] = []
    by_title: list[int] = []
    for position, identity in enumerate(identities):
        found = _match_by_id(identity, by_tmdb, by_imdb)
        matches.append(found)
        if found is None:
            by_title.append(position)
    wanted = {position: _title_and_year(identities[position]) for position in by_title}
    index = TitleIndex()
    index.add_years({year for _, year in wanted.values() if year})
    missed = []
    for position, (titles, year) in wanted.items():
        found = index.match_first(titles, year) if year else FilmMatch()
        matches[position] = found
        if found.status == Status.UNMATCHED and match_key(titles[-1]):
            missed.append(position)
    # Names without a year, or whose year fits no film of their title: the films
    # that bear their title, whatever their year.
    index.add_titles({title for position in missed for title in wanted[position][0]})
    for position in missed:
        titles, year = wanted[position]
        found = index.match_first(titles, year)
        if found.status == Status.UNMATCHED and year:
            found = index.match_similar(titles[-1], year)
        matches[position] = found
    return [found or FilmMatch() for found in matches]


def _tmdb_ids(identity: Identity) -> list[int]:
    return [i for i in (identity.parsed.tmdb_id, identity.nfo_tmdb_id) if i]


def _imdb_ids(identity: Identity) -> list[str]:
    return [i for i in (identity.parsed.imdb_id, identity.nfo_imdb_id) if i]


def _title_and_year(identity: Identity) -> tuple[list[str], int | None]:
    """The titles to try, in order, and the year. A part number may belong to the
    title (`The Godfather Part 3`, `Deathly Hallows Part 1`) rather than to a
    stack: the titles with it come first."""
    parsed = identity.parsed
    if not parsed.title:
        return [identity.nfo_title], identity.nfo_year
    titles = [parsed.full_title, parsed.title] if parsed.full_title else [parsed.title]
    if parsed.part and parsed.kind == "feature":
        numbers = [str(parsed.part), _ROMAN.get(parsed.part, "")]
        titles = [f"{parsed.title} Part {n}" for n in numbers if n] + titles
    return titles, parsed.year or identity.nfo_year


_ROMAN = {2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}


def _match_by_id(
    identity: Identity,
    by_tmdb: dict[int, list[int]],
    by_imdb: dict[str, list[int]],
) -> FilmMatch | None:
    attempts: list[tuple[list[int], str]] = [
        (by_tmdb.get(identity.parsed.tmdb_id or 0, []), Method.TMDB_ID),
        (by_imdb.get(identity.parsed.imdb_id, []), Method.IMDB_ID),
        (by_tmdb.get(identity.nfo_tmdb_id or 0, []), Method.NFO),
        (by_imdb.get(identity.nfo_imdb_id, []), Method.NFO),
    ]
    for ids, method in attempts:
        if len(ids) == 1:
            return FilmMatch(
                film_id=ids[0], status=Status.MATCHED, method=method, confidence=1.0
            )
        if len(ids) > 1:  # a re-edit shares its original's IMDb id
            return FilmMatch(
                status=Status.UNCERTAIN,
                method=method,
                confidence=0.9,
                candidates=[(pk, 0.9) for pk in sorted(ids)],
            )
    return None


def _films_by_tmdb_id(tmdb_ids: set[int]) -> dict[int, list[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(sorted(tmdb_ids)):
        for pk, tmdb_id in Film.objects.filter(tmdb_id__in=chunk).values_list(
            "pk", "tmdb_id"
        ):
            if tmdb_id is not None:
                found[tmdb_id].add(pk)
        for pk, value in FilmExternalId.objects.filter(
            namespace=ExternalNamespace.TMDB, value__in=[str(i) for i in chunk]
        ).values_list("film_id", "value"):
            found[int(value)].add(pk)
    return {key: sorted(pks) for key, pks in found.items()}


def _films_by_imdb_id(imdb_ids: set[str]) -> dict[str, list[int]]:
    found: dict[str, set[int]] = defaultdict(set)
    for chunk in _chunks(sorted(imdb_ids)):
        for pk, imdb_id in Film.objects.filter(imdb_id__in=chunk).values_list(
            "pk", "imdb_id"
        ):
            found[imdb_id].add(pk)
        for pk, value in FilmExternalId.objects.filter(
            namespace=ExternalNamespace.IMDB, value__in=chunk
        ).values_list("film_id", "value"):
            found[value].add(pk)
    return {key: sorted(pks) for key, pks in found.items()}


class TitleIndex:
    """Folded titles of the films the names could mean: key → {(film id, year)}."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[tuple[int, int | None]]] = defaultdict(set)
        self.keys_by_year: dict[int | None, set[str]] = defaultdict(set)
        self.notability: dict[int, float] = {}

    def add_years(self, years: set[int]) -> None:
        """The films of these years, give or take one."""
        around = {year + delta for year in years for delta in (-1, 0, 1)}
        for chunk in _chunks(sorted(around)):
            self._add(Film.objects.filter(year__in=chunk))

    def add_titles(self, titles: set[str]) -> None:
        """The films called one of these titles (case aside), with or without a
        leading "The"."""
        spellings = set()
        for title in titles:
            words = " ".join(title.split())
            spellings.add(words)
            if words.lower().startswith("the "):
                spellings.add(words[4:])
            else:
                spellings.add(f"The {words}")
        for chunk in _chunks(sorted(spellings), 100):
            self._add(Film.objects.filter(_any_title_is(chunk)))

    def _add(self, films: QuerySet[Film]) -> None:
        rows = list(
            films.values_list(
                "pk", "year", "title", "original_title", "notability"
            ).distinct()
        )
        years = {pk: year for pk, year, _, _, _ in rows if pk not in self.notability}
        for pk, year, title, original_title, notability in rows:
            self.notability[pk] = notability
            for text in (title, original_title):
                self._add_title(pk, year, text)
        for pk, title in alternative_titles(years):
            self._add_title(pk, years[pk], title)

    def _add_title(self, pk: int, year: int | None, text: str) -> None:
        key = match_key(text or "")
        if key:
            self.by_key[key].add((pk, year))
            self.keys_by_year[year].add(key)

    def match(self, title: str, year: int | None) -> FilmMatch:
        """The best films for a title and year, scored (module docstring)."""
        films = self.by_key.get(match_key(title), set())
        if not films:
            return FilmMatch()
        if year is not None:
            for wanted_years, score, method in (
                ({year}, EXACT_YEAR, Method.TITLE_YEAR),
                ({year - 1, year + 1}, YEAR_OFF_BY_ONE, Method.TITLE_YEAR),
            ):
                found = {pk for pk, film_year in films if film_year in wanted_years}
                if found:
                    return self._decide(found, score, method)
            return self._decide({pk for pk, _ in films}, OTHER_YEAR, Method.TITLE)
        return self._decide({pk for pk, _ in films}, TITLE_ONLY, Method.TITLE)

    def match_first(self, titles: list[str], year: int | None) -> FilmMatch:
        """The match of the first of these titles that has one."""
        for title in titles:
            found = self.match(title, year)
            if found.status != Status.UNMATCHED:
                return found
        return FilmMatch()

    def match_similar(self, title: str, year: int) -> FilmMatch:
        """Candidates whose title is spelled nearly like this one, of the year ± 1."""
        key = match_key(title)
        years = {year - 1, year, year + 1}
        keys = set().union(*(self.keys_by_year.get(y, set()) for y in years))
        scored: dict[int, float] = {}
        close_keys = difflib.get_close_matches(
            key, keys, n=MAX_CANDIDATES, cutoff=CLOSE_ENOUGH
        )
        for close in close_keys:
            similarity = difflib.SequenceMatcher(None, key, close).ratio()
            for pk, film_year in self.by_key[close]:
                if film_year in years:
                    score = round(SIMILAR * similarity, 3)
                    scored[pk] = max(score, scored.get(pk, 0))
        if not scored:
            return FilmMatch()
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        return FilmMatch(
            status=Status.UNCERTAIN,
            method=Method.TITLE_YEAR,
            confidence=ranked[0][1],
            candidates=ranked[:MAX_CANDIDATES],
        )

    def _decide(self, found: set[int], score: float, method: str) -> FilmMatch:
        if len(found) == 1:
            (pk,) = found
            status = Status.MATCHED if score >= MATCHED else Status.UNCERTAIN
            return FilmMatch(
                film_id=pk if status == Status.MATCHED else None,
                status=status,
                method=method,
                confidence=score,
                candidates=[] if status == Status.MATCHED else [(pk, score)],
            )
        # Several films fit as well: the operator chooses; the better known first.
        ranked = sorted(found, key=lambda pk: (-self.notability.get(pk, 0), pk))
        shared = round(score * 0.9, 3)
        return FilmMatch(
            status=Status.UNCERTAIN if shared >= UNCERTAIN else Status.UNMATCHED,
            method=method,
            confidence=shared,
            candidates=[(pk, shared) for pk in ranked[:MAX_CANDIDATES]],
        )


def _any_title_is(titles: list[str]) -> Q:
    condition = Q()
    for title in titles:
        condition |= (
            Q(title__iexact=title)
            | Q(original_title__iexact=title)
            | Q(alternative_titles__title__iexact=title)
        )
    return condition


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
