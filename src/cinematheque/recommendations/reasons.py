"""The sentence shown beside each suggestion, drawn from what the two films share.

The reason is the evidence that contributes most to the pair's score: a sequel link,
the director, a collection, the cast, a writer, or else the profile (genres, era,
language), e.g. "Also directed by Michael Mann", "Robert De Niro and Al Pacino again",
"A crime thriller from the same year".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.apps import apps
from django.utils.translation import gettext as _

from cinematheque.catalogue.models import Genre, Language
from cinematheque.people.models import Person
from cinematheque.recommendations.data import RELATION_CODES
from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.similarity import (
    PROFILE,
    SIGNALS,
    FeatureSpace,
    _top_per_row,
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
SIGNAL_FLOOR = 1.0  # about a supporting player shared by two films
NOTABLE_POPULARITY = 0.5
LEAD_BILLING = 3  # billing orders 0 to 3 are the leads
RARE_LANGUAGE_SHARE = 0.2  # a language shared by fewer films is worth naming
ERA_CLOSE_YEARS = 3


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

    A shared person, collection or sequel link is named whenever it counts for more
    than a shared bit player would (SIGNAL_FLOOR), even if genres and era weigh more
    in the score: it is the more telling reason.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    if not len(left):
        return [], []
    contributions = pair_contributions(space, left, right)
    by_signal = np.vstack([contributions[kind] for kind in SIGNALS])
    strongest = np.argmax(by_signal, axis=0)
    strength = by_signal.max(axis=0)
    kinds = [PROFILE] * len(left)
    texts = [""] * len(left)
    names = _Names(space)
    use_signal = strength >= SIGNAL_FLOOR
    for pair in np.flatnonzero(~use_signal):
        texts[pair] = _profile_reason(space, names, int(left[pair]), int(right[pair]))
        if not texts[pair]:
            if strength[pair] > 0:
                use_signal[pair] = True
            else:
                texts[pair] = (
                    _("A notable film")
                    if space.popularity[right[pair]] >= NOTABLE_POPULARITY
                    else _("Another film from the catalogue")
                )
    for position, kind in enumerate(SIGNALS):
        pairs = np.flatnonzero(use_signal & (strongest == position))
        if not len(pairs):
            continue
        shared = _top_per_row(
            space.signals[kind][left[pairs]]
            .multiply(space.signals[kind][right[pairs]])
            .tocsr(),
            2,
        )
        per_pair = [_telling(space, kind, shared, row) for row in range(len(pairs))]
        if kind in ("director", "writer", "cast"):
            names.people(key for shared_keys in per_pair for key in shared_keys)
        if kind == "collection":
            names.collections(key for shared_keys in per_pair for key in shared_keys)
        for pair, shared_keys in zip(pairs, per_pair, strict=True):
            kinds[pair] = kind
            texts[pair] = _signal_reason(
                space,
                names,
                kind=kind,
                keys=shared_keys,
                film=int(left[pair]),
                candidate=int(right[pair]),
            )
    return [KIND_CHOICE[kind].value for kind in kinds], texts


def _telling(space: FeatureSpace, kind: str, shared, row: int) -> list[int]:
    """Keys (person ids…) of the one or two shared things worth naming, strongest
    first: the second only if it counts for a third of the first."""
    start, end = shared.indptr[row], shared.indptr[row + 1]
    columns, values = shared.indices[start:end], shared.data[start:end]
    order = np.lexsort((columns, -values))
    columns, values = columns[order], values[order]
    named = [columns[0]] + [
        column
        for column, value in zip(columns[1:2], values[1:2], strict=True)
        if value >= max(values[0] / 3, SIGNAL_FLOOR)
    ]
    return [int(space.signal_keys[kind][column]) for column in named]


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

    def people(self, keys: Iterable[int]) -> None:
        missing = sorted(set(keys) - self.person.keys())
        for start in range(0, len(missing), IN_BATCH):
            self.person.update(
                Person.objects.filter(
                    id__in=missing[start : start + IN_BATCH]
                ).values_list("id", "name")
            )

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


def _signal_reason(
    space: FeatureSpace,
    names: _Names,
    *,
    kind: str,
    keys: list[int],
    film: int,
    candidate: int,
) -> str:
    if kind == "relation":
        return _relation_reason(space, keys[0], film, candidate)
    if kind == "collection":
        return _("In the collection %(name)s") % {
            "name": names.collection.get(keys[0], "")
        }
    people = [names.person.get(key, "") for key in keys]
    if kind == "director":
        return _("Also directed by %(names)s") % {"names": _and(people)}
    if kind == "writer":
        return _("Also written by %(names)s") % {"names": _and(people)}
    return _cast_reason(space, people, keys, candidate)


def _cast_reason(
    space: FeatureSpace, people: list[str], keys: list[int], candidate: int
) -> str:
    if len(people) > 1:
        return _("%(first)s and %(second)s again") % {
            "first": people[0],
            "second": people[1],
        }
    if _is_lead(space, candidate, keys[0]):
        return _("Also starring %(name)s") % {"name": people[0]}
    return _("Also with %(name)s") % {"name": people[0]}


def _is_lead(space: FeatureSpace, film: int, person: int) -> bool:
    """Whether `person` is among the first LEAD_BILLING names of `film`'s cast."""
    keys = space.signal_keys["cast"]
    column = int(np.searchsorted(keys, person))
    value = space.signals["cast"][film, column]
    lowest_lead = 1.0 / (1.0 + LEAD_BILLING / space.weights.billing_scale)
    return bool(value >= space.cast_scale[column] * lowest_lead - 1e-9)


def _relation_reason(
    space: FeatureSpace, relation: int, film: int, candidate: int
) -> str:
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


def _profile_reason(
    space: FeatureSpace, names: _Names, film: int, candidate: int
) -> str:
    genres = space.genres
    shared = np.intersect1d(
        genres.indices[genres.indptr[film] : genres.indptr[film + 1]],
        genres.indices[genres.indptr[candidate] : genres.indptr[candidate + 1]],
    )
    # The two most specific genres the films share: "crime" and "thriller" rather
    # than "drama".
    shared = shared[np.argsort(-space.genre_idf[shared], kind="stable")][:2]
    genres_named = [
        names.genre.get(int(space.genre_keys[column]), ("", "")) for column in shared
    ]
    return _profile_sentence(
        genre_slugs=[slug for _name, slug in genres_named],
        genre_names=[name for name, _slug in genres_named],
        film_year=int(space.data.years[film]),
        candidate_year=int(space.data.years[candidate]),
        language=_rare_shared_language(space, names, film, candidate),
    )


def _rare_shared_language(
    space: FeatureSpace, names: _Names, film: int, candidate: int
) -> str:
    languages = space.languages
    shared = np.intersect1d(
        languages.indices[languages.indptr[film] : languages.indptr[film + 1]],
        languages.indices[
            languages.indptr[candidate] : languages.indptr[candidate + 1]
        ],
    )
    rare = [c for c in shared if space.language_share[c] < RARE_LANGUAGE_SHARE]
    if not rare:
        return ""
    column = min(rare, key=lambda c: space.language_share[c])
    return names.language.get(int(space.language_keys[column]), "")


def _profile_sentence(
    *,
    genre_slugs: list[str],
    genre_names: list[str],
    film_year: int,
    candidate_year: int,
    language: str,
) -> str:
    """'A crime thriller from the same year', 'A French-language drama from the
    1960s', 'Another western'; "" when the films share no genre, language or era."""
    era = ""
    if film_year and candidate_year:
        if film_year == candidate_year:
            era = _("from the same year")
        elif film_year // 10 == candidate_year // 10:
            era = _("from the %(decade)ss") % {"decade": film_year // 10 * 10}
        elif abs(film_year - candidate_year) <= ERA_CLOSE_YEARS:
            era = _("from the same years")
    kind = _genre_phrase(genre_slugs, genre_names)
    if not kind:
        if language:
            kind = _("%(language)s-language film") % {"language": language}
            language = ""
        elif era:
            return _("Also %(era)s") % {"era": era}
        else:
            return ""
    if language:
        kind = _("%(language)s-language %(kind)s") % {
            "language": language,
            "kind": kind,
        }
    if era:
        return _("%(article)s %(kind)s %(era)s") % {
            "article": _article(kind),
            "kind": kind,
            "era": era,
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
