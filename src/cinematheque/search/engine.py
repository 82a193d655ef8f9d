"""Answering a query: parse it, correct its typing mistakes against the vocabulary,
fetch a bounded set of candidates from the backend, and rank them in Python.

Ranking, in order of weight: how much of the query a title (or a person's name) covers
and how much of that title it covers; an exact title or name; the year in the query;
then notability, so a well-known film beats an obscure namesake. Words count by
rarity, so 'de' in 'de niro pacino' weighs less than 'pacino'. A name that only
completes a word typed whole ('heat' → Heaton) ranks below the titles containing
that word; a person's films rank by billing and the film's standing, see
search/indexing.py (search_notability, search_prominence).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations
from typing import Literal

from django.db.models import Q
from django.urls import get_script_prefix, reverse

from cinematheque.catalogue.certifications import ContentLimit
from cinematheque.catalogue.models import Film
from cinematheque.search import prefixes, spacing, spelling
from cinematheque.search.backends import get_backend
from cinematheque.search.backends.base import (
    FilmFilters,
    FilmRow,
    PersonRow,
    SearchBackend,
    WordGroup,
)
from cinematheque.search.indexing import SEPARATOR
from cinematheque.search.models import FilmTitleKey
from cinematheque.search.text import ARTICLES, ParsedQuery, parse_query, strip_article

Kind = Literal["film", "person"]
SEARCH_CANDIDATES = 200
SUGGEST_CANDIDATES = prefixes.LIST_SIZE  # the stored lists hold as many
KEY_CANDIDATES = prefixes.TITLE_KEYS
YEAR_CANDIDATES = 50
PEOPLE_CANDIDATES = 50
RELAX_BELOW = 5
RELAX_CANDIDATES = 30
MAX_RELAX_WORDS = 6
FUNCTION_WORDS = ARTICLES | {
    "of", "in", "on", "at", "to", "and", "or", "for", "with", "by", "from",
    "de", "du", "des", "di", "da", "del", "y", "e", "et", "und", "von",
}  # fmt: skip

# Scores: the text match is 0..1; bonuses are added to it.
EXACT_WHOLE = 0.6
EXACT_PART = 0.3
WHOLE_QUERY_IN_NAME = 0.15
# A match in one of a person's other names scores this share of the same match in the
# name: "Leaf Phoenix" finds Joaquin Phoenix, below a person named so.
OTHER_NAME = 0.95
STARTS_WITH = 0.1
YEAR_MATCH = 0.5
YEAR_NEAR = 0.2
YEAR_MISS = -0.2
NOTABILITY = 0.35
PREFIX = 0.85
# A name that only completes a word of the vocabulary ('heat' → Heaton): the word was
# most likely typed whole, and titles containing it come first.
NAME_COMPLETES_WORD = 0.6
CORRECTED = 0.85
CAST = 0.6
CREW = 0.6
OUT_OF_ORDER = 0.8
PROMINENCE_FULL = 50.0
DEFAULT_FREQUENCY = 20
RARITY_BASE = 1_000_000


_SLUG_PLACEHOLDER = "slug-placeholder"


@lru_cache(maxsize=32)
def _url_pattern(name: str, prefix: str) -> str:
    return reverse(name, args=[_SLUG_PLACEHOLDER])


def slug_url(name: str, slug: str) -> str:
    """reverse(name, args=[slug]) for a slug-only URL, resolved once per URL name: a
    results page builds hundreds of links."""
    return _url_pattern(name, get_script_prefix()).replace(_SLUG_PLACEHOLDER, slug)


@dataclass(slots=True)
class Hit:
    """One ranked result: a film or a person."""

    kind: Kind
    score: float
    film: FilmRow | None = None
    person: PersonRow | None = None

    @property
    def id(self) -> int:
        return self.film.film_id if self.film else self.person.person_id  # type: ignore[union-attr]

    @property
    def slug(self) -> str:
        return self.film.slug if self.film else self.person.slug  # type: ignore[union-attr]

    @property
    def label(self) -> str:
        return self.film.title if self.film else self.person.name  # type: ignore[union-attr]

    @property
    def url(self) -> str:
        if self.film:
            return slug_url("catalogue:film", self.film.slug)
        return slug_url("people:person", self.slug)

    @property
    def poster_url(self) -> str:
        return slug_url("catalogue:poster", self.film.slug) if self.film else ""

    @property
    def known_for_url(self) -> str:
        if self.person and self.person.known_for_slug:
            return slug_url("catalogue:film", self.person.known_for_slug)
        return ""


@dataclass
class SearchResults:
    """Every ranked hit of a query (up to the candidate bound) with facet counts."""

    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    type_counts: dict[str, int] = field(default_factory=dict)
    genre_counts: list[tuple[str, int]] = field(default_factory=list)
    decade_counts: list[tuple[int, int]] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    truncated: bool = False  # more films or people match than were ranked

    @property
    def total(self) -> int:
        return len(self.hits)

    def page(self, *, offset: int, limit: int) -> list[Hit]:
        return self.hits[offset : offset + limit]

    @property
    def corrected_query(self) -> str:
        """The query with its corrected words, for "Showing results for …"."""
        return " ".join(self.corrections.get(word, word) for word in self.query.words)


@dataclass
class _Word:
    """A query word as the ranking sees it: the spellings that match it whole (what
    was typed, and its corrections at a lower quality), the prefix it may be, and its
    weight (rarity)."""

    group: WordGroup
    weight: float
    optional: bool = False  # the year: counts only where a title contains it
    searchable: bool = True  # False: ranks the candidates but does not find them
    known: bool = False  # what was typed is a word of the index
    exact: dict[str, float] = field(default_factory=dict)
    prefix: str = ""

    def __post_init__(self) -> None:
        self.exact = dict.fromkeys(self.group.corrections, CORRECTED)
        self.exact[self.group.typed] = 1.0
        self.prefix = self.group.typed if self.group.prefix else ""

    def quality(self, tokens: Collection[str]) -> float:
        """1 when a token is what was typed, less for a correction or a completion."""
        best = 0.0
        for written, quality in self.exact.items():
            if quality > best and written in tokens:
                best = quality
        if best < PREFIX and self.prefix:
            prefix = self.prefix
            if any(token.startswith(prefix) for token in tokens):
                best = PREFIX
        return best

    def whole(self, tokens: Collection[str]) -> bool:
        """A token is what was typed or a correction, not only a completion."""
        return any(written in tokens for written in self.exact)

    def name_quality(self, tokens: Collection[str]) -> float:
        """quality() for a person's name, where completing a word that exists whole
        ('heat' → 'heaton') counts less."""
        quality = self.quality(tokens)
        if quality and self.known and not self.whole(tokens):
            return quality * NAME_COMPLETES_WORD
        return quality

    def covers(self, token: str) -> bool:
        return token in self.exact or bool(
            self.prefix and token.startswith(self.prefix)
        )


def _rarity(frequency: int) -> float:
    return math.log(1 + RARITY_BASE / max(frequency, 1))


def _level(value: float) -> float:
    """Notability or prominence (0 to 100, see catalogue/derived.py) as 0..1."""
    return min(max(value, 0.0), 100.0) / 100.0


def _prepare(
    query: ParsedQuery, backend: SearchBackend, frequencies: dict[str, int]
) -> tuple[list[_Word], dict[str, str]]:
    """The ranking's words; `frequencies` holds (at least) those of the query's words."""
    words: list[_Word] = []
    corrections: dict[str, str] = {}
    for position, word in enumerate(query.words):
        if word in query.year_words:
            continue
        typing = query.prefix_last and position == len(query.words) - 1
        if typing and len(word) == 1 and word.isalpha() and len(query.words) > 1:
            # One letter of the word being typed: too many words start with it to
            # look them up, but it still tells 'tone l' (Tone Loc) from Franchot Tone.
            group = WordGroup(typed=word, prefix=True)
            words.append(_Word(group, _rarity(RARITY_BASE), searchable=False))
            continue
        is_prefix = typing and len(word) >= 2
        frequency = frequencies.get(word, 0)
        documents: int | None = frequency
        if is_prefix:
            documents = backend.prefix_documents(word)
            if not frequency:  # None: hundreds of words start with it
                frequency = RARITY_BASE if documents is None else documents
        fixes: tuple[tuple[str, int], ...] = ()
        if not frequency:
            fixes = spelling.corrections(word, backend)
            if fixes:
                corrections[word] = fixes[0][0]
                frequency = fixes[0][1]
                documents = sum(count for _, count in fixes)
        group = WordGroup(
            typed=word,
            prefix=is_prefix,
            corrections=tuple(fix for fix, _ in fixes),
            documents=documents,
        )
        known = bool(frequencies.get(word))
        words.append(_Word(group, _rarity(frequency or DEFAULT_FREQUENCY), known=known))
    words += [
        _Word(WordGroup(typed=word), _rarity(DEFAULT_FREQUENCY), optional=True)
        for word in sorted(query.year_words)
    ]
    return words, corrections


def _title_match(words: Sequence[_Word], titles: Sequence[list[str]]) -> list[float]:
    """Per query word, its match quality in the best-matching title, scaled by how
    much of that title the query covers (a leading article aside)."""
    best: list[float] = [0.0] * len(words)
    best_total = -1.0
    for tokens in titles:
        if not tokens:
            continue
        token_set = set(tokens)
        qualities = [word.quality(token_set) for word in words]
        if not any(qualities):
            continue
        content = tokens[1:] if len(tokens) > 1 and tokens[0] in ARTICLES else tokens
        covered = sum(1 for token in content if any(w.covers(token) for w in words))
        coverage = min(covered / len(content), 1.0)
        scale = 0.7 + 0.3 * coverage
        scaled = [quality * scale for quality in qualities]
        total = sum(
            word.weight * quality for word, quality in zip(words, scaled, strict=True)
        )
        if total > best_total:
            best, best_total = scaled, total
    return best


def _billing(position: int) -> float:
    """A lead's film before a supporting part's: 1 for the first billed, a little
    less for the next two, then falling to 0.5."""
    if position < 3:
        return 1.0 - 0.03 * position
    return max(0.5, 0.94 - 0.08 * (position - 2))


def _people_match(
    words: Sequence[_Word], row: FilmRow, floor: Sequence[float]
) -> list[float]:
    """Per query word, its match in the film's top-billed cast (leads count more) or
    its directors and writers; words whose `floor` (title match) a person's name
    cannot beat are skipped."""
    if all(quality >= CAST for quality in floor):
        return [0.0] * len(words)
    cast: dict[str, int] = {}
    for position, name in enumerate(row.cast_text.split(SEPARATOR)):
        for token in name.split():
            cast.setdefault(token, position)
    crew = set(row.crew_text.split())
    qualities = []
    for word, title_quality in zip(words, floor, strict=True):
        if word.optional or title_quality >= CAST:
            qualities.append(0.0)
            continue
        best = word.quality(crew) * CREW if crew else 0.0
        if cast:
            for spelling_, quality in word.exact.items():
                billed = cast.get(spelling_)
                if billed is not None:
                    best = max(best, quality * CAST * _billing(billed))
            if word.prefix:
                for token, position in cast.items():
                    if token.startswith(word.prefix):
                        best = max(best, PREFIX * CAST * _billing(position))
        qualities.append(best)
    return qualities


def _combine(words: Sequence[_Word], qualities: Sequence[float]) -> float:
    """The rarity-weighted mean match quality of the words, times the share of the
    query that matched at all: a result missing a word ranks well below those that
    have them all."""
    numerator = denominator = matched = 0.0
    for word, quality in zip(words, qualities, strict=True):
        if word.optional and not quality:
            continue
        numerator += word.weight * quality
        denominator += word.weight
        matched += word.weight if quality else 0.0
    if not denominator:
        return 0.0
    return (numerator / denominator) * (matched / denominator)


def _exact_bonus(bonus: float, level: float) -> float:
    """An exact title or name counts for more when the film or person is known: an
    obscure film titled "Kubrick" should not outrank Stanley Kubrick."""
    return bonus * (0.5 + 0.5 * level)


def score_film(row: FilmRow, words: Sequence[_Word], query: ParsedQuery) -> float:
    titles = [row.title_text.split()] + [
        alt.split() for alt in row.alt_text.split(SEPARATOR) if alt
    ]
    title_q = _title_match(words, titles)
    people_q = _people_match(words, row, title_q)
    qualities = [max(t, p) for t, p in zip(title_q, people_q, strict=True)]
    score = _combine(words, qualities)
    level = _level(row.notability)
    if row.key_kind == FilmTitleKey.Kind.WHOLE:
        score += _exact_bonus(EXACT_WHOLE, level)
    elif row.key_kind == FilmTitleKey.Kind.PART:
        score += _exact_bonus(EXACT_PART, level)
    typed = " ".join(word.group.typed for word in words if not word.optional)
    if typed and row.title_text.startswith(typed):
        score += STARTS_WITH
    elif typed and strip_article(row.title_text).startswith(typed):
        score += STARTS_WITH / 2
    year_in_title = any(
        word.optional and quality for word, quality in zip(words, title_q, strict=True)
    )
    if query.year and query.year_words and not year_in_title:
        if row.year == query.year:
            score += YEAR_MATCH
        elif row.year and abs(row.year - query.year) == 1:
            score += YEAR_NEAR
        else:
            score += YEAR_MISS
    return score + NOTABILITY * level


def score_person(row: PersonRow, words: Sequence[_Word], query: ParsedQuery) -> float:
    """The person's score by their name, or by the best of their other names
    ('Аль Пачино', a birth name) a little below what the same match in the name
    would score."""
    score = _score_name(row, row.name_text, words, query, exact=row.exact)
    for other in filter(None, row.alt_text.split(SEPARATOR)):
        score = max(
            score,
            OTHER_NAME * _score_name(row, other.strip(), words, query, exact=False),
        )
    return score


def _score_name(
    row: PersonRow,
    name_text: str,
    words: Sequence[_Word],
    query: ParsedQuery,
    *,
    exact: bool,
) -> float:
    tokens = name_text.split()
    token_set = set(tokens)
    text_words = [word for word in words if not word.optional]
    qualities = [word.name_quality(token_set) for word in text_words]
    if not any(qualities):
        return 0.0
    completes_a_word = any(
        quality and word.known and not word.whole(token_set)
        for word, quality in zip(text_words, qualities, strict=True)
    )
    coverage = _name_coverage(tokens, text_words)
    score = _combine(text_words, qualities) * (0.7 + 0.3 * coverage)
    if not _in_name_order(tokens, text_words):
        score *= OUT_OF_ORDER  # 'hanks ryan' means less 'Ryan Hanks' than it could
    level = _prominence_level(row.prominence)
    if exact:
        score += _exact_bonus(EXACT_WHOLE, level)
    elif all(qualities) and not completes_a_word:
        # Every word is in this one name: the person is a more direct answer than
        # the films that only mention them; the surname alone is like a title part.
        score += WHOLE_QUERY_IN_NAME
        if _is_surname(tokens, text_words):
            score += _exact_bonus(EXACT_PART, level)
    if query.year_words:
        score += YEAR_MISS
    return score + NOTABILITY * level


def _prominence_level(prominence: float) -> float:
    """Prominence as 0..1: the search prominence of search/indexing.py is about half
    the notability of the best-known films, so 50 counts full."""
    return min(max(prominence, 0.0) / PROMINENCE_FULL, 1.0)


def _in_name_order(tokens: Sequence[str], words: Sequence[_Word]) -> bool:
    positions = []
    for word in words:
        position = next(
            (index for index, token in enumerate(tokens) if word.covers(token)), None
        )
        if position is not None:
            positions.append(position)
    return positions == sorted(positions)


def _is_surname(tokens: Sequence[str], words: Sequence[_Word]) -> bool:
    names = [token for token in tokens if token not in NAME_SUFFIXES]
    return len(words) == 1 and len(names) > 1 and words[0].covers(names[-1])


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _name_coverage(tokens: Sequence[str], words: Sequence[_Word]) -> float:
    """How much of a name the query covers, the surname counting double and a suffix
    ('Jr.') not at all: 'kubrick' covers most of 'stanley kubrick'."""
    weights = [0.0 if token in NAME_SUFFIXES else 1.0 for token in tokens]
    surnames = [index for index, weight in enumerate(weights) if weight]
    if surnames:
        weights[surnames[-1]] = 2.0
    total = sum(weights)
    covered = sum(
        weight
        for token, weight in zip(tokens, weights, strict=True)
        if any(word.covers(token) for word in words)
    )
    return covered / total if total else 0.0


def _title_keys(query: ParsedQuery, words: Sequence[_Word]) -> list[str]:
    text = [word.group for word in words if not word.optional and word.searchable]
    keys = {" ".join(group.typed for group in text), " ".join(query.words)}
    if any(group.corrections for group in text):
        keys.add(
            " ".join(
                group.corrections[0] if group.corrections else group.typed
                for group in text
            )
        )
    return sorted(key for key in keys if key)


def _relaxations(
    groups: Sequence[WordGroup], *, found: int, below: int, deepest: int = 2
) -> list[list[WordGroup]]:
    """When a query matches (almost) nothing, the same query without one word, or
    without two: 'mad max fury road' still finds the Mad Max films it knows."""
    if found >= below or not 1 < len(groups) <= MAX_RELAX_WORDS:
        return []
    subsets = [list(subset) for subset in combinations(groups, len(groups) - 1)]
    if deepest > 1 and not found and 2 < len(groups) <= MAX_RELAX_WORDS - 1:
        subsets += [list(subset) for subset in combinations(groups, len(groups) - 2)]
    # Articles and prepositions alone ('the' left of 'the matrix', 'de' of 'de niro')
    # would only list the best-known films.
    return [
        subset
        for subset in subsets
        if any(group.typed not in FUNCTION_WORDS for group in subset)
    ]


def _film_candidates(
    backend: SearchBackend,
    query: ParsedQuery,
    words: Sequence[_Word],
    filters: FilmFilters,
    limit: int,
    *,
    relax_below: int,
) -> tuple[dict[int, FilmRow], bool]:
    groups = [word.group for word in words if not word.optional and word.searchable]
    rows: dict[int, FilmRow] = {}
    for row in backend.films_with_title_keys(
        _title_keys(query, words), filters, KEY_CANDIDATES
    ):
        rows[row.film_id] = row
    matched = backend.match_films(groups, filters, limit)
    truncated = len(matched) >= limit
    for row in matched:
        rows.setdefault(row.film_id, row)
    if query.year and query.year_words:
        year_filters = FilmFilters(
            genre=filters.genre, decade=filters.decade, year=query.year
        )
        for row in backend.match_films(groups, year_filters, YEAR_CANDIDATES):
            rows.setdefault(row.film_id, row)
    for subset in _relaxations(groups, found=len(rows), below=relax_below):
        for row in backend.match_films(subset, filters, RELAX_CANDIDATES):
            rows.setdefault(row.film_id, row)
    if not rows and len(groups) > 1:
        for row in backend.match_films(
            groups, filters, RELAX_CANDIDATES, require_all=False
        ):
            rows.setdefault(row.film_id, row)
    return rows, truncated


def _person_candidates(
    backend: SearchBackend,
    query: ParsedQuery,
    words: Sequence[_Word],
    limit: int,
    *,
    relax_below: int,
) -> tuple[dict[int, PersonRow], bool]:
    groups = [word.group for word in words if not word.optional and word.searchable]
    names = [
        " ".join(group.typed for group in groups),
        " ".join(
            group.corrections[0] if group.corrections else group.typed
            for group in groups
        ),
    ]
    rows: dict[int, PersonRow] = {}
    for row in backend.people_named(sorted(set(names)), KEY_CANDIDATES):
        rows[row.person_id] = row
    matched = backend.match_people(groups, limit)
    truncated = len(matched) >= limit
    for row in matched:
        rows.setdefault(row.person_id, row)
    for subset in _relaxations(groups, found=len(rows), below=relax_below, deepest=1):
        for row in backend.match_people(subset, RELAX_CANDIDATES):
            rows.setdefault(row.person_id, row)
    return rows, truncated


def search(
    query: str,
    *,
    kind: Kind | None = None,
    genre: str = "",
    decade: int | None = None,
    candidates: int = SEARCH_CANDIDATES,
    relax_below: int = RELAX_BELOW,
    content_limit: ContentLimit | None = None,
    keep_films: Callable[[list[int]], Collection[int]] | None = None,
) -> SearchResults:
    """Rank films and people for a free-text query. A genre or decade restricts the
    results to films. Facet counts describe the ranked hits before `kind` applies.
    With fewer than `relax_below` films or people matching every word, those
    matching all words but one (or two) are added. A member's `content_limit`
    removes the films it hides (and the "known for" film of a person it hides).
    `keep_films(film_ids)`, a member's personal filter (catalogue.film_filters),
    returns the films to keep, and restricts the results to films."""
    parsed = parse_query(query)
    results = SearchResults(query=parsed)
    if parsed.is_empty:
        return results
    backend = get_backend()
    respaced = spacing.respace(parsed, backend)
    parsed = results.query = respaced.query
    words, corrections = _prepare(parsed, backend, respaced.frequencies)
    results.corrections = respaced.replacements | corrections
    filters = FilmFilters(genre=genre, decade=decade)
    films, results.truncated = _film_candidates(
        backend, parsed, words, filters, candidates, relax_below=relax_below
    )
    people: dict[int, PersonRow] | None = None
    if keep_films is None and not genre and decade is None:
        people, more_people = _person_candidates(
            backend,
            parsed,
            words,
            min(candidates, PEOPLE_CANDIDATES),
            relax_below=relax_below,
        )
        results.truncated |= more_people
    _rank(
        results,
        words,
        films,
        people,
        kind=kind,
        content_limit=content_limit,
        keep_films=keep_films,
    )
    return results


def _rank(
    results: SearchResults,
    words: Sequence[_Word],
    films: dict[int, FilmRow],
    people: dict[int, PersonRow] | None,
    *,
    kind: Kind | None = None,
    content_limit: ContentLimit | None = None,
    keep_films: Callable[[list[int]], Collection[int]] | None = None,
) -> None:
    """Score the candidates, drop what the member's limit or filters hide, and fill
    `results` with the hits in order and their facet counts."""
    parsed = results.query
    hits = [
        Hit("film", score_film(row, words, parsed), film=row) for row in films.values()
    ]
    if keep_films is not None:
        kept = set(keep_films([hit.film.film_id for hit in hits if hit.film]))
        hits = [hit for hit in hits if hit.film and hit.film.film_id in kept]
    elif people is not None:
        hits += [
            Hit("person", score, person=row)
            for row in people.values()
            if (score := score_person(row, words, parsed)) > 0
        ]
    if content_limit is not None:
        hits = _within_limit(hits, content_limit)
    hits.sort(key=lambda hit: (-hit.score, hit.kind, hit.label, hit.id))
    results.type_counts = dict(Counter(hit.kind for hit in hits))
    genres: Counter[str] = Counter()
    decades: Counter[int] = Counter()
    for hit in hits:
        if hit.film:
            genres.update(hit.film.genres.split())
            if hit.film.year:
                decades[hit.film.year - hit.film.year % 10] += 1
    results.genre_counts = genres.most_common()
    results.decade_counts = sorted(decades.items())
    results.hits = [hit for hit in hits if kind is None or hit.kind == kind]


def _within_limit(hits: list[Hit], limit: ContentLimit) -> list[Hit]:
    """The hits without the films `limit` hides, read in one query; a person keeps
    their place but not a hidden "known for" film."""
    film_ids = [hit.film.film_id for hit in hits if hit.film]
    known_for = {hit.person.known_for_slug for hit in hits if hit.person} - {""}
    rows = Film.objects.filter(Q(pk__in=film_ids) | Q(slug__in=known_for)).values_list(
        "id", "slug", "certification", "certification_country"
    )
    hidden_ids, hidden_slugs = set(), set()
    for film_id, slug, certification, country in rows:
        if not limit.allows(certification, country):
            hidden_ids.add(film_id)
            hidden_slugs.add(slug)
    kept = []
    for hit in hits:
        if hit.film and hit.film.film_id in hidden_ids:
            continue
        if hit.person and hit.person.known_for_slug in hidden_slugs:
            hit.person = replace(
                hit.person, known_for_title="", known_for_year=None, known_for_slug=""
            )
        kept.append(hit)
    return kept


def suggest(
    query: str,
    *,
    films: int = 6,
    people: int = 3,
    content_limit: ContentLimit | None = None,
) -> list[Hit]:
    """The few best films and people for a query being typed, best first. One
    short word (see search/prefixes.py) is answered from the stored prefix lists in
    one query, ranked as the engine ranks its own candidates."""
    results = _stored_suggestions(query, content_limit=content_limit)
    if results is None:
        results = search(
            query,
            candidates=SUGGEST_CANDIDATES,
            relax_below=1,
            content_limit=content_limit,
        )
    chosen: list[Hit] = []
    quota = {"film": films, "person": people}
    for hit in results.hits:
        if quota[hit.kind] > 0:
            chosen.append(hit)
            quota[hit.kind] -= 1
    return chosen


def _stored_suggestions(
    query: str, *, content_limit: ContentLimit | None = None
) -> SearchResults | None:
    """What search() ranks for a short word being typed, from the stored lists; None
    when the lists do not answer it."""
    parsed = parse_query(query)
    word = prefixes.served_word(parsed)
    if word is None:
        return None
    stored = prefixes.stored_candidates(word)
    if stored is None:
        return None
    # One word: its weight cancels out of the score, so the rarity is not looked up.
    group = WordGroup(typed=word, prefix=len(word) > 1)
    words = [_Word(group, 1.0, known=bool(stored.frequency))]
    results = SearchResults(query=parsed)
    _rank(results, words, stored.films, stored.people, content_limit=content_limit)
    return results
