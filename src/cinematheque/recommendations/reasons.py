"""The sentence shown beside each suggestion, drawn from what the two films share.

The reason is the one shared thing that contributes most to the pair's score: a
sequel link, the director, a collection, a lead, a writer, or else the profile
(genres, era, a rare language or country), e.g. "Also directed by Michael Mann",
"Robert De Niro and Al Pacino again", "A crime thriller from the same year". Within a
list a sentence is not repeated where the data offers another true one ("Also
directed by Michael Mann, in another crime thriller", "A thriller from 2012").
Measured by benchmarks/reasons.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.apps import apps
from django.db import models
from django.utils.translation import get_language, gettext
from scipy.sparse import csr_matrix

from cinematheque.catalogue.models import Country, Genre, Language
from cinematheque.people.models import Person
from cinematheque.recommendations.data import RELATION_CODES
from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.similarity import (
    PROFILE,
    SIGNAL_FLOOR,
    SIGNALS,
    FeatureSpace,
    pair_contributions,
)

KIND_CHOICE = {
    "relation": Recommendation.Kind.RELATION,
    "director": Recommendation.Kind.DIRECTOR,
    "collection": Recommendation.Kind.COLLECTION,
    "cast": Recommendation.Kind.CAST,
    "writer": Recommendation.Kind.WRITER,
    PROFILE: Recommendation.Kind.PROFILE,
}
IN_BATCH = 900
SEQUEL, REMAKE, BASED_ON = (
    RELATION_CODES["sequel_to"],
    RELATION_CODES["remake_of"],
    RELATION_CODES["based_on"],
)
NOTABLE_POPULARITY = 0.5
# "Also directed by" tells a reader more than "Also written by" for the same weight.
REASON_PREFERENCE = {"writer": 0.5}
LEAD_BILLING = 3  # billing orders 0 to 3 are the leads
RARE_LANGUAGE_SHARE = 0.2  # a language shared by fewer films is worth naming
ERA_CLOSE_YEARS = 3
ERA_SAME_YEAR, ERA_DECADE, ERA_CLOSE, ERA_NONE, ERA_YEAR = 0, 1, 2, 3, 4


@lru_cache(maxsize=512)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """gettext, remembered per language: reasons are written by the hundred
    thousand."""
    return _translated(get_language(), message)


@dataclass(frozen=True)
class GenreWords:
    modifier: str  # "crime" in "a crime drama"
    noun: str  # "drama"
    headness: int  # which of two genres names the kind of film


# Keyed by genre slug. A genre not listed reads as "<name> film".
GENRE_WORDS = {
    "documentary": GenreWords("documentary", "documentary", 10),
    "musical": GenreWords("musical", "musical", 9),
    "western": GenreWords("western", "western", 9),
    "animation": GenreWords("animated", "animated film", 8),
    "thriller": GenreWords("thriller", "thriller", 7),
    "comedy": GenreWords("comic", "comedy", 7),
    "horror": GenreWords("horror", "horror film", 6),
    "drama": GenreWords("dramatic", "drama", 6),
    "romance": GenreWords("romantic", "romance", 5),
    "mystery": GenreWords("mystery", "mystery", 5),
    "biography": GenreWords("biographical", "biopic", 5),
    "war": GenreWords("war", "war film", 4),
    "sci-fi": GenreWords("science-fiction", "science-fiction film", 4),
    "science-fiction": GenreWords("science-fiction", "science-fiction film", 4),
    "fantasy": GenreWords("fantasy", "fantasy", 4),
    "action": GenreWords("action", "action film", 3),
    "adventure": GenreWords("adventure", "adventure", 3),
    "crime": GenreWords("crime", "crime film", 2),
    "family": GenreWords("family", "family film", 2),
    "sport": GenreWords("sports", "sports film", 2),
    "history": GenreWords("historical", "historical film", 2),
    "music": GenreWords("music", "music film", 2),
}
SPECIAL_PAIRS = {frozenset({"comedy", "drama"}): "comedy-drama"}


def reasons_build(
    space: FeatureSpace, left: np.ndarray, right: np.ndarray
) -> tuple[list[str], list[str]]:
    """The kind (a Recommendation.Kind value) and the sentence for each pair
    (left[k] recommends right[k]).

    A shared person, collection or sequel link is named whenever the one that counts
    most counts for more than a shared bit player would (SIGNAL_FLOOR), even if
    genres and era weigh more in the score: it is the more telling reason. Pairs of
    one film (given in rank order) then get varied sentences (see `_vary`). The
    work is done on whole arrays of pairs; only the final sentences are assembled
    one by one.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    if not len(left):
        return [], []
    by_signal = _strongest_single(space, left, right)
    strongest = np.argmax(by_signal, axis=0)
    strength = by_signal.max(axis=0)
    profile = _profile_parts(space, left, right)
    use_signal = (strength >= SIGNAL_FLOOR) | (~profile.says_something & (strength > 0))
    kinds = [PROFILE] * len(left)
    texts = [""] * len(left)
    names = _Names(space)
    # A rarely shared country says more than genres and era ("A thriller made in
    # Norway"), unless a rare language already says it.
    countries = _shared_rare(
        space.countries, space.country_share, space.country_keys, left, right
    )
    countries[profile.language >= 0] = -1
    names.countries(countries[countries >= 0].tolist())
    sentences: dict[tuple[int, ...], str] = {}
    for pair in np.flatnonzero(~use_signal):
        key = (*profile.key(int(pair)), int(countries[pair]))
        if key not in sentences:
            sentences[key] = (
                _made_in(names, key[:2], names.country.get(key[-1], ""))
                if key[-1] >= 0
                else _profile_text(space, names, key[:-1], int(right[pair]))
            )
        texts[pair] = sentences[key]
    _fill_signal_texts(
        space,
        names,
        left=left,
        right=right,
        chosen=np.flatnonzero(use_signal),
        strongest=strongest,
        kinds=kinds,
        texts=texts,
    )
    _vary(
        space,
        names,
        left=left,
        right=right,
        kinds=kinds,
        texts=texts,
        by_signal=by_signal,
    )
    return [KIND_CHOICE[kind].value for kind in kinds], texts


def _strongest_single(
    space: FeatureSpace, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """For each kind of signal (rows, as SIGNALS) and pair (columns), what the one
    shared thing that counts most contributes: a reason names one or two people, so
    five shared bit players must not outweigh the director or a lead they add up to."""
    contributions = pair_contributions(space, left, right)
    rows = []
    top_person: dict[str, np.ndarray] = {}
    for kind in SIGNALS:
        shared = space.signals[kind][left].multiply(space.signals[kind][right]).tocsr()
        columns, values = _ranked_columns(shared, 1)
        top_person[kind] = _keys_at(space.signal_keys[kind], columns[:, 0])
        total = np.asarray(shared.sum(axis=1)).ravel()
        # The genre gate, as the score applies it to the whole signal.
        gate = np.divide(
            contributions[kind], total, out=np.zeros_like(total), where=total > 0
        )
        single = values[:, 0] * gate * REASON_PREFERENCE.get(kind, 1.0)
        if kind == "writer":  # Michael Mann wrote and directed: "Also directed by"
            single[top_person[kind] == top_person["director"]] = 0.0
        rows.append(single)
    return np.vstack(rows)


def _fill_signal_texts(
    space: FeatureSpace,
    names: _Names,
    *,
    left: np.ndarray,
    right: np.ndarray,
    chosen: np.ndarray,
    strongest: np.ndarray,
    kinds: list[str],
    texts: list[str],
) -> None:
    """Write the kind and sentence of the pairs `chosen` (indices) from the signal
    `strongest[pair]` (an index into SIGNALS) they share."""
    for position, kind in enumerate(SIGNALS):
        pairs = chosen[strongest[chosen] == position]
        if not len(pairs):
            continue
        shared = (
            space.signals[kind][left[pairs]]
            .multiply(space.signals[kind][right[pairs]])
            .tocsr()
        )
        columns, values = _ranked_columns(shared, 2)
        # Name a second person only if they count for half as much as the first.
        second = (columns[:, 1] >= 0) & (
            values[:, 1] >= np.maximum(values[:, 0] / 2, SIGNAL_FLOOR)
        )
        if kind == "cast":  # "X and Y again" only when both lead both films
            for column in (columns[:, 0], columns[:, 1]):
                second &= _leads(space, right[pairs], column) & _leads(
                    space, left[pairs], column
                )
        columns[~second, 1] = -1
        for pair, text in zip(
            pairs,
            _signal_texts(space, names, kind, columns, right[pairs]),
            strict=True,
        ):
            kinds[pair] = kind
            texts[pair] = text


def _vary(
    space: FeatureSpace,
    names: _Names,
    *,
    left: np.ndarray,
    right: np.ndarray,
    kinds: list[str],
    texts: list[str],
    by_signal: np.ndarray,
) -> None:
    """Give a pair whose sentence already stands higher in the same list (pairs of
    one film come in rank order) another true sentence when there is one. A pair
    named for a person or a collection says what else the film is, or else names the
    next signal it shares that counts; a pair named for its genres and era takes any person,
    collection or link the films share even if it counts for little, then a shared
    country, the other genres they share, the exact year, one genre alone. Twelve
    "A thriller from the 2010s" tell a reader nothing after the first."""
    repeated = _repeated(left, texts)
    if not len(repeated):
        return
    used: dict[int, set[str]] = defaultdict(set)
    for film, text in zip(left.tolist(), texts, strict=True):
        used[film].add(text)
    profile = _is_profile(kinds, repeated)
    order = np.argsort(-by_signal, axis=0)
    strength = np.take_along_axis(by_signal, order, axis=0)
    # Profile pairs: their strongest signal, however weak. Signal pairs: the next
    # one, if it counts for SIGNAL_FLOOR.
    other = np.where(profile, order[0, repeated], order[1, repeated])
    counts = np.where(
        profile, strength[0, repeated] > 0, strength[1, repeated] >= SIGNAL_FLOOR
    )
    strongest = np.full(len(left), -1, dtype=np.int64)
    strongest[repeated] = np.where(counts, other, -1)
    alternative_kinds, alternative_texts = list(kinds), list(texts)
    _fill_signal_texts(
        space,
        names,
        left=left,
        right=right,
        chosen=repeated[counts],
        strongest=strongest,
        kinds=alternative_kinds,
        texts=alternative_texts,
    )
    variants = _ProfileVariants(space, left[repeated], right[repeated])
    names.countries(variants.country_keys())
    sentence = _Sentences(names)
    for index, pair in enumerate(repeated.tolist()):
        seen = used[int(left[pair])]
        for kind, text in _options(
            profile=bool(profile[index]),
            kind=kinds[pair],
            text=texts[pair],
            alternative=(alternative_kinds[pair], alternative_texts[pair]),
            variants=variants(index),
            sentence=sentence,
        ):
            if text and text not in seen:
                kinds[pair], texts[pair] = kind, text
                seen.add(text)
                break


def _options(
    *,
    profile: bool,
    kind: str,
    text: str,
    alternative: tuple[str, str],
    variants: Iterator[tuple[tuple, bool]],
    sentence: _Sentences,
) -> Iterator[tuple[str, str]]:
    """The other sentences a repeated pair may take, best first, made only when
    asked for (most pairs take the first)."""
    if profile:
        yield alternative
        for key, _names_a_kind in variants:
            yield PROFILE, sentence(key)
        return
    # "Also directed by Michael Mann, in a crime thriller from the 1980s"
    for key, names_a_kind in variants:
        if names_a_kind:
            yield kind, sentence.within(text, key)
    yield alternative


class _Sentences:
    """Profile sentences by key, each written once: building them calls gettext,
    and a rebuild asks for the same few thousand sentences a hundred thousand times."""

    def __init__(self, names: _Names) -> None:
        self.names = names
        self.cache: dict[tuple, str] = {}
        self.template = _("%(reason)s, in %(description)s")

    def __call__(self, key: tuple) -> str:
        if key not in self.cache:
            if key[0] == "country":
                _marker, first, second, country = key
                self.cache[key] = _made_in(
                    self.names, (first, second), self.names.country.get(country, "")
                )
            else:
                self.cache[key] = _key_sentence(self.names, key)
        return self.cache[key]

    def within(self, reason: str, key: tuple) -> str:
        description = self(key)
        return self.template % {
            "reason": reason,
            "description": description[:1].lower() + description[1:],
        }


def _repeated(left: np.ndarray, texts: list[str]) -> np.ndarray:
    """Indices of the pairs whose sentence an earlier pair of the same film has."""
    seen: set[tuple[int, str]] = set()
    repeated = []
    for pair, key in enumerate(zip(left.tolist(), texts, strict=True)):
        if key in seen:
            repeated.append(pair)
        seen.add(key)
    return np.array(repeated, dtype=np.int64)


def _is_profile(kinds: list[str], pairs: np.ndarray) -> np.ndarray:
    return np.array([kinds[pair] == PROFILE for pair in pairs.tolist()], dtype=bool)


class _ProfileVariants:
    """The keys of true sentences about what each pair shares besides people, from
    the most telling to the least (the usual one first), each with whether it names
    a kind of film ("a crime thriller…", not "Also from the 1990s"). Keys are made
    one at a time: most pairs take the first that is not used yet."""

    def __init__(self, space: FeatureSpace, left: np.ndarray, right: np.ndarray):
        parts = _profile_parts(space, left, right, genre_count=3)
        self.countries = _shared_rare(
            space.countries, space.country_share, space.country_keys, left, right
        ).tolist()
        self.years = space.data.years[right].tolist()
        self.genres, self.eras = parts.genres.tolist(), parts.era.tolist()
        self.decades, self.languages = parts.decade.tolist(), parts.language.tolist()

    def country_keys(self) -> list[int]:
        return [country for country in self.countries if country >= 0]

    def __call__(self, pair: int) -> Iterator[tuple[tuple, bool]]:
        first, second, third = self.genres[pair]
        era, decade, language = (
            self.eras[pair],
            self.decades[pair],
            self.languages[pair],
        )
        yield (first, second, language, era, decade), first >= 0
        if self.countries[pair] >= 0:
            yield ("country", first, second, self.countries[pair]), True
        if third >= 0:
            yield (first, third, language, era, decade), True
        if era in (ERA_DECADE, ERA_CLOSE) and self.years[pair] > 0:
            yield (first, second, language, ERA_YEAR, self.years[pair]), first >= 0
        for genre in (first, second):
            yield (genre, -1, language, era, decade), genre >= 0
        if era != ERA_NONE and first >= 0:
            yield (first, second, language, ERA_NONE, 0), True


def _shared_rare(
    matrix: csr_matrix | None,
    share: np.ndarray | None,
    keys: np.ndarray | None,
    left: np.ndarray,
    right: np.ndarray,
) -> np.ndarray:
    """The key of the least common thing (a country) each pair shares, if fewer
    than RARE_LANGUAGE_SHARE of the catalogue has it; -1 otherwise."""
    if matrix is None or share is None or keys is None or not matrix.shape[1]:
        return np.full(len(left), -1, dtype=np.int64)
    shared = matrix[left].multiply(matrix[right]).tocsr()
    shared.data = np.where(
        share[shared.indices] < RARE_LANGUAGE_SHARE, 1.0 - share[shared.indices], 0.0
    )
    shared.eliminate_zeros()
    columns, _values = _ranked_columns(shared, 1)
    return _keys_at(keys, columns[:, 0])


def _key_sentence(names: _Names, key: tuple[int, ...]) -> str:
    first, second, language, era, decade = key
    genres = [
        names.genre.get(genre, ("", "")) for genre in (first, second) if genre >= 0
    ]
    return _profile_sentence(
        genre_slugs=[slug for _name, slug in genres],
        genre_names=[name for name, _slug in genres],
        era=era,
        decade=decade,
        language=names.language.get(language, "") if language >= 0 else "",
    )


def _made_in(names: _Names, genres: tuple[int, ...], country: str) -> str:
    slugs_names = [names.genre.get(genre, ("", "")) for genre in genres if genre >= 0]
    kind = _genre_phrase(
        [slug for _name, slug in slugs_names], [name for name, _slug in slugs_names]
    ) or _("film")
    return _("%(article)s %(kind)s made in %(country)s") % {
        "article": _article(kind),
        "kind": kind,
        "country": _with_article(country),
    }


# Country names read with "the": "made in the United Kingdom".
COUNTRIES_WITH_THE = ("United ", "Czech Republic", "Netherlands", "Philippines")


def _with_article(country: str) -> str:
    if country.startswith(COUNTRIES_WITH_THE) or country.endswith(" Republic"):
        return _("the %(country)s") % {"country": country}
    return country


def _ranked_columns(matrix: csr_matrix, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The `count` largest entries of each row, as (columns, values) arrays of shape
    (rows, count); -1 and 0 where a row has fewer."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    kept = rank < count
    chosen = order[kept]
    columns = np.full((matrix.shape[0], count), -1, dtype=np.int64)
    values = np.zeros((matrix.shape[0], count))
    columns[rows[chosen], rank[kept]] = matrix.indices[chosen]
    values[rows[chosen], rank[kept]] = matrix.data[chosen]
    return columns, values


def _keys_at(keys: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """keys[columns], with -1 where the column is -1 (nothing there)."""
    if not len(keys):
        return np.full(columns.shape, -1, dtype=np.int64)
    return np.where(columns >= 0, keys[np.maximum(columns, 0)], -1)


def _signal_texts(
    space: FeatureSpace,
    names: _Names,
    kind: str,
    columns: np.ndarray,
    candidates: np.ndarray,
) -> list[str]:
    if kind == "relation":
        return [
            _relation_text(space, int(column), int(candidate))
            for column, candidate in zip(columns[:, 0], candidates, strict=True)
        ]
    keys = space.signal_keys[kind]
    firsts = keys[columns[:, 0]]
    seconds = _keys_at(keys, columns[:, 1])
    if kind == "collection":
        names.collections(firsts.tolist())
        template = _("In the collection %(name)s")
        return [template % {"name": names.collection.get(key, "")} for key in firsts]
    names.people(firsts.tolist() + seconds[seconds >= 0].tolist())
    people = [
        [names.person.get(int(first), "")]
        + ([names.person.get(int(second), "")] if second >= 0 else [])
        for first, second in zip(firsts, seconds, strict=True)
    ]
    if kind in ("director", "writer"):
        template = (
            _("Also directed by %(names)s")
            if kind == "director"
            else _("Also written by %(names)s")
        )
        return [template % {"names": _and(named)} for named in people]
    leads = _leads(space, candidates, columns[:, 0])
    again, starring, also_with = (
        _("%(first)s and %(second)s again"),
        _("Also starring %(name)s"),
        _("Also with %(name)s"),
    )
    return [
        again % {"first": named[0], "second": named[1]}
        if len(named) > 1
        else (starring if lead else also_with) % {"name": named[0]}
        for named, lead in zip(people, leads, strict=True)
    ]


def _leads(space: FeatureSpace, films: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Whether the person of each cast column is billed among the first
    LEAD_BILLING + 1 names of the film (False where the column is -1)."""
    known = np.maximum(columns, 0)
    billing = np.asarray(space.signals["cast"][films, known]).ravel()
    lowest_lead = 1.0 / (1.0 + LEAD_BILLING / space.weights.billing_scale)
    return (columns >= 0) & (billing >= space.cast_scale[known] * lowest_lead - 1e-9)


def _relation_text(space: FeatureSpace, relation: int, candidate: int) -> str:
    source, _target, code = (int(v) for v in space.data.relations[relation])
    if source == candidate:  # the candidate is a sequel/remake… of this film
        return {
            SEQUEL: _("The sequel"),
            REMAKE: _("A remake of this film"),
            BASED_ON: _("Based on this film"),
        }[code]
    return {
        SEQUEL: _("The film this one follows"),
        REMAKE: _("The film this one remakes"),
        BASED_ON: _("The film this one is based on"),
    }[code]


@dataclass
class _ProfileParts:
    """What each pair shares besides signals: up to two genres (ids, the most
    specific first), a rarely spoken language, and how close their years are."""

    genres: np.ndarray  # (pairs, 2) genre ids, -1 for none
    language: np.ndarray  # language id, -1 for none
    era: np.ndarray  # an ERA_* code
    decade: np.ndarray

    @property
    def says_something(self) -> np.ndarray:
        return (self.genres[:, 0] >= 0) | (self.language >= 0) | (self.era != ERA_NONE)

    def key(self, pair: int) -> tuple[int, ...]:
        return (
            int(self.genres[pair, 0]),
            int(self.genres[pair, 1]),
            int(self.language[pair]),
            int(self.era[pair]),
            int(self.decade[pair]),
        )


def _profile_parts(
    space: FeatureSpace, left: np.ndarray, right: np.ndarray, genre_count: int = 2
) -> _ProfileParts:
    genres = space.genres
    shared = genres[left].multiply(genres[right]).tocsr()
    # The two most specific genres the films share: "crime" and "thriller" rather
    # than "drama".
    shared.data = shared.data * space.genre_idf[shared.indices]
    genre_columns, _values = _ranked_columns(shared, genre_count)
    genre_ids = _keys_at(space.genre_keys, genre_columns)
    languages = space.languages
    shared = languages[left].multiply(languages[right]).tocsr()
    share = space.language_share[shared.indices]
    shared.data = np.where(share < RARE_LANGUAGE_SHARE, 1.0 - share, 0.0)
    shared.eliminate_zeros()
    language_columns, _values = _ranked_columns(shared, 1)
    language_ids = _keys_at(space.language_keys, language_columns[:, 0])
    film_years = space.data.years[left].astype(np.int64)
    candidate_years = space.data.years[right].astype(np.int64)
    known = (film_years > 0) & (candidate_years > 0)
    same_decade = known & (film_years // 10 == candidate_years // 10)
    era = np.full(len(left), ERA_NONE)
    era[known & (np.abs(film_years - candidate_years) <= ERA_CLOSE_YEARS)] = ERA_CLOSE
    era[same_decade] = ERA_DECADE
    era[known & (film_years == candidate_years)] = ERA_SAME_YEAR
    return _ProfileParts(
        genres=genre_ids,
        language=language_ids,
        era=era,
        decade=np.where(same_decade, film_years // 10 * 10, 0),
    )


def _read_missing_names(
    names: dict[int, str], model: type[models.Model], keys: Iterable[int]
) -> None:
    """Add to `names` the names of the rows of `model` it lacks, a batch at a time."""
    missing = sorted(set(keys) - names.keys())
    for start in range(0, len(missing), IN_BATCH):
        batch = missing[start : start + IN_BATCH]
        names.update(
            model._default_manager.filter(id__in=batch).values_list("id", "name")
        )


class _Names:
    """Names of the people, genres, languages and collections the reasons mention."""

    def __init__(self, space: FeatureSpace) -> None:
        self.space = space
        self.person: dict[int, str] = {}
        self.collection: dict[int, str] = {}
        self.genre = {
            pk: (name, slug)
            for pk, name, slug in Genre.objects.values_list("id", "name", "slug")
        }
        self.language = dict(Language.objects.values_list("id", "name"))
        self.country: dict[int, str] = {}

    def countries(self, keys: Iterable[int]) -> None:
        _read_missing_names(self.country, Country, keys)

    def people(self, keys: Iterable[int]) -> None:
        _read_missing_names(self.person, Person, keys)

    def collections(self, keys: Iterable[int]) -> None:
        missing = sorted(set(keys) - self.collection.keys())
        if not missing or not apps.is_installed("cinematheque.editorial"):
            return
        collection = apps.get_model("editorial", "Collection")
        for pk, title, live in collection.objects.filter(id__in=missing).values_list(
            "id", "title", "live_content"
        ):
            # Visitors see the published title; the working one may be a draft.
            self.collection[pk] = (live or {}).get("title") or title


def _profile_text(
    space: FeatureSpace, names: _Names, key: tuple[int, ...], candidate: int
) -> str:
    sentence = _key_sentence(names, key)
    if sentence:
        return sentence
    # The films share nothing but a place among the catalogue's notable films.
    if space.popularity[candidate] >= NOTABLE_POPULARITY:
        return _("A notable film")
    return _("Another film from the catalogue")


def _profile_sentence(
    *,
    genre_slugs: list[str],
    genre_names: list[str],
    era: int,
    decade: int,
    language: str,
) -> str:
    """'A crime thriller from the same year', 'A French-language drama from the
    1960s', 'Another western'; "" when the films share no genre, language or era."""
    era_text = {
        ERA_SAME_YEAR: _("from the same year"),
        ERA_DECADE: _("from the %(decade)ss") % {"decade": decade},
        ERA_CLOSE: _("from around the same time"),
        ERA_NONE: "",
        ERA_YEAR: _("from %(year)s") % {"year": decade},  # decade holds the year
    }[era]
    kind = _genre_phrase(genre_slugs, genre_names)
    if not kind:
        if language:
            kind = _("%(language)s-language film") % {"language": language}
            language = ""
        elif era_text:
            return _("Also %(era)s") % {"era": era_text}
        else:
            return ""
    if language:
        kind = _("%(language)s-language %(kind)s") % {
            "language": language,
            "kind": kind,
        }
    if era_text:
        return _("%(article)s %(kind)s %(era)s") % {
            "article": _article(kind),
            "kind": kind,
            "era": era_text,
        }
    return _("Another %(kind)s") % {"kind": kind}


def _genre_phrase(slugs: list[str], names: list[str]) -> str:
    words = [
        GENRE_WORDS.get(slug, GenreWords(name.lower(), f"{name.lower()} film", 1))
        for slug, name in zip(slugs, names, strict=True)
    ]
    if not words:
        return ""
    if len(words) == 1:
        return words[0].noun
    special = SPECIAL_PAIRS.get(frozenset(slugs))
    if special:
        return special
    head, other = sorted(words, key=lambda w: -w.headness)
    return f"{other.modifier} {head.noun}"


def _article(phrase: str) -> str:
    return _("An") if phrase[:1].lower() in "aeiou" else _("A")


def _and(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s") % {
        "first": ", ".join(items[:-1]),
        "last": items[-1],
    }
